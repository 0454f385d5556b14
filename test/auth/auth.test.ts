import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/db";
import { can } from "../../src/auth/roles";
import {
  signIn,
  SignInError,
  signOut,
  userForSession,
} from "../../src/auth/sessions";
import { createUser, DuplicateUserError } from "../../src/auth/users";
import { createTestDatabase } from "../helpers/database";

describe("team accounts", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let siteId = 0;
  beforeAll(async () => {
    database = await createTestDatabase();
    const [site] = await database.db
      .insert(schema.sites)
      .values({ name: "Demo", slug: "demo" })
      .returning();
    siteId = site.id;
  });
  afterAll(() => database?.drop());

  it("stores only a hash, signs in with the right password and keeps the session in Postgres", async () => {
    const { db } = database;
    const user = await createUser(db, {
      siteId,
      email: " Ada@Example.com ",
      name: "Ada",
      role: "marketer",
      password: "correct horse battery",
    });
    expect(user.email).toBe("ada@example.com");
    expect(user.passwordHash).not.toContain("correct");
    await expect(
      signIn(db, "ada@example.com", "wrong password!"),
    ).rejects.toBeInstanceOf(SignInError);
    await expect(
      signIn(db, "nobody@example.com", "correct horse battery"),
    ).rejects.toBeInstanceOf(SignInError);

    const { token } = await signIn(
      db,
      "ADA@example.com",
      "correct horse battery",
    );
    expect((await userForSession(db, token))?.id).toBe(user.id);
    expect(await userForSession(db, token + "x")).toBeNull();
    const rows = await db.select().from(schema.sessions);
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).not.toBe(token);
    await signOut(db, token);
    expect(await userForSession(db, token)).toBeNull();
  });

  it("names the bad field and refuses a second account with the same email", async () => {
    const { db } = database;
    await expect(
      createUser(db, {
        siteId,
        email: "x@example.com",
        name: "X",
        role: "designer",
        password: "short",
      }),
    ).rejects.toThrow(/password must be at least 10 characters/);
    await expect(
      createUser(db, {
        siteId,
        email: "not-an-email",
        name: "X",
        role: "designer",
        password: "long enough pw",
      }),
    ).rejects.toThrow(/email/);
    await expect(
      createUser(db, {
        siteId,
        email: "ada@example.com",
        name: "Ada 2",
        role: "admin",
        password: "long enough pw",
      }),
    ).rejects.toBeInstanceOf(DuplicateUserError);
  });

  it("lets a designer shape visuals and render, but not approve or publish", () => {
    expect(can("designer", "visuals.write")).toBe(true);
    expect(can("designer", "renders.create")).toBe(true);
    expect(can("designer", "publish")).toBe(false);
    expect(can("designer", "renders.review")).toBe(false);
    expect(can("marketer", "publish")).toBe(true);
    expect(can("marketer", "users.manage")).toBe(false);
    expect(can("admin", "users.manage")).toBe(true);
  });
});
