import type { HeadlessBrowser } from "@remotion/renderer";
import type { Config } from "../config";
import { log } from "../log";
import { ensureBundle, startBrowser } from "../pipeline/render";

/**
 * A worker's rendering tools, made on first use and kept for the next job: the compositions'
 * bundle and one Chromium (starting either costs seconds).
 */
export class Renderer {
  private browserStart: Promise<HeadlessBrowser> | null = null;

  constructor(private readonly config: Config) {}

  serveUrl(): Promise<string> {
    return ensureBundle({
      homeDir: this.config.homeDir,
      mediaDir: this.config.mediaDir,
    });
  }

  browser(): Promise<HeadlessBrowser> {
    this.browserStart ??= startBrowser().catch((error) => {
      this.browserStart = null;
      throw error;
    });
    return this.browserStart;
  }

  /** Closes the browser; the next render starts a new one (after a crash or a cancelled render). */
  async discardBrowser() {
    const starting = this.browserStart;
    this.browserStart = null;
    if (!starting) return;
    const browser = await starting.catch(() => null);
    await browser
      ?.close({ silent: true })
      .catch((error) =>
        log.warn({ err: error }, "the browser did not close cleanly"),
      );
  }
}
