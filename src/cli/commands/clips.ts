import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { CLIP_LIMITS, CLIP_PRESETS, clipRangeProblem } from "../../core/clips";
import { makeClips } from "../../pipeline/clips";
import { createProgressReporter } from "../progress";

const VERTICAL = CLIP_PRESETS;
const { count, seconds } = CLIP_LIMITS;

const argsSchema = z
  .object({
    count: z.coerce.number().int().min(count.min).max(count.max),
    min: z.coerce.number().min(seconds.min).max(seconds.max),
    max: z.coerce.number().min(seconds.min).max(seconds.max),
    preset: z.enum(VERTICAL, {
      error: `choose a vertical preset: ${VERTICAL.join(", ")}`,
    }),
    out: z.string().min(1).max(4096),
    scale: z.coerce.number().min(0.1).max(1).optional(),
    hook: z.boolean(),
    cta: z.string().min(1).max(60).optional(),
    ctaSubtext: z.string().max(120).optional(),
    maxSourceMb: z.coerce.number().positive().max(4096),
  })
  .superRefine((a, ctx) => {
    const problem = clipRangeProblem(a.min, a.max, a.preset);
    if (problem)
      ctx.addIssue({
        code: "custom",
        message: problem.message.replace("min", "--min"),
        path: [problem.field],
      });
  });

const flag = (key: string) =>
  "--" + key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * `reelwright clips SOURCE`: the best moments of a long video (a file or an http(s) URL) as
 * vertical clips with captions, thumbnails, metadata and a clips.json of their scores.
 */
export function registerClipsCommand(program: Command) {
  program
    .command("clips")
    .description(
      "Cut a long video (file or http(s) URL) into short vertical clips with captions",
    )
    .argument("<source>", "the video file or URL")
    .option("-n, --count <n>", "how many clips (1–20)", "3")
    .option("--min <seconds>", "shortest clip", "15")
    .option("--max <seconds>", "longest clip", "60")
    .option(
      "-p, --preset <id>",
      `vertical preset (${VERTICAL.join(", ")})`,
      "tiktok",
    )
    .option("-o, --out <dir>", "where to write the clips", "out/clips")
    .option("--scale <n>", "render smaller for a quick draft, e.g. 0.5 (0.1–1)")
    .option("--no-hook", "no hook title over the first seconds")
    .option("--cta <text>", "an end card with this call to action")
    .option("--cta-subtext <text>", "the line above the end card's button")
    .option("--max-source-mb <n>", "largest source to download", "500")
    .action(async function (
      this: Command,
      source: string,
      raw: Record<string, unknown>,
    ) {
      const parsed = argsSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        this.error(`${flag(String(issue.path[0] ?? "?"))}: ${issue.message}`, {
          exitCode: 2,
        });
      }
      const args = parsed.data!;
      const outDir = path.resolve(args.out);
      const reporter = createProgressReporter();
      const started = Date.now();
      let manifest;
      try {
        manifest = await makeClips({
          source,
          outDir,
          count: args.count,
          minMs: args.min * 1000,
          maxMs: args.max * 1000,
          preset: args.preset,
          scale: args.scale,
          hook: args.hook,
          cta: args.cta
            ? { text: args.cta, subtext: args.ctaSubtext ?? "" }
            : null,
          maxSourceBytes: args.maxSourceMb * 1024 ** 2,
          onEvent: reporter.onEvent,
        });
      } finally {
        reporter.stop();
      }
      process.stdout.write(
        `\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s (${manifest.transcriber}, ${manifest.selector})\n`,
      );
      for (const clip of manifest.clips) {
        process.stdout.write(
          `  ✔ ${path.relative(process.cwd(), path.join(outDir, clip.files.video))} ${(clip.startMs / 1000).toFixed(1)}–${(clip.endMs / 1000).toFixed(1)} s, score ${clip.score}: ${clip.title}\n`,
        );
      }
      for (const failure of manifest.failures)
        process.stdout.write(`  ✘ clip-${failure.number} ${failure.error}\n`);
      if (manifest.failures.length) process.exitCode = 1;
    });
}
