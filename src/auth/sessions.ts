import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../db";
import { sessions, users, type User } from "../db/schema";
import { verifyPassword } from "./passwords";
import {
  admitSignIn,
  hashGate,
  signInSucceeded,
  sweepThrottle,
} from "./throttle";

/** Sessions live in Postgres; the browser's cookie holds a random token, the table its hash. */

export const SESSION_COOKIE = "reelwright_session";
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export const hashToken = (token: string) =>
  createHash("sha256").update(token).digest("hex");

export class SignInError extends Error {
  constructor() {
    super("The email or password is not right");
  }
}

/**
 * Checks the credentials and opens a session; the same error for an unknown email or a bad
 * password. Throttled per email and per address `from` (src/auth/throttle.ts): a
 * `SignInThrottledError` says how long to wait.
 */
export async function signIn(
  db: Db,
  email: string,
  password: string,
  from = "unknown",
): Promise<{ token: string; user: User; expiresAt: Date }> {
  const normalized = email.trim().toLowerCase();
  await admitSignIn(db, normalized, from);
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalized));
  // Verify against a dummy hash for unknown emails too, so timing does not tell them apart.
  const ok = await hashGate.run(() =>
    verifyPassword(password, user?.passwordHash ?? DUMMY_HASH),
  );
  if (!user || !ok) {
    await sweepThrottle(db);
    throw new SignInError();
  }
  await signInSucceeded(db, normalized, from);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db
    .insert(sessions)
    .values({ tokenHash: hashToken(token), userId: user.id, expiresAt });
  await db
    .update(users)
    .set({ lastSignInAt: new Date() })
    .where(eq(users.id, user.id));
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  return { token, user, expiresAt };
}

/** The user of a live session, or null. */
export async function userForSession(
  db: Db,
  token: string | undefined,
): Promise<User | null> {
  if (!token) return null;
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, hashToken(token)),
        gt(sessions.expiresAt, new Date()),
      ),
    );
  return row?.user ?? null;
}

export async function signOut(db: Db, token: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

const DUMMY_HASH =
  "scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
