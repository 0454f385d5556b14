import { can, PERMISSIONS, type Permission } from "../auth/roles";
import {
  SESSION_COOKIE,
  SESSION_TTL_MS,
  signIn,
  SignInError,
  signOut,
} from "../auth/sessions";
import { clientAddress, SignInThrottledError } from "../auth/throttle";
import type { Site, User } from "../db/schema";
import { services } from "../services/context";
import { cookieOf, sessionCaller } from "./auth";
import { ApiError, errorResponse } from "./http";
import { operations } from "./operations";
import { handle } from "./route";

/**
 * The review app's sign-in, sign-out and "who am I" (`/api/v1/auth/...`). The session token
 * travels only in an HttpOnly cookie; the answer carries the user, the site and what the user's
 * role may do, so the pages can hide what the API would refuse.
 */

const secure = (request: Request) =>
  new URL(request.url).protocol === "https:" ||
  request.headers.get("x-forwarded-proto") === "https";

function sessionCookie(request: Request, token: string, maxAgeSec: number) {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSec}`,
    ...(secure(request) ? ["Secure"] : []),
  ].join("; ");
}

export function meView(user: User, site: Site) {
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
    },
    site: { id: site.id, name: site.name, slug: site.slug },
    permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((p) =>
      can(user.role, p),
    ),
  };
}

export const postSignIn = handle(
  operations.signIn,
  async ({ request, body }) => {
    const { db } = (await services()).database;
    let session;
    try {
      session = await signIn(
        db,
        body.email,
        body.password,
        clientAddress(request),
      );
    } catch (error) {
      if (error instanceof SignInError)
        throw new ApiError(401, "invalid_credentials", error.message);
      if (error instanceof SignInThrottledError)
        return errorResponse(
          error.reason === "busy" ? 503 : 429,
          error.reason === "busy" ? "busy" : "too_many_attempts",
          error.message,
          undefined,
          { "retry-after": String(error.retryAfterSec) },
        );
      throw error;
    }
    const caller = await sessionCaller(
      new Request(request.url, {
        headers: { cookie: `${SESSION_COOKIE}=${session.token}` },
      }),
    );
    if (!caller) throw new ApiError(401, "unauthorized", "No such site");
    return Response.json(meView(caller.user!, caller.site), {
      headers: {
        "set-cookie": sessionCookie(
          request,
          session.token,
          Math.floor(SESSION_TTL_MS / 1000),
        ),
        "cache-control": "no-store",
      },
    });
  },
);

export const postSignOut = handle(operations.signOut, async ({ request }) => {
  const token = cookieOf(request, SESSION_COOKIE);
  if (token) await signOut((await services()).database.db, token);
  return new Response(null, {
    status: 204,
    headers: { "set-cookie": sessionCookie(request, "", 0) },
  });
});

export const getMe = handle(operations.me, async ({ request }) => {
  const caller = await sessionCaller(request);
  if (!caller) throw new ApiError(401, "unauthorized", "Not signed in");
  return Response.json(meView(caller.user!, caller.site), {
    headers: { "cache-control": "no-store" },
  });
});
