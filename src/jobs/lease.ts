import { log } from "../log";
import type { JobContext } from "./context";

/**
 * A worker's hold on one row (a render, a post) while it works on it: a heartbeat written at least
 * every `heartbeatMs`. A write that finds the row no longer this worker's — cancelled, deleted, or
 * taken over after this worker went quiet — aborts `lost`, and the work stops. Subclasses claim the
 * row and say what a heartbeat writes.
 */
export abstract class Lease {
  private readonly lostController = new AbortController();
  readonly lost = this.lostController.signal;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  protected lastWrite = 0;

  protected constructor(
    protected readonly context: JobContext,
    /** What the log lines about this lease name (`{renderedVideoId: 3}`). */
    private readonly subject: Record<string, number>,
  ) {}

  start() {
    this.timer = setInterval(
      () => void this.heartbeat(),
      this.context.timing.heartbeatMs,
    );
    return this;
  }

  /** Ends the heartbeat and waits for a write under way. */
  async end() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writing;
  }

  /** Writes the heartbeat now. */
  protected abstract heartbeat(): Promise<void>;

  /**
   * Chains `touch` after the writes before it, so an older state never lands after a newer one.
   * `touch` returns false when the row is no longer this worker's.
   */
  protected write(touch: () => Promise<boolean>): Promise<void> {
    this.lastWrite = Date.now();
    this.writing = this.writing.then(async () => {
      if (this.lost.aborted) return;
      try {
        if (!(await touch())) {
          log.info(this.subject, "lease taken away");
          this.lostController.abort();
        }
      } catch (error) {
        // A missed heartbeat is harmless unless they keep failing: then the row goes stale.
        log.warn({ err: error, ...this.subject }, "heartbeat failed");
      }
    });
    return this.writing;
  }
}
