import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PresetId } from "../../compositions/presets";
import { loadConfig, type Config } from "../../config";
import { writeFileAtomically } from "../../files";
import { log } from "../../log";
import { MediaStore } from "../media-store";
import { bundleAsStage, startBrowser } from "../render";
import { analyseSpeech, selectMoments, type MomentRange } from "./analysis";
import {
  momentSpan,
  renderClip,
  type ClipResult,
  type ClipsEvent,
} from "./clip";
import { talkKeywords } from "./moments/heuristic";
import { resolveSource } from "./source";

export type { ClipResult, ClipsEvent, ClipsStage } from "./clip";

export type ClipsOptions = {
  /** A local video file or an http(s) URL. */
  source: string;
  outDir: string;
  count: number;
  minMs: number;
  maxMs: number;
  preset: PresetId;
  /** Output size relative to the preset (drafts, tests). */
  scale?: number;
  /** A title over the first seconds of each clip. */
  hook?: boolean;
  cta?: { text: string; subtext: string } | null;
  maxSourceBytes?: number;
  onEvent?: (event: ClipsEvent) => void;
  config?: Config;
};

export type ClipsManifest = {
  source: string;
  sourceDurationMs: number;
  preset: PresetId;
  transcriber: string;
  selector: string;
  range: MomentRange;
  clips: ClipResult[];
  /** Clips that could not be made (the others still are). */
  failures: Array<{ number: number; error: string }>;
};

/**
 * A long video in, short vertical clips out: source → transcribe → moments → (per clip)
 * reframe → render (checked) → thumbnail, captions, metadata; and clips.json listing them with
 * their scores. The service runs the same stages as jobs (src/services/clips).
 */
export async function makeClips(options: ClipsOptions): Promise<ClipsManifest> {
  const config = options.config ?? loadConfig();
  const emit = options.onEvent ?? (() => {});
  const warn = (message: string) => emit({ type: "warning", message });
  const work = await mkdtemp(path.join(tmpdir(), "rw-clips-"));
  try {
    emit({ type: "stage", stage: "source", status: "start" });
    const source = await resolveSource(options.source, work, {
      maxBytes: options.maxSourceBytes,
      allowedHosts: config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
    });
    emit({
      type: "stage",
      stage: "source",
      status: "done",
      detail: `${source.width}x${source.height}, ${Math.round(source.durationMs / 1000)} s`,
    });

    emit({ type: "stage", stage: "transcribe", status: "start" });
    const analysis = await analyseSpeech({
      file: source.file,
      workDir: work,
      config,
      onProgress: (fraction) =>
        emit({ type: "progress", stage: "transcribe", fraction }),
      onWarning: warn,
    });
    const { transcript } = analysis;
    await mkdir(options.outDir, { recursive: true });
    await writeFileAtomically(
      path.join(options.outDir, "transcript.json"),
      JSON.stringify(transcript, null, 2),
    );
    emit({
      type: "stage",
      stage: "transcribe",
      status: "done",
      detail: `${transcript.words.length} words, ${transcript.sentences.length} sentences (${transcript.provider})`,
    });

    emit({ type: "stage", stage: "moments", status: "start" });
    const range = {
      count: options.count,
      minMs: options.minMs,
      maxMs: options.maxMs,
    };
    const { provider, moments } = await selectMoments({
      analysis,
      range,
      config,
      onWarning: warn,
    });
    emit({
      type: "stage",
      stage: "moments",
      status: "done",
      detail: `${moments.length} (${provider})`,
    });

    const serveUrl = await bundleAsStage(config, emit);
    const src = await new MediaStore(config.mediaDir).putFile(source.file);

    const keywords = talkKeywords(transcript);
    const browser = await startBrowser();
    const clips: ClipResult[] = [];
    const failures: ClipsManifest["failures"] = [];
    try {
      for (const [i, moment] of moments.entries()) {
        try {
          clips.push(
            await renderClip({
              number: i + 1,
              span: momentSpan(transcript, moment),
              pick: moment,
              transcript,
              keywords,
              source,
              src,
              preset: options.preset,
              scale: options.scale,
              hook: options.hook,
              cta: options.cta,
              outDir: options.outDir,
              serveUrl,
              browser,
              onEvent: emit,
            }),
          );
        } catch (error) {
          log.error({ clip: i + 1, err: error }, "clip failed");
          failures.push({ number: i + 1, error: (error as Error).message });
          emit({
            type: "warning",
            message: (error as Error).message,
            preset: `clip-${i + 1}`,
          });
        }
      }
    } finally {
      await browser.close({ silent: true });
    }
    const manifest: ClipsManifest = {
      source: options.source,
      sourceDurationMs: source.durationMs,
      preset: options.preset,
      transcriber: transcript.provider,
      selector: provider,
      range,
      clips,
      failures,
    };
    await writeFileAtomically(
      path.join(options.outDir, "clips.json"),
      JSON.stringify(manifest, null, 2),
    );
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
