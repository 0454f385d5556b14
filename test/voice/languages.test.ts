import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { probeMedia } from "../../src/pipeline/render/probe";
import { planVoices, synthesizeVoiceover } from "../../src/pipeline/voice";
import { wordsFromAlignment } from "../../src/pipeline/voice/elevenlabs";
import {
  detectLanguage,
  narrationLanguage,
} from "../../src/pipeline/voice/language";
import type { Voiceover } from "../../src/pipeline/voice/voiceover";
import {
  FAKE_ELEVENLABS_KEY,
  FakeElevenLabs,
} from "../fakes/elevenlabs-server";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "rw-languages-"));
});
const out = (name: string) => path.join(dir, name);

const GERMAN = [
  "Warum ist das Meer blau?",
  "Das Sonnenlicht wird im Wasser gestreut, und die langen Wellen werden zuerst verschluckt. Übrig bleibt das Blau, das wir vom Strand aus sehen.",
];
const ITALIAN = [
  "Perché il mare è blu?",
  "La luce del sole si disperde nell'acqua, e le onde più lunghe vengono assorbite per prime. Resta il blu che vediamo dalla spiaggia.",
];

/** Every written word once, in order, each inside the audio, none running backwards. */
async function expectTimedWithinAudio(v: Voiceover, segments: string[]) {
  expect(v.silent).toBe(false);
  expect(v.words.map((w) => w.text)).toEqual(segments.join(" ").split(" "));
  for (const [i, w] of v.words.entries()) {
    expect(w.endMs).toBeGreaterThan(w.startMs);
    if (i) expect(w.startMs).toBeGreaterThanOrEqual(v.words[i - 1].endMs);
  }
  const probe = await probeMedia(v.audioFile);
  expect(Math.abs(probe.durationMs - v.durationMs)).toBeLessThan(50);
  expect(v.words.at(-1)!.endMs).toBeLessThanOrEqual(probe.durationMs);
  expect(v.words[0].startMs).toBeGreaterThanOrEqual(0);
  // The engine's timings, not an even spread: a long word takes longer than a short one.
  const length = (text: string) => {
    const w = v.words.find((x) => x.text === text)!;
    return w.endMs - w.startMs;
  };
  return length;
}

describe("the narration's language", () => {
  it("is the article's declaration, or detected when the declaration is the default English", () => {
    const german = GERMAN.join(" ").repeat(2);
    expect(detectLanguage(german)).toBe("de");
    expect(narrationLanguage("en", german)).toBe("de");
    expect(narrationLanguage("it", german)).toBe("it");
    expect(narrationLanguage("de-DE", "Hello")).toBe("de-de");
    // Too short to tell: the declaration stands.
    expect(narrationLanguage("en", "Warum ist das Meer blau?")).toBe("en");
  });
});

describe("offline voices in the reader's language", () => {
  const config = loadConfig({});

  it("narrates a German article with eSpeak NG's German voice, timed word by word by the engine", async () => {
    const plan = await planVoices(config, "de");
    expect(plan.warnings).toEqual([]);
    expect(plan.candidates.map((c) => `${c.provider.id}/${c.voice}`)).toEqual([
      "espeak/de",
    ]);
    const v = await synthesizeVoiceover(
      { segments: GERMAN, voice: "", speed: 1, outFile: out("de.wav") },
      { ...plan, language: "de" },
    );
    expect(v).toMatchObject({
      provider: "espeak",
      voice: "de",
      language: "de",
    });
    const length = await expectTimedWithinAudio(v, GERMAN);
    expect(length("Sonnenlicht")).toBeGreaterThan(2 * length("im"));
    expect(v.segments[1].startMs - v.segments[0].endMs).toBe(350);
    expect(v.warnings).toEqual([]);
  });

  it("narrates an Italian article with Festival's Italian voice", async () => {
    const plan = await planVoices(config, "it");
    expect(plan.candidates.map((c) => `${c.provider.id}/${c.voice}`)).toEqual([
      "festival/lp",
    ]);
    const v = await synthesizeVoiceover(
      { segments: ITALIAN, voice: "", speed: 1, outFile: out("it.wav") },
      { ...plan, language: "it" },
    );
    expect(v).toMatchObject({
      provider: "festival",
      voice: "lp",
      language: "it",
    });
    const length = await expectTimedWithinAudio(v, ITALIAN);
    expect(length("disperde")).toBeGreaterThan(1.5 * length("il"));
  });

  it("uses eSpeak NG for English too when it is the chosen provider", async () => {
    const plan = await planVoices(config, "en", { provider: "espeak" });
    expect(plan.candidates.map((c) => `${c.provider.id}/${c.voice}`)).toEqual([
      "espeak/en-gb",
    ]);
    // The best voice of a language, not the first in alphabetical order.
    const french = await planVoices(config, "fr", { provider: "espeak" });
    expect(french.candidates[0].voice).toBe("fr-fr");
  });

  it("speaks German faster at speed 1.5", async () => {
    const plan = await planVoices(config, "de");
    const [normal, fast] = await Promise.all(
      [1, 1.5].map((speed) =>
        synthesizeVoiceover(
          {
            segments: GERMAN,
            voice: "",
            speed,
            outFile: out(`de-${speed}.wav`),
          },
          { ...plan, language: "de" },
        ),
      ),
    );
    expect(fast.durationMs).toBeLessThan(normal.durationMs * 0.8);
  });

  it("warns, naming what happens, when no offline voice speaks the language, and never reads it as English", async () => {
    const plan = await planVoices(config, "tlh");
    expect(plan.candidates).toEqual([]);
    expect(plan.warnings).toEqual([
      'No offline voice speaks "tlh": the video carries the text on screen with no narration. Set a cloud voice (--voice-provider elevenlabs or openai) to narrate it.',
    ]);
    const v = await synthesizeVoiceover(
      { segments: ["nuqneH"], voice: "", speed: 1, outFile: out("tlh.wav") },
      { ...plan, language: "tlh" },
    );
    expect(v.silent).toBe(true);
    expect(v.warnings).toEqual(plan.warnings);
  });
});

