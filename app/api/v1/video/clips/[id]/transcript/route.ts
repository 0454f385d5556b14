import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { clipTranscript } from "@/src/services/clips";

export const GET = handle(
  operations.clipTranscript,
  async ({ site, params }) => {
    const transcript = await clipTranscript(site.id, params.id);
    return Response.json({
      ...snake(transcript),
      words: transcript.words.map(snake),
      sentences: transcript.sentences.map(snake),
    });
  },
);
