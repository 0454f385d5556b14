import { reviewOperations } from "@/src/api/review-operations";
import { handle } from "@/src/api/route";
import { voices } from "@/src/services/voiceover";

export const GET = handle(reviewOperations.listVoices, async () =>
  Response.json({ items: await voices() }),
);
