import { z } from "zod";
import type { Db } from "../db";
import { users, userRoleEnum, type User } from "../db/schema";
import { hashPassword, PASSWORD_MIN_LENGTH } from "./passwords";

export const newUserSchema = z.object({
  siteId: z.number().int().positive(),
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().min(1, "is empty").max(120),
  role: z.enum(userRoleEnum.enumValues),
  password: z
    .string()
    .min(
      PASSWORD_MIN_LENGTH,
      `must be at least ${PASSWORD_MIN_LENGTH} characters`,
    )
    .max(200),
});

export class DuplicateUserError extends Error {}

/** Adds a team member; the password is stored only as a hash. */
export async function createUser(
  db: Db,
  input: z.input<typeof newUserSchema>,
): Promise<User> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid user: ${issue.path.join(".")} ${issue.message}`);
  }
  const { password, ...rest } = parsed.data;
  try {
    const [user] = await db
      .insert(users)
      .values({ ...rest, passwordHash: await hashPassword(password) })
      .returning();
    return user;
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === "23505")
      throw new DuplicateUserError(
        `A user with the email ${rest.email} exists already`,
      );
    throw error;
  }
}
