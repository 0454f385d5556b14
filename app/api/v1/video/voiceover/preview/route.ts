import { contentTypeOf } from "@/src/storage";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { voicePreview } from "@/src/services/voiceover";

export const POST = handle(operations.previewVoice, async ({ body }) => {
  const preview = await voicePreview({
    text: body.text,
    voice: body.voice_id,
    speed: body.speed,
  });
  return new Response(new Uint8Array(preview.audio), {
    headers: {
      "content-type": contentTypeOf(preview.file),
      "content-length": String(preview.audio.byteLength),
      "x-duration-ms": String(Math.round(preview.durationMs)),
      "cache-control": "no-store",
    },
  });
});
