import { CLIP_FILE_SUFFIXES, type ClipFileKind } from "../../core/clips";
import type { ClipRow, ClipSourceRow } from "../../db/schema";
import type { SpeechAnalysis } from "../../pipeline/clips/analysis";
import { readStoredText, type Storage } from "../../storage";

/** Where a source's files live in storage: `clips/<sourceId>/…`. */
export function sourceKeys(source: Pick<ClipSourceRow, "id">) {
  const folder = `clips/${source.id}`;
  return {
    folder,
    source: (extension: string) => `${folder}/source.${extension}`,
    analysis: `${folder}/analysis.json`,
  };
}

/** A clip's folder (`clips/<sourceId>/<clipId>`) and its files in it. */
export function clipKeys(clip: Pick<ClipRow, "id" | "sourceId" | "number">) {
  const folder = `clips/${clip.sourceId}/${clip.id}`;
  const file = (kind: ClipFileKind) =>
    `${folder}/clip-${clip.number}${CLIP_FILE_SUFFIXES[kind]}`;
  return { folder, file };
}

/** The transcript and loudness the transcribe job stored. */
export async function readAnalysis(
  storage: Storage,
  analysisPath: string,
): Promise<SpeechAnalysis> {
  return JSON.parse(
    await readStoredText(storage, analysisPath),
  ) as SpeechAnalysis;
}
