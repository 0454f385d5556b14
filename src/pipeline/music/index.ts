import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { MediaStore } from "../media-store";
import { convertUserAudio } from "../voice/audio";

const MUSIC_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../public/music",
);

const trackSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  mood: z.string(),
  file: z.string().min(1),
  durationSec: z.number().positive(),
});
export type MusicTrack = z.infer<typeof trackSchema> & { src: string };

export async function listTracks(): Promise<MusicTrack[]> {
  const raw = JSON.parse(
    await readFile(path.join(MUSIC_DIR, "tracks.json"), "utf8"),
  );
  return z
    .array(trackSchema)
    .parse(raw)
    .map((t) => ({ ...t, src: `music/${path.basename(t.file)}` }));
}

/**
 * The track to use: by id, or the first one by default; `null` for no music. An unknown id is an
 * error that lists the ones there are.
 */
export async function pickTrack(
  id: string | null | undefined,
): Promise<MusicTrack | null> {
  if (id === null) return null;
  const tracks = await listTracks();
  if (id === undefined) return tracks[0] ?? null;
  const track = tracks.find((t) => t.id === id);
  if (!track) {
    throw new Error(
      `Unknown music track "${id}". Available: ${tracks.map((t) => t.id).join(", ")}`,
    );
  }
  return track;
}

/**
 * The user's own music file, re-encoded as MP3 into the media store. The video loops it when it is
 * shorter than the video, ends it with the video and fades it out over the last 1.5 s.
 */
export async function userMusic(
  file: string,
  store: MediaStore,
): Promise<Pick<MusicTrack, "src">> {
  const work = await mkdtemp(path.join(tmpdir(), "rw-music-"));
  try {
    const out = path.join(work, "music.mp3");
    // Twenty minutes at most: more than the longest video.
    await convertUserAudio("--music", file, [
      ..."-vn -t 1200 -ac 2 -ar 44100 -c:a libmp3lame -b:a 160k".split(" "),
      out,
    ]);
    return { src: await store.putFile(out) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
