import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";

const run = promisify(execFile);

/** A real JPEG photo of the given size, one colour per id so results differ. */
export const stockPhoto = (width: number, height: number, id: number) =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: (id * 53) % 255, g: 90, b: 160 },
    },
  })
    .jpeg()
    .toBuffer();

/** A real two-second H.264 clip, made once per test file. */
let clip: Promise<Buffer> | null = null;
export function stockClip(): Promise<Buffer> {
  clip ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "fake-stock-"));
    const file = path.join(dir, "clip.mp4");
    await run("ffmpeg", [
      "-v",
      "error",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=360x640:rate=30:duration=2",
      "-pix_fmt",
      "yuv420p",
      "-c:v",
      "libx264",
      file,
    ]);
    const bytes = await readFile(file);
    await rm(dir, { recursive: true, force: true });
    return bytes;
  })();
  return clip;
}
