import { franc } from "franc-min";

/** ISO 639-3 (what the detector names) to the 639-1 tags voices go by. */
const TWO_LETTER: Record<string, string> = {
  arb: "ar",
  ben: "bn",
  bul: "bg",
  ces: "cs",
  cmn: "zh",
  dan: "da",
  deu: "de",
  ell: "el",
  eng: "en",
  fin: "fi",
  fra: "fr",
  hin: "hi",
  hrv: "hr",
  hun: "hu",
  ind: "id",
  ita: "it",
  jpn: "ja",
  kor: "ko",
  mar: "mr",
  nld: "nl",
  nob: "nb",
  pes: "fa",
  pol: "pl",
  por: "pt",
  ron: "ro",
  rus: "ru",
  slk: "sk",
  spa: "es",
  srp: "sr",
  swe: "sv",
  tam: "ta",
  tel: "te",
  tha: "th",
  tur: "tr",
  ukr: "uk",
  urd: "ur",
  vie: "vi",
  zlm: "ms",
};

/** Below this many characters the detector guesses too often to overrule the article. */
const MIN_DETECT_CHARS = 200;

/** "de-DE" and "de_de" are "de"; the region stays only where a voice may care ("pt-br"). */
export const baseLanguage = (tag: string) =>
  tag.toLowerCase().replace(/_/g, "-").split("-")[0];

/** The language of a text, or null when the detector is unsure or the text is short. */
export function detectLanguage(text: string): string | null {
  if (text.length < MIN_DETECT_CHARS) return null;
  return TWO_LETTER[franc(text, { minLength: MIN_DETECT_CHARS })] ?? null;
}

/**
 * The language to narrate in: the article's own declaration, except that "en" — also what the
 * parser says when an article declares nothing — gives way to a confident detection.
 */
export function narrationLanguage(declared: string, text: string): string {
  const tag = declared.toLowerCase().replace(/_/g, "-");
  if (baseLanguage(tag) !== "en") return tag;
  return detectLanguage(text) ?? tag;
}
