import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector, fetch } from "undici";
import { z } from "zod";

/**
 * The one way the service fetches a URL that a user or an article supplied (article images, an
 * asset's `image_url`, a site's webhook). The address is checked where the connection is made, for
 * every connection and every redirect hop, so neither a DNS answer that changes between a check
 * and the fetch nor a redirect can reach loopback or a private network.
 */

/** A `host[:port]` an operator allows even though it resolves to a private address. */
export type AllowedHost = { host: string; port?: number };

const MAX_ALLOWED_HOSTS = 50;

/** `REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS`: comma-separated `host[:port]`, `[v6]:port` for IPv6. */
export const allowedHostsSchema = z
  .string()
  .max(4096)
  .default("")
  .transform((value, context) => {
    const hosts: AllowedHost[] = [];
    for (const entry of value.split(",").map((e) => e.trim())) {
      if (!entry) continue;
      const host = parseAllowedHost(entry);
      if (!host) {
        context.addIssue({
          code: "custom",
          message: `"${entry}" is not a host or host:port`,
        });
        return z.NEVER;
      }
      hosts.push(host);
    }
    if (hosts.length > MAX_ALLOWED_HOSTS) {
      context.addIssue({
        code: "custom",
        message: `at most ${MAX_ALLOWED_HOSTS} hosts`,
      });
      return z.NEVER;
    }
    return hosts;
  });

function parseAllowedHost(entry: string): AllowedHost | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]/?#@\s]+)(?::(\d{1,5}))?$/i.exec(
    entry,
  );
  if (!match) return null;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return null;
  try {
    // The same normalisation a URL's host gets (case, numeric IPv4 spellings, IPv6 form).
    return { host: bare(new URL(`http://${match[1]}/`).hostname), port };
  } catch {
    return null;
  }
}

const bare = (host: string) => host.replace(/^\[(.*)\]$/, "$1").toLowerCase();

const isAllowed = (allowed: AllowedHost[], host: string, port: number) =>
  allowed.some(
    (a) => a.host === bare(host) && (a.port === undefined || a.port === port),
  );

const RANGE_NAMES: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT address",
  private: "a private address",
  uniqueLocal: "a unique-local address",
  ipv4Mapped: "an IPv4-mapped IPv6 address",
  rfc6145: "an IPv4-translated IPv6 address",
  "6to4": "a 6to4 address",
  teredo: "a Teredo address",
};

/**
 * Why the service may not connect to `address`, or null when it is a public unicast address.
 * Everything but global unicast is refused; a NAT64 address (64:ff9b::/96) is judged by the IPv4
 * address it carries.
 */
export function addressRefusal(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return "not an IP address";
  }
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    const parts = v6.parts;
    if (parts.slice(0, 6).every((p) => p === 0) && v6.range() === "unicast")
      return "an IPv4-compatible IPv6 address";
    if (v6.range() === "rfc6052" && parts[2] === 0) {
      const embedded = ipaddr.fromByteArray(v6.toByteArray().slice(12));
      const inner = addressRefusal(embedded.toString());
      return inner && `a NAT64 address of ${inner}`;
    }
  }
  const range = parsed.range();
  if (range === "unicast") return null;
  return RANGE_NAMES[range] ?? `a reserved address (${range})`;
}

/** `localhost` and its subdomains (RFC 6761): loopback whatever DNS says. */
const LOOPBACK_NAME = /^(.+\.)?localhost\.?$/;

/**
 * Why the guard would refuse `url` for sure, judged from its text alone: not an http(s) URL,
 * credentials in it, or a host that is an address (in any spelling a URL allows: `2130706433`,
 * `0x7f.1`, `[::ffff:127.0.0.1]`) the guard refuses, or `localhost`. Null when only a connection
 * can tell (a name DNS resolves), or when the operator allowed the host. The API refuses such a
 * URL when it is given; the guard still checks every connection, so the two never disagree on what
 * this answers.
 */
export function urlRefusal(
  url: string,
  allowedHosts: AllowedHost[],
): string | null {
  let parsed: URL;
  try {
    parsed = parseHttpUrl(url);
  } catch (error) {
    return (error as Error).message;
  }
  const host = bare(parsed.hostname);
  const port = Number(parsed.port) || (parsed.protocol === "https:" ? 443 : 80);
  if (isAllowed(allowedHosts, host, port)) return null;
  if (isIP(host)) {
    const refusal = addressRefusal(host);
    return refusal && `refused: ${host} is ${refusal}`;
  }
  if (LOOPBACK_NAME.test(host))
    return `refused: ${host} is ${RANGE_NAMES.loopback}`;
  return null;
}

/** A fetch the guard refused or that failed; the message names the host and the rule. */
export class FetchRefused extends Error {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(message);
  }
}

/** Resolves a name and refuses it when any of its addresses is not public. */
const checkedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(
    hostname,
    { ...options, all: true },
    (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      for (const { address } of addresses) {
        const refusal = addressRefusal(address);
        if (refusal)
          return callback(
            new FetchRefused(
              hostname,
              `refused: ${hostname} resolves to ${address}, ${refusal}`,
            ),
            "",
            0,
          );
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    },
  );
};

