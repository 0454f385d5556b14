import { open } from "node:fs/promises";

/** Bytes [start, end) of a file, read without loading the rest. */
export async function readRange(
  file: string,
  start: number,
  end: number,
): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(end - start);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(
        buffer,
        filled,
        buffer.length - filled,
        start + filled,
      );
      if (bytesRead === 0)
        throw new Error(`${file} ended at ${start + filled}`);
      filled += bytesRead;
    }
    return buffer;
  } finally {
    await handle.close();
  }
}
