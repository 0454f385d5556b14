import { execFile } from "node:child_process";
import { open, stat } from "node:fs/promises";
import { promisify } from "node:util";
import { z } from "zod";
import { PRESETS, type PresetId } from "../../compositions/presets";
import { DELIVERY_FORMAT, PLATFORMS } from "../../platforms/limits";

const run = promisify(execFile);

const ffprobeSchema = z.object({
  streams: z.array(
    z.object({
      codec_type: z.string(),
      codec_name: z.string(),
      profile: z.string().optional(),
      width: z.number().optional(),
      height: z.number().optional(),
      pix_fmt: z.string().optional(),
      color_range: z.string().optional(),
      avg_frame_rate: z.string().optional(),
      sample_rate: z.string().optional(),
      channels: z.number().optional(),
      duration: z.string().optional(),
    }),
  ),
  format: z.object({
    duration: z.string(),
    size: z.string(),
    format_name: z.string(),
  }),
});

export type MediaProbe = {
  durationMs: number;
  sizeBytes: number;
  formatName: string;
  video: {
    codec: string;
    profile: string | null;
    width: number;
    height: number;
    pixelFormat: string | null;
    colorRange: string | null;
    fps: number;
    durationMs: number;
  } | null;
  audio: {
    codec: string;
    channels: number;
    sampleRate: number;
    durationMs: number;
  } | null;
  /** The `moov` atom comes before `mdat`, so playback can start before the download ends. */
  fastStart: boolean;
};

const ms = (seconds: string | undefined) =>
  seconds ? Math.round(Number(seconds) * 1000) : 0;

/** Reads a media file's streams with Debian's ffprobe (Remotion's bundled one is minimal). */
export async function probeMedia(file: string): Promise<MediaProbe> {
  const { stdout } = await run(
    "ffprobe",
    [
      "-v",
      "error",
      "-print_format",
      "json",
      "-show_format",
      "-show_streams",
      file,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const parsed = ffprobeSchema.parse(JSON.parse(stdout));
  const v = parsed.streams.find((s) => s.codec_type === "video");
  const a = parsed.streams.find((s) => s.codec_type === "audio");
  const [num, den] = (v?.avg_frame_rate ?? "0/1").split("/").map(Number);
  return {
    durationMs: ms(parsed.format.duration),
    sizeBytes: Number(parsed.format.size),
    formatName: parsed.format.format_name,
    video: v
      ? {
          codec: v.codec_name,
          profile: v.profile ?? null,
          width: v.width ?? 0,
          height: v.height ?? 0,
          pixelFormat: v.pix_fmt ?? null,
          colorRange: v.color_range ?? null,
          fps: den ? num / den : 0,
          durationMs: ms(v.duration ?? parsed.format.duration),
        }
      : null,
    audio: a
      ? {
          codec: a.codec_name,
          channels: a.channels ?? 0,
          sampleRate: Number(a.sample_rate ?? 0),
          durationMs: ms(a.duration ?? parsed.format.duration),
        }
      : null,
    fastStart: await moovBeforeMdat(file),
  };
}

/** Walks the MP4's top-level boxes. */
async function moovBeforeMdat(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const { size } = await stat(file);
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset + 8 <= size) {
      await handle.read(header, 0, 16, offset);
      let boxSize = header.readUInt32BE(0);
      const type = header.toString("latin1", 4, 8);
      if (type === "moov") return true;
      if (type === "mdat") return false;
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
      if (boxSize < 8) return false;
      offset += boxSize;
    }
    return false;
  } finally {
    await handle.close();
  }
}

/** How far the audio and video streams may end apart, and the file from the expected length. */
const TOLERANCE_MS = 100;

/** Checks a render against its preset and platform; returns the problems found, none when fine. */
export function checkRender(
  probe: MediaProbe,
  preset: PresetId,
  expectedDurationMs: number,
  scale = 1,
): string[] {
  const spec = PRESETS[preset];
  const platform = PLATFORMS[spec.platform];
  const problems: string[] = [];
  const { video, audio } = probe;
  if (!video) return ["the file has no video stream"];
  if (video.codec !== DELIVERY_FORMAT.videoCodec)
    problems.push(`video codec is ${video.codec}, not h264`);
  const [width, height] = [
    Math.round(spec.width * scale),
    Math.round(spec.height * scale),
  ];
  if (video.width !== width || video.height !== height) {
    problems.push(
      `resolution is ${video.width}x${video.height}, not ${width}x${height}`,
    );
  }
  if (video.pixelFormat !== DELIVERY_FORMAT.pixelFormat) {
    problems.push(
      `pixel format is ${video.pixelFormat}, not ${DELIVERY_FORMAT.pixelFormat}`,
    );
  }
  if (video.profile !== "High" && video.profile !== "Main") {
    problems.push(
      `H.264 profile is ${video.profile}; platforms want High or Main`,
    );
  }
  if (Math.abs(video.fps - spec.fps) > 0.01)
    problems.push(`frame rate is ${video.fps}, not ${spec.fps}`);
  if (!audio) problems.push("the file has no audio stream");
  else {
    if (audio.codec !== DELIVERY_FORMAT.audioCodec)
      problems.push(`audio codec is ${audio.codec}, not aac`);
    if (Math.abs(audio.durationMs - video.durationMs) > TOLERANCE_MS) {
      problems.push(
        `audio (${audio.durationMs} ms) and video (${video.durationMs} ms) differ by more than ${TOLERANCE_MS} ms`,
      );
    }
  }
  if (
    Math.abs(video.durationMs - expectedDurationMs) >
    TOLERANCE_MS + 1000 / spec.fps
  ) {
    problems.push(
      `duration is ${video.durationMs} ms, expected ${Math.round(expectedDurationMs)} ms`,
    );
  }
  if (probe.sizeBytes > platform.maxFileBytes) {
    problems.push(
      `file is ${probe.sizeBytes} bytes, over ${platform.label}'s limit of ${platform.maxFileBytes}`,
    );
  }
  if (!probe.fastStart)
    problems.push(
      "the moov atom is not at the start of the file (no faststart)",
    );
  return problems;
}
