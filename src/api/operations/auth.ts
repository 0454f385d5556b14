import { z } from "zod";
import { PERMISSIONS, type Permission } from "../../auth/roles";
import { USER_ROLES } from "../../core/statuses";
import { ok, resource } from "./shared";

export const signInBody = z.object({
  email: z.string().trim().min(1, "is empty").max(320),
  password: z.string().min(1, "is empty").max(200),
});

/** The signed-in user, the user's site, and what the user's role may do. */
export const meSchema = z.object({
  user: z.object({
    id: z.number(),
    email: z.string(),
    name: z.string(),
    role: z.enum(USER_ROLES),
  }),
  site: z.object({ id: z.number(), name: z.string(), slug: z.string() }),
  permissions: z.array(
    z.enum(Object.keys(PERMISSIONS) as [Permission, ...Permission[]]),
  ),
});

const U = "/api/v1/auth";

/** The app's sessions: the token travels only in an HttpOnly cookie, never in a body. */
export const authOperations = resource(
  { tag: "auth", auth: false },
  {
    signIn: {
      method: "POST",
      path: `${U}/sign-in`,
      summary:
        "Sign in to the app with e-mail and password; sets the session cookie",
      body: signInBody,
      responses: {
        200: ok(meSchema, "Signed in"),
        429: { description: "Too many attempts; see retry-after" },
        503: { description: "Too many sign-ins at once; see retry-after" },
      },
    },
    signOut: {
      method: "POST",
      path: `${U}/sign-out`,
      summary: "End the session of the cookie and clear it",
      responses: { 204: { description: "Signed out" } },
    },
    me: {
      method: "GET",
      path: `${U}/me`,
      summary: "Who the session cookie belongs to (401 without a live session)",
      responses: { 200: ok(meSchema) },
    },
  },
);
