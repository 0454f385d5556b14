import { writeFile } from "node:fs/promises";

/** Writes 16-bit mono PCM samples as a WAV file. */
export async function writePcmWav(
  file: string,
  samples: Int16Array,
  sampleRate: number,
): Promise<void> {
  const data = Buffer.from(
    samples.buffer,
    samples.byteOffset,
    samples.byteLength,
  );
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.length, 40);
  await writeFile(file, Buffer.concat([header, data]));
}
