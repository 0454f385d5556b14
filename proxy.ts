import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER } from "@/src/auth/redirects";

/**
 * Tells the app's server layout which page was asked for, so a request without a live session is
 * sent to the sign-in page with that page as `next`. A client's own header of that name is
 * replaced.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(
    REQUEST_PATH_HEADER,
    request.nextUrl.pathname + request.nextUrl.search,
  );
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/|sign-in|favicon.ico).*)"],
};