describe("the ElevenLabs voice", () => {
  let fake: FakeElevenLabs;
  beforeAll(async () => {
    fake = await new FakeElevenLabs().start();
  });
  afterAll(() => fake.stop());
  const cloud = (key = FAKE_ELEVENLABS_KEY) =>
    loadConfig({
      VOICE_PROVIDER: "elevenlabs",
      ELEVENLABS_API_KEY: key,
      ELEVENLABS_BASE_URL: fake.url,
    });

  it("maps the characters' timings to the script's words", () => {
    const chars = [..."Hi, you"];
    const words = wordsFromAlignment({
      characters: chars,
      character_start_times_seconds: chars.map((_, i) => i * 0.1),
      character_end_times_seconds: chars.map((_, i) => i * 0.1 + 0.1),
    });
    expect(words).toEqual([
      { word: "Hi,", startMs: 0, endMs: 300 },
      { word: "you", startMs: 400, endMs: 700 },
    ]);
  });

  it("narrates through the with-timestamps endpoint, with its key, each word timed from its characters", async () => {
    fake.failWith = null;
    const segments = [
      "Why is the sea blue?",
      "Sunlight scatters in the water and the long waves are swallowed first.",
    ];
    const plan = await planVoices(cloud(), "en", {
      id: "21m00Tcm4TlvDq8ikWAM",
    });
    expect(plan.candidates.map((c) => c.provider.id)).toEqual([
      "elevenlabs",
      "festival",
    ]);
    const v = await synthesizeVoiceover(
      {
        segments,
        voice: "21m00Tcm4TlvDq8ikWAM",
        speed: 1.1,
        outFile: out("11labs.wav"),
      },
      { ...plan, language: "en" },
    );
    expect(v).toMatchObject({
      provider: "elevenlabs",
      voice: "21m00Tcm4TlvDq8ikWAM",
      language: "en",
      warnings: [],
    });
    const length = await expectTimedWithinAudio(v, segments);
    expect(length("swallowed")).toBeGreaterThan(1.5 * length("the"));
    const speech = fake.requests.filter((r) =>
      r.path.includes("/with-timestamps"),
    );
    expect(speech).toHaveLength(2);
    expect(speech[0].path).toBe(
      "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/with-timestamps?output_format=pcm_24000",
    );
    expect(speech[0].headers["xi-api-key"]).toBe(FAKE_ELEVENLABS_KEY);
    expect(JSON.parse(speech[0].body.toString())).toMatchObject({
      text: segments[0],
      model_id: "eleven_multilingual_v2",
      voice_settings: { speed: 1.1 },
    });
  });

  it("rejects a voice ElevenLabs does not have, naming those it has", async () => {
    const plan = await planVoices(cloud(), "en", { id: "nope" });
    await expect(
      synthesizeVoiceover(
        { segments: ["Hi"], voice: "nope", speed: 1, outFile: out("x.wav") },
        { ...plan, language: "en" },
      ),
    ).rejects.toThrow(
      'voice "nope" is not a elevenlabs voice; choose one of: 21m00Tcm4TlvDq8ikWAM, pNInz6obpgDQGcFmaJgB',
    );
  });

  it("falls back to the offline voice of the same language when the cloud fails, and says so", async () => {
    fake.failWith = 503;
    const plan = await planVoices(cloud(), "de", {
      id: "21m00Tcm4TlvDq8ikWAM",
    });
    const v = await synthesizeVoiceover(
      { segments: GERMAN, voice: "", speed: 1, outFile: out("fallback.wav") },
      { ...plan, language: "de" },
    );
    expect(v).toMatchObject({ provider: "espeak", voice: "de", silent: false });
    expect(v.warnings).toHaveLength(1);
    expect(v.warnings[0]).toMatch(
      /^The elevenlabs voice failed \(ElevenLabs answered 503 .*\); narrating with the espeak voice "de" instead\.$/,
    );
    await expectTimedWithinAudio(v, GERMAN);
  });

  it("falls back too when the key is wrong (the voices cannot even be listed)", async () => {
    fake.failWith = null;
    const plan = await planVoices(cloud("wrong"), "it", {
      id: "21m00Tcm4TlvDq8ikWAM",
    });
    const v = await synthesizeVoiceover(
      { segments: ITALIAN, voice: "", speed: 1, outFile: out("key.wav") },
      { ...plan, language: "it" },
    );
    expect(v).toMatchObject({ provider: "festival", voice: "lp" });
    expect(v.warnings[0]).toContain("ElevenLabs answered 401");
  });
});
