import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { voices } from "@/src/services/voiceover";

export const GET = handle(operations.listVoices, async () =>
  Response.json({ items: await voices() }),
);
