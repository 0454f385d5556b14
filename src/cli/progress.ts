import cliProgress from "cli-progress";
/** What `make` and `clips` report: stage starts and ends, progress, warnings. */
type ProgressEvent =
  | {
      type: "stage";
      stage: string;
      status: "start" | "done" | "cached";
      detail?: string;
      preset?: string;
    }
  | {
      type: "progress";
      stage: string;
      fraction: number;
      preset?: string;
      etaMs?: number;
    }
  | { type: "warning"; message: string; preset?: string };

const STAGE_LABELS: Record<string, string> = {
  content: "Reading the article",
  images: "Loading images",
  script: "Writing the script",
  voice: "Recording the narration",
  visuals: "Choosing visuals",
  bundle: "Bundling the compositions",
  render: "Rendering",
  thumbnail: "Thumbnail",
  source: "Reading the source",
  transcribe: "Transcribing",
  moments: "Finding the moments",
  reframe: "Reframing",
};

const formatEta = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) || ms <= 0
    ? ""
    : `${Math.ceil(ms / 1000)} s left`;

/**
 * Progress bars on a terminal, one per stage and one per render; plain lines when the output is
 * not a terminal (CI, logs), so nothing is lost.
 */
export function createProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
) {
  const interactive = Boolean(stream.isTTY);
  const multibar = new cliProgress.MultiBar(
    {
      stream,
      format: " {label} |{bar}| {percentage}% {detail}",
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const lastPrinted = new Map<string, number>();
  const write = (line: string) =>
    interactive ? multibar.log(line + "\n") : stream.write(line + "\n");
  const label = (stage: string, preset?: string) =>
    `${STAGE_LABELS[stage] ?? stage}${preset ? ` ${preset}` : ""}`.padEnd(32);

  return {
    onEvent(event: ProgressEvent) {
      if (event.type === "warning") {
        write(
          `warning: ${event.preset ? `${event.preset}: ` : ""}${event.message}`,
        );
        return;
      }
      const key = `${event.stage}:${event.preset ?? ""}`;
      if (!interactive) {
        if (event.type === "stage") {
          write(
            `${label(event.stage, event.preset).trim()}: ${event.status}${event.detail ? ` (${event.detail})` : ""}`,
          );
        } else {
          const step = Math.floor(event.fraction * 10);
          if (step > (lastPrinted.get(key) ?? -1)) {
            lastPrinted.set(key, step);
            write(
              `${label(event.stage, event.preset).trim()}: ${step * 10}% ${formatEta(event.etaMs)}`,
            );
          }
        }
        return;
      }
      let bar = bars.get(key);
      if (!bar) {
        bar = multibar.create(1000, 0, {
          label: label(event.stage, event.preset),
          detail: "",
        });
        bars.set(key, bar);
      }
      if (event.type === "progress") {
        bar.update(Math.round(event.fraction * 1000), {
          detail: formatEta(event.etaMs),
        });
      } else if (event.status !== "start") {
        bar.update(1000, {
          detail: `${event.status === "cached" ? "cached" : "done"}${event.detail ? `: ${event.detail}` : ""}`,
        });
      } else if (event.detail) {
        bar.update(0, { detail: event.detail });
      }
    },
    stop() {
      multibar.stop();
    },
  };
}
