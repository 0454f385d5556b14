import { PLATFORMS } from "../../platforms/limits";
import type { Article } from "../content/article";
import { fitTo } from "../metadata";
import type { Script } from "./script";

/** Room left in descriptions for what the metadata stage appends (chapters, hashtags). */
const APPENDIX_ROOM = { bytes: 1000, chars: 600 };

/** Cuts every SEO field to its platform's limits. */
export function clampSeo(seo: Script["seo"]): Script["seo"] {
  const bytes = (s: string) => Buffer.byteLength(s, "utf8");
  const youtubeTags: string[] = [];
  for (const tag of seo.youtube.tags) {
    if (
      [...youtubeTags, tag].join(",").length >
      PLATFORMS.youtube.tagsMaxTotalChars
    )
      break;
    youtubeTags.push(tag);
  }
  return {
    youtube: {
      title: fitTo(seo.youtube.title, PLATFORMS.youtube.title.max),
      description: fitTo(
        seo.youtube.description,
        PLATFORMS.youtube.description.max - APPENDIX_ROOM.bytes,
        bytes,
      ),
      tags: youtubeTags,
    },
    instagram: {
      title: fitTo(seo.instagram.title, PLATFORMS.instagram.caption.max),
      description: fitTo(
        seo.instagram.description,
        PLATFORMS.instagram.caption.max - APPENDIX_ROOM.chars,
      ),
      tags: seo.instagram.tags.slice(0, PLATFORMS.instagram.hashtagsMax),
    },
    tiktok: {
      title: fitTo(seo.tiktok.title, PLATFORMS.tiktok.title.max),
      description: fitTo(
        seo.tiktok.description,
        PLATFORMS.tiktok.title.max - APPENDIX_ROOM.chars,
      ),
      tags: seo.tiktok.tags.slice(0, PLATFORMS.tiktok.hashtagsMax),
    },
  };
}

/** Title, description and tags per platform from the article and its script. */
export function buildSeo(
  article: Article,
  script: Script,
  termCounts: Array<[string, number]>,
): Script["seo"] {
  const topTerms = termCounts
    .filter(([t]) => t.length > 3 && !/^\d+$/.test(t))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 12)
    .map(([t]) => t);
  const tags = [
    ...new Set(
      [...article.keywords, ...topTerms]
        .map((t) => t.toLowerCase().trim())
        .filter(Boolean),
    ),
  ];
  const lead = article.metaDescription || script.intro;
  const summary = script.points
    .filter((p) => p.textOverlay)
    .map((p) => `• ${p.textOverlay}`)
    .join("\n");
  const social = {
    title: article.title,
    description: `${script.hook} ${lead}`,
    tags,
  };
  return clampSeo({
    youtube: {
      title: article.title,
      description: summary ? `${lead}\n\nIn this video:\n${summary}` : lead,
      tags,
    },
    instagram: social,
    tiktok: social,
  });
}
