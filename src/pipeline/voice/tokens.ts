/**
 * Splitting narration into the words shown as captions, grouping them into pieces an engine can
 * speak in one go, and making each one speakable by an English engine that only knows ASCII
 * letters, digits and basic punctuation.
 */

/** The words of a text as written, punctuation attached ("world," stays one word). */
export const displayTokens = (text: string): string[] =>
  text.split(/\s+/).filter(Boolean);

/** How long a reader needs for `wordCount` words: 3.3 words a second, at least 1.5 s. */
export const readingTimeMs = (wordCount: number) =>
  Math.max(1500, Math.round((wordCount / 3.3) * 1000));

const URL = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+$/i;

/** "https://www.example.com/lighthouses?x=1" is read as "example dot com slash lighthouses". */
const speakableUrl = (url: string) => {
  const { hostname, pathname } = new globalThis.URL(
    /^www\./i.test(url) ? `http://${url}` : url,
  );
  return [
    hostname.replace(/^www\./, "").replace(/\./g, " dot "),
    ...pathname.split("/").filter(Boolean),
  ].join(" slash ");
};

/**
 * `text` without the characters of `leading` at its start and of `trailing` at its end. A loop, not
 * a regex: `/[…]+$/` retries from every position of a long run that does not reach the end, which
 * is quadratic (a megabyte of "!" took minutes).
 */
function trim(text: string, leading: string, trailing: string) {
  let start = 0;
  let end = text.length;
  while (start < end && leading.includes(text[start])) start++;
  while (end > start && trailing.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

/**
 * The token as the engine should read it: one or more space-separated words (so "50%" becomes
 * "50 percent"), or "" when there is nothing to pronounce (emoji, symbols, scripts other than
 * Latin). The result only holds characters that are safe inside a Festival Scheme string.
 */
export function speakable(token: string): string {
  let text = token;
  const bare = trim(token, `("'«“‘`, `)"'»”’.,;:!?`);
  if (URL.test(bare)) {
    try {
      text = speakableUrl(bare);
    } catch {
      // Not a URL after all: read it as written.
    }
  }
  const plain = text
    .replace(/[‘’ʼ]/g, "'")
    .replace(/[–—―]/g, ", ")
    .replace(/&/g, " and ")
    .replace(/%/g, " percent")
    .replace(/\+/g, " plus ")
    .replace(/[/@#_]/g, " ")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9$'.,;:?!\- ]/g, "")
    .split(" ")
    .map((part) => trim(part, "-'.,;:?!", "-'"))
    .filter((part) => /[A-Za-z0-9]/.test(part));
  return plain.join(" ");
}

const ABBREVIATION = /^(?:[A-Za-z]\.)+$|^(?:mr|mrs|ms|dr|st|vs|etc|no|fig)\.$/i;
const SENTENCE_END = /[.!?…]["'”’)\]]*$/;
const CLAUSE_END = /[,;:–—]["'”’)\]]*$|^[–—]$/;

/**
 * Cuts a run of tokens into pieces of at most `maxChars` characters, at sentence ends where it
 * can, then at clause ends, then anywhere between tokens. Returns each piece's token range
 * [start, end).
 */
export function chunkTokens(
  tokens: string[],
  maxChars: number,
): Array<[number, number]> {
  const endsAt = (test: RegExp, i: number) =>
    test.test(tokens[i]) &&
    !(test === SENTENCE_END && ABBREVIATION.test(tokens[i]));
  const chunks: Array<[number, number]> = [];
  let start = 0;
  while (start < tokens.length) {
    let end = start + 1;
    let chars = tokens[start].length;
    while (end < tokens.length && chars + 1 + tokens[end].length <= maxChars)
      chars += 1 + tokens[end++].length;
    if (end < tokens.length) {
      // Back off to the last sentence end in the piece, or else the last clause end.
      for (const test of [SENTENCE_END, CLAUSE_END]) {
        let cut = end;
        while (cut > start && !endsAt(test, cut - 1)) cut--;
        if (cut > start) {
          end = cut;
          break;
        }
      }
    }
    chunks.push([start, end]);
    start = end;
  }
  return chunks;
}
