import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** A sibling name for a file being written; renamed to the real name only once complete. */
export const temporaryPathFor = (finalPath: string) => {
  const { dir, name, ext } = path.parse(finalPath);
  return path.join(
    dir,
    `.${name}.${randomBytes(4).toString("hex")}.partial${ext}`,
  );
};

/**
 * Lets `write` produce the file at a temporary path, then renames it into place. A crash or an
 * error never leaves a half-written file under the final name.
 */
export async function writeAtomically<T>(
  finalPath: string,
  write: (temporaryPath: string) => Promise<T>,
): Promise<T> {
  await mkdir(path.dirname(finalPath), { recursive: true });
  const temporary = temporaryPathFor(finalPath);
  try {
    const result = await write(temporary);
    await rename(temporary, finalPath);
    return result;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export const writeFileAtomically = (
  finalPath: string,
  data: string | Uint8Array,
) => writeAtomically(finalPath, (temporary) => writeFile(temporary, data));
