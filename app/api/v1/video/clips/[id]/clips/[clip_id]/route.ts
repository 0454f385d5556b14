import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { clipView } from "@/src/api/views";
import { adjustClip } from "@/src/services/clips";

export const PUT = handle(
  operations.adjustClip,
  async ({ site, params, body }) => {
    const clip = await adjustClip(site.id, params.id, params.clip_id, {
      firstWord: body.first_word,
      lastWord: body.last_word,
    });
    return Response.json(clipView(clip), { status: 202 });
  },
);