/** An undici agent whose every connection is checked before it is made. */
function guardedAgent(allowed: AllowedHost[], connectTimeoutMs: number) {
  const checked = buildConnector({
    timeout: connectTimeoutMs,
    lookup: checkedLookup,
  });
  const plain = buildConnector({ timeout: connectTimeoutMs });
  const connect: buildConnector.connector = (options, callback) => {
    const port =
      Number(options.port) || (options.protocol === "https:" ? 443 : 80);
    if (isAllowed(allowed, options.hostname, port))
      return plain(options, callback);
    // A literal address is connected to without a lookup: check it here.
    if (isIP(options.hostname)) {
      const refusal = addressRefusal(options.hostname);
      if (refusal)
        return callback(
          new FetchRefused(
            options.hostname,
            `refused: ${options.hostname} is ${refusal}`,
          ),
          null,
        );
    }
    return checked(options, callback);
  };
  return new Agent({ connect });
}

export type GuardedFetchOptions = {
  /** Operator-allowed private hosts (`REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS`). */
  allowedHosts: AllowedHost[];
  /** For the whole exchange: every hop, the headers and the body. */
  timeoutMs: number;
  /** The body is read up to this many bytes; a longer one is refused. */
  maxBytes: number;
  /** False: the body is not read (a webhook's answer), only the status counts. */
  readBody?: boolean;
  /** Media types accepted, e.g. `image/*` or `application/json`; absent: any. */
  contentTypes?: string[];
  /** Redirects followed (GET only), each hop checked again; 0 makes a 3xx a failure. */
  maxRedirects?: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
};

export type GuardedResponse = {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  contentType: string;
  body: Buffer;
};

const DEFAULT_MAX_REDIRECTS = 3;

/**
 * Fetches `url` through the guard. Any refusal, network failure, timeout, status other than 2xx,
 * unaccepted content type or oversized body throws `FetchRefused`, whose message never carries
 * what the remote host answered.
 */
export async function guardedFetch(
  url: string,
  options: GuardedFetchOptions,
): Promise<GuardedResponse> {
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const signal = AbortSignal.timeout(options.timeoutMs);
  const agent = guardedAgent(options.allowedHosts, options.timeoutMs);
  let current = parseHttpUrl(url);
  try {
    for (let hop = 0; ; hop++) {
      const host = current.host;
      let response;
      try {
        response = await fetch(current, {
          method: options.method ?? "GET",
          headers: options.headers,
          body: options.body,
          redirect: "manual",
          signal,
          dispatcher: agent,
        });
      } catch (error) {
        throw failure(host, error, options.timeoutMs);
      }
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get("location");
        if (!location || maxRedirects === 0 || options.method === "POST")
          throw new FetchRefused(host, `${host} answered ${response.status}`);
        if (hop >= maxRedirects)
          throw new FetchRefused(
            host,
            `${host} redirected more than ${maxRedirects} times`,
          );
        current = parseHttpUrl(location, current);
        continue;
      }
      if (response.status < 200 || response.status >= 300) {
        await response.body?.cancel().catch(() => {});
        throw new FetchRefused(host, `${host} answered ${response.status}`);
      }
      const contentType = response.headers.get("content-type") ?? "";
      if (options.contentTypes && !accepts(options.contentTypes, contentType)) {
        await response.body?.cancel().catch(() => {});
        throw new FetchRefused(
          host,
          `${host} answered content-type ${mediaType(contentType) || "(none)"}, not ${options.contentTypes.join(" or ")}`,
        );
      }
      if (options.readBody === false) {
        await response.body?.cancel().catch(() => {});
        return {
          status: response.status,
          url: current.href,
          contentType,
          body: Buffer.alloc(0),
        };
      }
      const body = await readCapped(response, host, options);
      return { status: response.status, url: current.href, contentType, body };
    }
  } finally {
    agent.destroy().catch(() => {});
  }
}

function parseHttpUrl(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new FetchRefused(
      base?.host ?? "",
      base ? `${base.host} redirected to something not a URL` : "not a URL",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new FetchRefused(
      url.host || url.protocol,
      `refused: ${url.protocol} is not http or https`,
    );
  if (url.username || url.password)
    throw new FetchRefused(
      url.host,
      `refused: ${url.host} with credentials in the URL`,
    );
  return url;
}

const mediaType = (header: string) => header.split(";")[0].trim().toLowerCase();

function accepts(patterns: string[], header: string) {
  const type = mediaType(header);
  return patterns.some((pattern) =>
    pattern.endsWith("/*")
      ? type.startsWith(pattern.slice(0, -1))
      : type === pattern,
  );
}

async function readCapped(
  response: Awaited<ReturnType<typeof fetch>>,
  host: string,
  options: GuardedFetchOptions,
) {
  const tooLarge = () =>
    new FetchRefused(
      host,
      `${host} sent more than the ${sizeLimit(options.maxBytes)} limit`,
    );
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > options.maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for await (const chunk of response.body ?? []) {
      received += chunk.byteLength;
      if (received > options.maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FetchRefused) throw error;
    throw failure(host, error, options.timeoutMs);
  }
  return Buffer.concat(chunks);
}

const sizeLimit = (bytes: number) =>
  bytes >= 1e6 ? `${bytes / 1e6} MB` : `${bytes} byte`;

/** A failed exchange as a `FetchRefused`: the guard's own refusal, a timeout, or the network. */
function failure(host: string, error: unknown, timeoutMs: number) {
  for (let cause = error; cause instanceof Error; cause = cause.cause)
    if (cause instanceof FetchRefused) return cause;
  if ((error as Error).name === "TimeoutError")
    return new FetchRefused(
      host,
      `${host} gave no answer within ${timeoutMs / 1000} s`,
    );
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return new FetchRefused(
    host,
    `could not fetch from ${host}${code ? ` (${code})` : ""}`,
  );
}
