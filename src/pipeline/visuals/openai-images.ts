import { stat } from "node:fs/promises";
import type OpenAI from "openai";
import sharp from "sharp";
import { z } from "zod";
import type { StageCache } from "../cache";
import type { MediaStore } from "../media-store";
import {
  type Candidate,
  type SectionRequest,
  type VisualProvider,
} from "./provider";

/** Used when the theme has no style line of its own. */
export const DEFAULT_IMAGE_STYLE =
  "Editorial photograph, natural light, rich colour, no text or lettering.";
/** A made image fits the section by construction, but a real photo of it is still preferred. */
const AI_SCORE = 0.6;

const storedSchema = z.object({
  src: z.string(),
  width: z.number(),
  height: z.number(),
});

/**
 * OpenAI's image API (OPENAI_IMAGE_MODEL, gpt-image-1 by default) through the `openai` client,
 * prompted with the section's cue and the theme's style line. Each image made is reported through
 * `onImage` for the cost ledger; the same prompt is served from the cache and costs nothing again.
 */
export function openAIImageProvider(options: {
  client: OpenAI;
  model: string;
  style: string;
  store: MediaStore;
  cache: StageCache;
  onImage?: (model: string) => void;
}): VisualProvider {
  return {
    name: "openai",
    source: "ai",
    async candidates(section: SectionRequest): Promise<Candidate[]> {
      const subject = (section.cue || section.text).slice(0, 600);
      if (!subject.trim()) return [];
      const prompt = `${subject}\n\nStyle: ${options.style}`;
      const size =
        section.orientation === "portrait" ? "1024x1536" : "1536x1024";
      const made = await options.cache.getOrCompute(
        "ai-image",
        { model: options.model, prompt, size },
        storedSchema,
        async () => {
          const answer = await options.client.images.generate({
            model: options.model,
            prompt,
            size,
            n: 1,
          });
          const b64 = answer.data?.[0]?.b64_json;
          if (!b64) throw new Error("the image API returned no image");
          const { data, info } = await sharp(Buffer.from(b64, "base64"))
            .jpeg({ quality: 88, mozjpeg: true })
            .toBuffer({ resolveWithObject: true });
          options.onImage?.(options.model);
          return {
            src: await options.store.putBuffer(data, "jpg"),
            width: info.width,
            height: info.height,
          };
        },
        async (v) =>
          stat(await options.store.localFile(v.src)).then(
            () => true,
            () => false,
          ),
      );
      return [
        {
          score: AI_SCORE,
          visual: {
            type: "image",
            ...made.value,
            alt: subject,
            focus: { x: 0.5, y: 0.45 },
            motion: section.index % 2 === 0 ? "in" : "out",
            credit: { source: "openai", author: options.model, url: "" },
          },
        },
      ];
    },
  };
}
