/**
 * Splitting narration into the words shown as captions, and making each one speakable by an
 * English engine that only knows ASCII letters, digits and basic punctuation.
 */

/** The words of a text as written, punctuation attached ("world," stays one word). */
export const displayTokens = (text: string): string[] =>
  text.split(/\s+/).filter(Boolean);

const QUOTES: Record<string, string> = {
  "‘": "'",
  "’": "'",
  "“": "",
  "”": "",
  "«": "",
  "»": "",
};

/** The token as the engine should read it, or "" when there is nothing to pronounce (emoji, symbols). */
export function speakable(token: string): string {
  const plain = token
    .replace(/[‘’“”«»]/g, (c) => QUOTES[c] ?? "")
    .replace(/[–—]/g, ",")
    .replace(/&/g, "and")
    .replace(/%/g, " percent")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9'.,;:?!\- ]/g, "")
    .replace(/^[-'.]+|[-']+$/g, "");
  return /[A-Za-z0-9]/.test(plain) ? plain.replace(/ /g, "") : "";
}
