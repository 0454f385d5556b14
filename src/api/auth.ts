import { eq } from "drizzle-orm";
import { can } from "../auth/roles";
import { hashToken, SESSION_COOKIE, userForSession } from "../auth/sessions";
import { schema } from "../db";
import type { Site, User } from "../db/schema";
import { services } from "../services/context";
import type { Actor } from "../services/audit";
import { authenticate } from "../services/sites";
import { ApiError } from "./http";
import type { Operation } from "./operations";

/**
 * Who is calling: another system with the site's API key (`Authorization: Bearer <key>`, the
 * whole site's rights), or a team member signed in to the review app (the session cookie; the
 * user's site and the rights of the user's role, from `can()`).
 */
export type Caller = {
  site: Site;
  user: User | null;
  /** The API key's id, for a key. */
  keyId: number | null;
  /** The session token's hash, for a signed-in user. */
  sessionHash: string | null;
};

/** Who the audit log names for a caller: the user's email, or the API key. */
export const actorOf = (caller: Caller): Actor => ({
  userId: caller.user?.id ?? null,
  name: caller.user?.email ?? `api key ${caller.keyId}`,
});

/** The value of one cookie of the request. */
export function cookieOf(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        // A malformed value (a stray `%`) is no session at all: a 401, not a 500.
        return undefined;
      }
    }
  }
  return undefined;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * A cookie is sent by the browser whichever page asks; a changing request carried by the cookie
 * must come from this app's own pages (SameSite=Lax already stops most cross-site posts).
 */
function checkSameOrigin(request: Request) {
  if (!UNSAFE.has(request.method)) return;
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host =
    request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = "";
  }
  if (!host || originHost !== host)
    throw new ApiError(
      403,
      "forbidden",
      "Requests signed in with a session must come from this app",
    );
}

/** The signed-in user of the request's session cookie, with the user's site; null without one. */
export async function sessionCaller(request: Request): Promise<Caller | null> {
  return callerForSessionToken(cookieOf(request, SESSION_COOKIE));
}

/** The user and site of a live session token (a cookie's value), or null. */
export async function callerForSessionToken(
  token: string | undefined,
): Promise<Caller | null> {
  if (!token) return null;
  const { db } = (await services()).database;
  const user = await userForSession(db, token);
  if (!user) return null;
  const [site] = await db
    .select()
    .from(schema.sites)
    .where(eq(schema.sites.id, user.siteId));
  return site
    ? { site, user, keyId: null, sessionHash: hashToken(token) }
    : null;
}

/**
 * The caller of an operation, or a 401 (no or unknown credentials) / 403 (a user whose role lacks
 * the operation's permission, or a key on an operation keys may not call). An API key wins over a cookie when
 * both are sent.
 */
export async function authorize(
  request: Request,
  operation: Operation,
): Promise<Caller> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const found = match
      ? await authenticate((await services()).database.db, match[1])
      : null;
    if (!found)
      throw new ApiError(401, "unauthorized", "Unknown or revoked API key");
    if (operation.apiKeys === false)
      throw new ApiError(
        403,
        "forbidden",
        "An API key may not do this: sign in to the app as an admin",
      );
    return {
      site: found.site,
      user: null,
      keyId: found.keyId,
      sessionHash: null,
    };
  }
  const caller = await sessionCaller(request);
  if (!caller)
    throw new ApiError(
      401,
      "unauthorized",
      "Sign in, or send the site's API key as `Authorization: Bearer <key>`",
    );
  checkSameOrigin(request);
  const { permission } = operation;
  if (!permission)
    throw new Error(
      `${operation.method} ${operation.path} names no permission`,
    );
  if (!can(caller.user!.role, permission))
    throw new ApiError(
      403,
      "forbidden",
      `A ${caller.user!.role} may not do this (${permission})`,
    );
  return caller;
}
