import { open } from "node:fs/promises";

/** Loudness is measured in windows of this length. */
export const WINDOW_MS = 100;

/**
 * The RMS level (dBFS) of each 100 ms window of a 16 kHz mono 16-bit WAV (as made by
 * extractSpeechAudio), read in pieces so a long source does not sit in memory.
 */
export async function loudnessProfile(wav: string): Promise<Float64Array> {
  const handle = await open(wav, "r");
  try {
    const header = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    let at = 12;
    let dataStart = -1;
    let dataBytes = 0;
    while (at + 8 <= bytesRead) {
      const id = header.toString("ascii", at, at + 4);
      const size = header.readUInt32LE(at + 4);
      if (id === "data") {
        dataStart = at + 8;
        dataBytes = size;
        break;
      }
      at += 8 + size + (size % 2);
    }
    if (dataStart < 0) throw new Error(`${wav} has no audio data`);
    const { size } = await handle.stat();
    dataBytes = Math.min(dataBytes, size - dataStart);
    const windowBytes = (16_000 * 2 * WINDOW_MS) / 1000;
    const windows = Math.floor(dataBytes / windowBytes);
    const levels = new Float64Array(windows);
    const perRead = 600;
    const buffer = Buffer.alloc(windowBytes * perRead);
    for (let w = 0; w < windows; w += perRead) {
      const count = Math.min(perRead, windows - w);
      await handle.read(
        buffer,
        0,
        count * windowBytes,
        dataStart + w * windowBytes,
      );
      for (let k = 0; k < count; k++) {
        let sum = 0;
        for (let b = k * windowBytes; b < (k + 1) * windowBytes; b += 2) {
          const v = buffer.readInt16LE(b) / 32768;
          sum += v * v;
        }
        const rms = Math.sqrt(sum / (windowBytes / 2));
        levels[w + k] = 20 * Math.log10(Math.max(rms, 1e-5));
      }
    }
    return levels;
  } finally {
    await handle.close();
  }
}
