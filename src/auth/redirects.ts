/**
 * Where to go after signing in: only a path of this app (`/projects/3?tab=x`). Anything that a
 * browser could read as another origin (`//evil`, `/\evil`, `https://evil`, control characters)
 * gives the fallback. Pure: the sign-in page and the server both use it.
 */
export function safeNextPath(
  next: string | null | undefined,
  fallback = "/projects",
): string {
  if (
    !next ||
    next.length > 2048 ||
    !next.startsWith("/") ||
    next.startsWith("//") ||
    next.includes("\\") ||
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
    /[\u0000-\u001f\u007f]/.test(next)
  )
    return fallback;
  const base = "http://app.invalid";
  try {
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** The page a request asked for, set by proxy.ts for the server layout. */
export const REQUEST_PATH_HEADER = "x-reelwright-path";
