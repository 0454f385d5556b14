import { spawn } from "node:child_process";
import { access, constants } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { TranscriptWord } from "../transcript";
import type { Transcriber } from "./index";

/** `word start end probability`, times in seconds from the start of the file. */
const LINE = /^(\S+) (\d+\.\d+) (\d+\.\d+) (-?\d+(?:\.\d+)?)$/;
/** Fillers and markers the decoder emits besides words. */
const NOT_A_WORD = /^(<s>|<\/s>|<sil>|\[.*\]|\+\+.*\+\+)$/;

/**
 * CMU PocketSphinx (Debian's `pocketsphinx` + `pocketsphinx-en-us`): the US English acoustic
 * model, dictionary and language model ship in the package, so nothing is downloaded at run
 * time. It gives word timings but no punctuation or capitals; sentences are then cut at pauses.
 */
const EXECUTABLE = "pocketsphinx_continuous";
/** Where Debian's pocketsphinx-en-us puts the acoustic model the decoder loads by default. */
const MODEL_DIR = "/usr/share/pocketsphinx/model/en-us/en-us";

/** Whether the decoder and its model are installed: the problem, or null when they are. */
export async function pocketSphinxProblem(
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | null> {
  const found = await Promise.any(
    (env.PATH ?? "")
      .split(path.delimiter)
      .filter(Boolean)
      .map((dir) => access(path.join(dir, EXECUTABLE), constants.X_OK)),
  ).then(
    () => true,
    () => false,
  );
  if (!found)
    return `${EXECUTABLE} is not on the PATH (install the Debian package pocketsphinx)`;
  if (
    !(await access(MODEL_DIR).then(
      () => true,
      () => false,
    ))
  )
    return `no acoustic model in ${MODEL_DIR} (install the Debian package pocketsphinx-en-us)`;
  return null;
}

export class PocketSphinxTranscriber implements Transcriber {
  readonly id = "pocketsphinx";

  transcribe(
    wav: string,
    durationMs: number,
    onProgress?: (fraction: number) => void,
  ): Promise<TranscriptWord[]> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        EXECUTABLE,
        ["-infile", wav, "-time", "yes", "-logfn", "/dev/null"],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      const words: TranscriptWord[] = [];
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString("utf8")).slice(-2000);
      });
      createInterface({ input: child.stdout }).on("line", (line) => {
        const match = LINE.exec(line.trim());
        if (!match) return;
        const [, token, start, end] = match;
        const endMs = Math.round(Number(end) * 1000);
        onProgress?.(Math.min(1, endMs / durationMs));
        if (NOT_A_WORD.test(token)) return;
        words.push({
          text: token.replace(/\(\d+\)$/, ""),
          startMs: Math.round(Number(start) * 1000),
          endMs,
        });
      });
      child.on("error", (error) =>
        reject(
          new Error(
            `Cannot run pocketsphinx_continuous (install the Debian packages pocketsphinx and pocketsphinx-en-us): ${error.message}`,
          ),
        ),
      );
      child.on("close", (code) =>
        code === 0
          ? resolve(words)
          : reject(
              new Error(
                `pocketsphinx_continuous exited with ${code}: ${stderr.trim()}`,
              ),
            ),
      );
    });
  }
}
