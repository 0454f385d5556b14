import { rename, rm } from "node:fs/promises";
import { z } from "zod";
import { log } from "../../log";
import { analyseAudio, ffmpeg, measureLoudness } from "../voice/audio";

/** What the platforms play at: YouTube, Instagram and TikTok all normalise towards −14 LUFS. */
export const TARGET_LUFS = -14;
/** Aimed below the −1 dBTP ceiling: AAC encoding adds a few tenths of a dB of overshoot. */
const TARGET_TRUE_PEAK = -1.5;
const LOUDNESS_RANGE = 11;
/** Quieter than this the mix is silence (a silent video): nothing to normalise. */
const SILENCE_LUFS = -60;

const measuredSchema = z.object({
  input_i: z.string(),
  input_tp: z.string(),
  input_lra: z.string(),
  input_thresh: z.string(),
  target_offset: z.string(),
});

const filter = (extra = "") =>
  `loudnorm=I=${TARGET_LUFS}:TP=${TARGET_TRUE_PEAK}:LRA=${LOUDNESS_RANGE}${extra}`;

/**
 * Brings the final mix of a rendered MP4 to −14 LUFS integrated with true peaks ≤ −1 dBTP: ffmpeg's
 * loudnorm, measured in a first pass and applied linearly in a second (one gain for the whole
 * mix, so the music ducking under the voice is kept). The video stream is copied untouched.
 */
export async function normalizeLoudness(
  file: string,
  audioBitrate: string,
): Promise<void> {
  const stderr = await analyseAudio(file, filter(":print_format=json"));
  const json = stderr.slice(
    stderr.lastIndexOf("{"),
    stderr.lastIndexOf("}") + 1,
  );
  const measured = measuredSchema.parse(JSON.parse(json));
  const inputLufs = Number(measured.input_i);
  if (!Number.isFinite(inputLufs) || inputLufs < SILENCE_LUFS) {
    log.debug({ file, inputLufs }, "silent mix: loudness left as it is");
    return;
  }
  const normalized = `${file}.loudnorm.mp4`;
  try {
    await ffmpeg(file, [
      "-map",
      "0",
      "-c:v",
      "copy",
      "-af",
      filter(
        `:measured_I=${measured.input_i}:measured_TP=${measured.input_tp}` +
          `:measured_LRA=${measured.input_lra}:measured_thresh=${measured.input_thresh}` +
          `:offset=${measured.target_offset}:linear=true`,
      ),
      // loudnorm works at 192 kHz internally; bring it back to the render's rate.
      "-ar",
      "48000",
      "-c:a",
      "aac",
      "-b:a",
      audioBitrate,
      "-movflags",
      "+faststart",
      normalized,
    ]);
    await rename(normalized, file);
  } finally {
    await rm(normalized, { force: true });
  }
  const output = await measureOutputLoudness(file);
  if (
    Math.abs(output.lufs - TARGET_LUFS) > 1 ||
    output.truePeakDb > TARGET_TRUE_PEAK + 0.5
  )
    log.warn({ file, inputLufs, output }, "loudness missed the target");
  else log.debug({ file, inputLufs, output }, "mix normalised");
}

/** Integrated loudness (LUFS) and true peak (dBTP) of a file's audio, by ffmpeg's ebur128. */
export async function measureOutputLoudness(
  file: string,
): Promise<{ lufs: number; truePeakDb: number }> {
  const { lufs, peakDb } = await measureLoudness(file, "true");
  return { lufs, truePeakDb: peakDb };
}
