/** Long plain articles for the duration-fitting tests. */

const WORDS = [
  "lighthouse",
  "keeper",
  "storm",
  "harbour",
  "lantern",
  "signal",
  "coast",
  "wave",
  "rock",
  "ship",
  "night",
  "beam",
  "tower",
  "fog",
  "sailor",
  "compass",
];

/** A deterministic article of about `bytes` bytes, in headed sections of plain sentences. */
export function bigArticle(bytes: number): string {
  let seed = 1;
  const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const sentence = () => {
    const words = Array.from(
      { length: 8 + Math.floor(next() * 14) },
      () => WORDS[Math.floor(next() * WORDS.length)],
    );
    return `${words[0][0].toUpperCase()}${words.join(" ").slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: 5 }, sentence).join(" ");
  let md = `---\ntitle: Lighthouses of the north\nkeywords: [lighthouse]\n---\n\n# Lighthouses of the north\n\n${paragraph()}\n\n`;
  for (let part = 1; md.length < bytes; part++)
    md += `## Part ${part}\n\n${Array.from({ length: 6 }, paragraph).join("\n\n")}\n\n`;
  return md;
}
