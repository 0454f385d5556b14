import { sql } from "drizzle-orm";
import type { Db } from "../db";
import { signInThrottle } from "../db/schema";

/**
 * Sign-in throttling. Attempts are counted in Postgres, so every app process sees the same
 * counts: more than `perEmail` attempts on one email (or `perIp` from one address) within
 * `windowMs` lock that email (or address) for `lockMs`. A successful sign-in clears its email's
 * count and gives its address back the attempt. Counting happens before the password is hashed,
 * so a flood against one email costs at most `perEmail` hashes per window.
 */
export const SIGN_IN_LIMITS = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  perEmail: 10,
  perIp: 30,
  /** Password hashes (scrypt, 128 MiB and ~0.1 s of a core each) computed at once per process. */
  hashConcurrency: 2,
  /** Sign-ins waiting for a hash slot; beyond this, 503 at once. */
  hashQueue: 16,
} as const;

export class SignInThrottledError extends Error {
  constructor(
    readonly reason: "email_locked" | "ip_limited" | "busy",
    readonly retryAfterSec: number,
  ) {
    super(
      reason === "busy"
        ? "Too many sign-ins at once: try again in a moment"
        : reason === "email_locked"
          ? "Too many sign-in attempts for this email: try again later"
          : "Too many sign-in attempts from this address: try again later",
    );
  }
}

const interval = (ms: number) => `${Math.round(ms / 1000)} seconds`;

/**
 * Counts one attempt for `subject` and throws while it is locked. The upsert locks the row, so
 * simultaneous attempts are counted one after the other.
 */
async function countAttempt(db: Db, subject: string, limit: number) {
  const window = interval(SIGN_IN_LIMITS.windowMs);
  const lock = interval(SIGN_IN_LIMITS.lockMs);
  const t = signInThrottle;
  const expired = sql`${t.windowStartedAt} <= now() - ${window}::interval`;
  const locked = sql`${t.lockedUntil} > now()`;
  const [row] = await db
    .insert(t)
    .values({ subject, attempts: 1, windowStartedAt: sql`now()` })
    .onConflictDoUpdate({
      target: t.subject,
      set: {
        attempts: sql`case when ${locked} then ${t.attempts} when ${expired} then 1 else ${t.attempts} + 1 end`,
        windowStartedAt: sql`case when ${locked} then ${t.windowStartedAt} when ${expired} then now() else ${t.windowStartedAt} end`,
        lockedUntil: sql`case when ${locked} then ${t.lockedUntil} when not ${expired} and ${t.attempts} + 1 > ${limit} then now() + ${lock}::interval else null end`,
      },
    })
    .returning({
      // At most the lock's length: a request that started a moment before the one that set the
      // lock sees a now() a little earlier.
      retryAfterSec: sql<number>`case when ${locked} then ceil(extract(epoch from least(${t.lockedUntil} - now(), ${lock}::interval))) else 0 end::int`,
    });
  return row.retryAfterSec > 0 ? row.retryAfterSec : 0;
}

/**
 * Counts the attempt against the email, then the address; throws when either is locked. An
 * attempt on a locked email costs the address nothing (no password is checked).
 */
export async function admitSignIn(db: Db, email: string, ip: string) {
  const emailWait = await countAttempt(
    db,
    `email:${email}`,
    SIGN_IN_LIMITS.perEmail,
  );
  if (emailWait) throw new SignInThrottledError("email_locked", emailWait);
  const ipWait = await countAttempt(db, `ip:${ip}`, SIGN_IN_LIMITS.perIp);
  if (ipWait) throw new SignInThrottledError("ip_limited", ipWait);
}

/** After a good password: the email starts afresh and the address gets its attempt back. */
export async function signInSucceeded(db: Db, email: string, ip: string) {
  await db.execute(
    sql`delete from ${signInThrottle} where subject = ${`email:${email}`}`,
  );
  await db.execute(
    sql`update ${signInThrottle} set attempts = greatest(attempts - 1, 0)
         where subject = ${`ip:${ip}`} and locked_until is null`,
  );
}

/** Forgets counts whose window and lock are long over. */
export async function sweepThrottle(db: Db) {
  const window = interval(SIGN_IN_LIMITS.windowMs);
  await db.execute(
    sql`delete from ${signInThrottle}
         where window_started_at < now() - ${window}::interval
           and (locked_until is null or locked_until < now())`,
  );
}

/**
 * At most `hashConcurrency` password hashes at once in this process: scrypt runs on libuv's
 * thread pool (4 threads), which file reads and DNS share, so a storm of sign-ins must not take
 * all of it. Callers beyond the queue are refused at once.
 */
class HashGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= SIGN_IN_LIMITS.hashConcurrency) {
      if (this.waiting.length >= SIGN_IN_LIMITS.hashQueue)
        throw new SignInThrottledError("busy", 2);
      // The slot is handed over by the finishing caller, so `running` stays counted.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

export const hashGate = new HashGate();

/**
 * The caller's address: the last `X-Forwarded-For` entry, which the nearest reverse proxy
 * appends (Next.js fills the header with the socket's address when no proxy sent one). Without
 * a proxy that appends, a client can name any address: the per-email lock and the hash gate
 * still hold.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for") ?? "";
  const last = forwarded.split(",").pop()?.trim() ?? "";
  return last.slice(0, 64) || "unknown";
}
