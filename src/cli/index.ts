import path from "node:path";
import { Command, CommanderError } from "commander";
import { z } from "zod";
import { PRESET_IDS, isPresetId, type PresetId } from "../compositions/presets";
import { loadConfig } from "../config";
import { makeVideos, renderPropsFile } from "../pipeline/make";
import { MAX_TOPIC_CHARS } from "../pipeline/content";
import { ArticleError } from "../pipeline/content/parse";
import { ImageRejected } from "../pipeline/content/sources";
import { StoryboardError } from "../pipeline/content/storyboard";
import { listTracks } from "../pipeline/music";
import { topicProblem } from "../pipeline/script";
import { videoTypeSchema } from "../pipeline/script/script";
import {
  createVoiceProvider,
  previewVoice,
  VOICE_PROVIDER_IDS,
} from "../pipeline/voice";
import { RENDER_QUALITY_IDS } from "../render-settings";
import { log } from "../log";
import { registerClipsCommand } from "./commands/clips";
import { registerDbCommand } from "./commands/db";
import { registerEngagementCommand } from "./commands/engagement";
import { registerLambdaCommand } from "./commands/lambda";
import {
  registerPublishCommand,
  registerPublishRetryCommand,
} from "./commands/publish";
import { registerSitesCommand } from "./commands/sites";
import { registerUsersCommand } from "./commands/users";
import { createProgressReporter } from "./progress";

// The progress bars tell the story; the structured log shows warnings unless asked for more.
log.level = process.env.LOG_LEVEL ?? "warn";

const BACKEND_FLAG = "--backend <name>";
const BACKEND_HELP =
  "where the frames are rendered: local (this machine) or lambda (Remotion Lambda, after `reelwright lambda deploy`)";

/** A mistake in what the user typed: reported in one line, exit code 2. */
class UsageError extends Error {}

/** A bad argument or a refused input file (front matter, storyboard, image): exit code 2. */
const isBadInput = (error: unknown) =>
  error instanceof UsageError ||
  error instanceof ArticleError ||
  error instanceof StoryboardError ||
  error instanceof ImageRejected;

const presetListSchema = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z.string().refine(isPresetId, {
          error: (issue) =>
            `unknown preset "${String(issue.input)}" (choose from ${PRESET_IDS.join(", ")})`,
        }),
      )
      .min(1, "name at least one preset"),
  );

const backendSchema = z
  .enum(["local", "lambda"], { error: "choose local or lambda" })
  .default("local");

const makeArgsSchema = z.object({
  preset: presetListSchema,
  out: z.string().min(1),
  type: videoTypeSchema.optional(),
  voice: z.string().max(100).optional(),
  voiceProvider: z
    .enum(VOICE_PROVIDER_IDS, {
      error: `choose one of ${VOICE_PROVIDER_IDS.join(", ")}`,
    })
    .optional(),
  quality: z
    .enum(RENDER_QUALITY_IDS, {
      error: `choose one of ${RENDER_QUALITY_IDS.join(", ")}`,
    })
    .optional(),
  speed: z.coerce
    .number()
    .min(0.5, "speed must be at least 0.5")
    .max(2, "speed must be at most 2")
    .optional(),
  music: z.union([z.string(), z.literal(false)]).optional(),
  visuals: z.string().optional(),
  story: z.boolean().optional(),
  faceless: z.boolean().optional(),
  narration: z.string().min(1).optional(),
  captions: z.boolean().optional(),
  topic: z
    .string()
    .trim()
    .min(1, "the topic is empty")
    .max(
      MAX_TOPIC_CHARS,
      `a topic may be at most ${MAX_TOPIC_CHARS} characters`,
    )
    .optional(),
  scale: z.coerce
    .number()
    .min(0.1, "scale must be at least 0.1")
    .max(1, "scale must be at most 1")
    .optional(),
  backend: backendSchema,
});

/** A track id is a bare name; a value with a dot or a slash names a file. */
const isMusicFile = (music: string | false | undefined): music is string =>
  typeof music === "string" && /[./\\]/.test(music);

