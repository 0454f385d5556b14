import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { END_HOLD_MS } from "../../src/core/end-card";
import {
  makeVideos,
  type MakeEvent,
  type PresetOutcome,
} from "../../src/pipeline/make";
import { probeMedia } from "../../src/pipeline/render";
import { userNarration } from "../../src/pipeline/voice/user-narration";

const run = promisify(execFile);

const SCENES = [
  "The moon pulls on the ocean, and the water on the side facing it bulges out toward it.",
  "The earth turns under that bulge once a day, so most coasts see two high tides and two low tides.",
  "Because the moon and the earth move like clockwork, tide tables can be printed years ahead.",
  "The sun pulls on the ocean too, a little less than half as strongly as the moon does.",
  "When the sun and the moon line up, their pulls add together and the tides run higher than usual.",
  "That is why a harbour master knows today when the water will be high next spring.",
];

/** The user's recording: Festival reading the scenes, as a person would read the script. */
async function record(file: string, text: string) {
  const txt = `${file}.txt`;
  await writeFile(txt, text);
  await run("text2wave", ["-o", file, txt]);
}

describe("the user's own narration and music", () => {
  let dir: string;
  let outcome: PresetOutcome;
  const events: MakeEvent[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rw-narration-"));
    await writeFile(
      path.join(dir, "board.json"),
      JSON.stringify({
        title: "Why tides are predictable",
        scenes: SCENES.map((text) => ({ text })),
      }),
    );
    await record(path.join(dir, "me.wav"), SCENES.join(" "));
    // Five seconds of music: shorter than the video, so it has to loop to fill it.
    await run("ffmpeg", [
      "-v",
      "error",
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=330:duration=5",
      "-c:a",
      "libmp3lame",
      path.join(dir, "tune.mp3"),
    ]);
    [outcome] = await makeVideos({
      articlePath: path.join(dir, "board.json"),
      presets: ["tiktok"],
      outDir: path.join(dir, "out"),
      narrationFile: path.join(dir, "me.wav"),
      musicFile: path.join(dir, "tune.mp3"),
      scale: 0.2,
      config: loadConfig({
        ...process.env,
        REELWRIGHT_HOME: path.join(dir, "home"),
        VISUAL_SOURCES: "generated",
      }),
      onEvent: (e) => events.push(e),
    });
  }, 600_000);

  it("narrates with the recording, its words aligned to the script, and says so", async () => {
    if (!outcome.ok) throw new Error(outcome.error);
    expect(
      events.some(
        (e) =>
          e.type === "warning" &&
          /me\.wav: word timings aligned to the script with PocketSphinx/.test(
            e.message,
          ),
      ),
    ).toBe(true);
    const { durationMs } = await probeMedia(path.join(dir, "me.wav"));
    const probe = await probeMedia(outcome.files.video);
    expect(probe.durationMs).toBeGreaterThan(durationMs + END_HOLD_MS - 300);
    expect(probe.durationMs).toBeLessThan(durationMs + END_HOLD_MS + 300);
    expect(outcome.metadata.voice).toMatchObject({
      provider: "user",
      id: "me.wav",
    });
    const { words } = JSON.parse(
      await readFile(outcome.files.captions!, "utf8"),
    );
    expect(words.map((w: { text: string }) => w.text)).toEqual(
      SCENES.join(" ").split(" "),
    );
    // "harbour" is in the last scene: it is heard in the last part of the recording.
    const harbour = words.find((w: { text: string }) => w.text === "harbour");
    expect(harbour.startMs).toBeGreaterThan(durationMs * 0.7);
    expect(words.at(-1).endMs).toBeLessThanOrEqual(durationMs + 50);
  });

  it("loops the shorter music under the whole video, still playing over the end card", async () => {
    if (!outcome.ok) throw new Error(outcome.error);
    const probe = await probeMedia(outcome.files.video);
    const props = JSON.parse(
      await readFile(path.join(dir, "out", "tiktok.props.json"), "utf8"),
    );
    expect(props.music.src).toMatch(/\.mp3$/);
    // After the narration has ended: only the music can be heard there.
    const { stderr } = await run("ffmpeg", [
      "-hide_banner",
      "-nostats",
      "-ss",
      String((probe.durationMs - END_HOLD_MS + 100) / 1000),
      "-t",
      "0.3",
      "-i",
      outcome.files.video,
      "-vn",
      "-af",
      "volumedetect",
      "-f",
      "null",
      "-",
    ]);
    const mean = Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)?.[1]);
    // Faint (mixed low, fading out), but far above the silence a video without music has there.
    expect(mean).toBeGreaterThan(-60);
  });
});

describe("a recording that cannot be aligned", () => {
  it("spreads the script's words over the detected speech, and says why", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-spread-"));
    const file = path.join(dir, "mine.wav");
    await record(file, SCENES.slice(0, 2).join(" "));
    const { voiceover, timing } = await userNarration({
      file,
      segments: ["Der Mond zieht am Meer.", "Die Erde dreht sich darunter."],
      language: "de",
      workDir: dir,
    });
    expect(timing).toBe("spread");
    expect(voiceover.warnings[0]).toMatch(
      /PocketSphinx recognises English only, not "de"; the script's words are spread over the detected speech/,
    );
    expect(voiceover.words.map((w) => w.text)).toEqual(
      "Der Mond zieht am Meer. Die Erde dreht sich darunter.".split(" "),
    );
    expect(voiceover.segments).toHaveLength(2);
    expect(voiceover.segments[1].startMs).toBeGreaterThan(
      voiceover.segments[0].startMs,
    );
    expect(voiceover.words.at(-1)!.endMs).toBeLessThanOrEqual(
      voiceover.durationMs,
    );
    // Festival leaves a little silence at the start: the first word is not put there.
    expect(voiceover.words[0].startMs).toBeGreaterThanOrEqual(0);
  });

  it("refuses a file that is not audio, naming --narration", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rw-notaudio-"));
    await writeFile(path.join(dir, "notes.wav"), "just text");
    await expect(
      userNarration({
        file: path.join(dir, "notes.wav"),
        segments: ["Hello."],
        language: "en",
        workDir: dir,
      }),
    ).rejects.toThrow(/--narration: .*notes\.wav is not an audio file/);
  });
});
