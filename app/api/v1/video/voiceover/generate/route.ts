import { operations } from "@/src/api/operations";
import { accepted, handle, projectJob } from "@/src/api/route";
import { requestVoiceover } from "@/src/services/voiceover";

export const POST = handle(
  operations.generateVoiceover,
  async ({ site, body }) => {
    const jobId = await requestVoiceover(site.id, {
      ...projectJob(body),
      voice: body.voice_id,
      provider: body.voice_provider,
      speed: body.speed,
    });
    return accepted({ job_id: jobId });
  },
);