function parseArgs<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = String(issue.path[0] ?? "?").replace(
      /[A-Z]/g,
      (c) => `-${c.toLowerCase()}`,
    );
    throw new UsageError(`--${flag}: ${issue.message}`);
  }
  return parsed.data;
}

const program = new Command()
  .name("reelwright")
  .description(
    "Turn an article into narrated, captioned videos for YouTube, Shorts, Reels and TikTok.",
  )
  .showHelpAfterError()
  .exitOverride();

program
  .command("make")
  .description(
    "Run the whole pipeline on an article (Markdown, HTML, or JSON) or a storyboard (JSON with scenes)",
  )
  .argument(
    "[article]",
    "the article or storyboard file (or --story FILE, or --topic)",
  )
  .option("--story", "the file is a plain story: told in beats, one scene each")
  .option(
    "--faceless",
    "generated and stock visuals only (never the content's own or AI images)",
  )
  .option(
    "--no-captions",
    "no captions on the video (the .srt, .vtt and word-level .captions.json are still written)",
  )
  .option(
    "--topic <text>",
    "no file: a model writes the script about this topic (needs SCRIPT_PROVIDER=openai)",
  )
  .option(
    "-p, --preset <list>",
    `comma-separated presets (${PRESET_IDS.join(", ")})`,
    PRESET_IDS.join(","),
  )
  .option("-o, --out <dir>", "where to write the videos and their files", "out")
  .option(
    "-t, --type <type>",
    "one script for all presets: short, medium or long (default: long for youtube_long, short for the others)",
  )
  .option(
    "--voice <id>",
    "narration voice (see `reelwright voices`; default: the offline voice of the article's language)",
  )
  .option(
    "--voice-provider <name>",
    `who narrates: ${VOICE_PROVIDER_IDS.join(", ")} (default: VOICE_PROVIDER); a cloud voice that fails falls back to the offline one`,
  )
  .option("--speed <n>", "narration speed, 0.5–2")
  .option(
    "--quality <name>",
    "draft (half size, fast encoder), standard, high or premium (higher bitrate, slower encoder)",
  )
  .option(
    "--music <id|file>",
    "background music: a track (see `reelwright music`) or your own audio file, looped or cut to the video",
  )
  .option(
    "--narration <file>",
    "your own recording of the script as the narration (word timings aligned with PocketSphinx, else spread over the speech)",
  )
  .option("--no-music", "no background music")
  .option("--visuals <file>", "JSON file that overrides section visuals")
  .option("--scale <n>", "render smaller for a quick draft, e.g. 0.5 (0.1–1)")
  .option(BACKEND_FLAG, BACKEND_HELP)
  .action(async (article: string | undefined, raw: Record<string, unknown>) => {
    const args = parseArgs(makeArgsSchema, raw);
    if ((article === undefined) === (args.topic === undefined))
      throw new UsageError(
        article === undefined
          ? "give an article file, or --topic"
          : "--topic: give either an article file or a topic, not both",
      );
    if (args.story && article === undefined)
      throw new UsageError("--story: give the story file");
    if (args.topic !== undefined) {
      const problem = topicProblem(loadConfig());
      if (problem) throw new UsageError(`--topic: ${problem}`);
    }
    const reporter = createProgressReporter();
    const started = Date.now();
    let outcomes;
    try {
      outcomes = await makeVideos({
        articlePath: article,
        story: args.story,
        topic: args.topic,
        faceless: args.faceless,
        captions: args.captions,
        presets: args.preset as PresetId[],
        outDir: path.resolve(args.out),
        type: args.type,
        voice: args.voice,
        voiceProvider: args.voiceProvider,
        quality: args.quality,
        speed: args.speed,
        music:
          args.music === false
            ? null
            : isMusicFile(args.music)
              ? undefined
              : args.music,
        musicFile: isMusicFile(args.music) ? args.music : undefined,
        narrationFile: args.narration,
        visualsFile: args.visuals,
        scale: args.scale,
        backend: args.backend,
        onEvent: reporter.onEvent,
      });
    } finally {
      reporter.stop();
    }
    process.stdout.write(
      `\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
    for (const o of outcomes) {
      process.stdout.write(
        o.ok
          ? `  ✔ ${o.preset.padEnd(15)} ${path.relative(process.cwd(), o.files.video)} (${o.metadata.durationSec} s, ${(o.metadata.sizeBytes / 1e6).toFixed(1)} MB)\n`
          : `  ✘ ${o.preset.padEnd(15)} ${o.error}\n`,
      );
    }
    if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
  });

program
  .command("render")
  .description(
    "Render a saved props file (written by `make` as <preset>.props.json)",
  )
  .argument("<props>", "the props JSON file")
  .option(
    "-o, --out <file>",
    "the MP4 to write (default: next to the props file)",
  )
  .option(BACKEND_FLAG, BACKEND_HELP)
  .action(async (propsFile: string, raw: { out?: string }) => {
    const { backend } = parseArgs(z.object({ backend: backendSchema }), raw);
    const outFile = path.resolve(
      raw.out ?? propsFile.replace(/(\.props)?\.json$/, "") + ".mp4",
    );
    const reporter = createProgressReporter();
    try {
      const probe = await renderPropsFile({
        propsFile,
        outFile,
        backend,
        onProgress: (fraction, etaMs) =>
          reporter.onEvent({
            type: "progress",
            stage: "render",
            fraction,
            etaMs,
          }),
      });
      reporter.stop();
      process.stdout.write(
        `\n✔ ${path.relative(process.cwd(), outFile)} (${(probe.durationMs / 1000).toFixed(1)} s)\n`,
      );
    } finally {
      reporter.stop();
    }
  });

program
  .command("voices")
  .description("List the narration voices")
  .option("--provider <name>", `one of ${VOICE_PROVIDER_IDS.join(", ")}`)
  .action(async (raw: { provider?: string }) => {
    const id = parseArgs(makeArgsSchema.shape.voiceProvider, raw.provider);
    const provider = createVoiceProvider(loadConfig(), id);
    for (const v of await provider.listVoices()) {
      process.stdout.write(
        `${v.id.padEnd(24)} ${v.label} (${v.language}, ${v.gender})\n`,
      );
    }
  });

program
  .command("preview")
  .description(
    "Speak a short text with a voice, to hear it before a whole narration",
  )
  .argument("<text>", "up to 200 characters")
  .option("--voice <id>", "the voice")
  .option("--provider <name>", `one of ${VOICE_PROVIDER_IDS.join(", ")}`)
  .option("--speed <n>", "0.5–2", "1")
  .option("-o, --out <file>", "the audio file to write", "preview.wav")
  .action(
    async (
      text: string,
      raw: { voice?: string; provider?: string; speed: string; out: string },
    ) => {
      const speed = parseArgs(makeArgsSchema.shape.speed, raw.speed) ?? 1;
      const id = parseArgs(makeArgsSchema.shape.voiceProvider, raw.provider);
      const result = await previewVoice({
        text,
        voice: raw.voice,
        speed,
        outFile: path.resolve(raw.out),
        provider: createVoiceProvider(loadConfig(), id),
      });
      process.stdout.write(
        `✔ ${raw.out} (${(result.durationMs / 1000).toFixed(1)} s)\n`,
      );
    },
  );

program
  .command("music")
  .description("List the background music tracks")
  .action(async () => {
    for (const t of await listTracks()) {
      process.stdout.write(
        `${t.id.padEnd(16)} ${t.title} (${t.mood}, ${Math.round(t.durationSec)} s)\n`,
      );
    }
  });

registerClipsCommand(program);
registerSitesCommand(program);
registerDbCommand(program);
registerUsersCommand(program);
registerPublishCommand(program);
registerPublishRetryCommand(program);
registerEngagementCommand(program);
registerLambdaCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`\nreelwright: ${(error as Error).message}\n`);
    process.exitCode = isBadInput(error) ? 2 : 1;
  }
}
// Leave now with our own code: a command that opened the database or the queue may leave their
// pools open, which would keep the process alive.
process.exit(process.exitCode);
