/**
 * The offline moderation check, used when OPENAI_API_KEY is not set: a deliberately small list of
 * words and phrases per category (OpenAI's category names, so the answer reads the same either
 * way), matched as whole words, any case. It catches the obvious, not the subtle: a team that
 * needs more configures OpenAI's moderation endpoint.
 */
const RULES: { category: string; pattern: RegExp }[] = [
  {
    category: "hate",
    pattern: /\b(subhuman|vermin|ethnic cleansing|white power|gas the)\b/i,
  },
  {
    category: "harassment/threatening",
    pattern: /\b(i will|we will|going to) (kill|hurt|find) you\b/i,
  },
  {
    category: "self-harm/intent",
    pattern: /\b(kill (myself|yourself)|kys|end my life|want to die)\b/i,
  },
  {
    category: "sexual",
    pattern: /\b(porn|pornographic|xxx|nude pics|sex tape)\b/i,
  },
  {
    category: "violence",
    pattern: /\b(massacre|behead(ing)?|mass shooting|bomb (a|the) )/i,
  },
  {
    category: "illicit",
    pattern:
      /\b(buy (cocaine|heroin|meth)|counterfeit (money|bills)|stolen credit cards?)\b/i,
  },
];

/** The categories `texts` fall into, each once, in the list's order. */
export function wordListCategories(texts: string[]): string[] {
  return RULES.filter(({ pattern }) => texts.some((t) => pattern.test(t))).map(
    (rule) => rule.category,
  );
}
