import { fitTo } from "../pipeline/metadata";

/**
 * Caption text (Instagram's caption, TikTok's title): the description, then those of the post's
 * tags not already in it as hashtags, cut to the platform's length and hashtag limits.
 */
export function captionFor(
  description: string,
  tags: string[],
  limits: { maxChars: number; hashtagsMax: number },
) {
  const present: string[] = description.match(/#[\p{L}\p{N}_]+/gu) ?? [];
  const room = Math.max(0, limits.hashtagsMax - present.length);
  const added = [
    ...new Set(
      tags
        .map((tag) => "#" + tag.replace(/[^\p{L}\p{N}_]+/gu, ""))
        .filter((tag) => tag.length > 1 && !present.includes(tag)),
    ),
  ].slice(0, room);
  const tagLine = added.join(" ");
  if (!tagLine) return fitTo(description, limits.maxChars);
  const text = fitTo(description, limits.maxChars - tagLine.length - 2);
  return text ? `${text}\n\n${tagLine}` : tagLine;
}
