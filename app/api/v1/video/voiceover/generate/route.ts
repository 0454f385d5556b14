import { operations } from "@/src/api/operations";
import { accepted, handle } from "@/src/api/route";
import { requestVoiceover } from "@/src/services/voiceover";

export const POST = handle(
  operations.generateVoiceover,
  async ({ site, body }) => {
    const { project_id, voice_id, voice_provider, ...choice } = body;
    const jobId = await requestVoiceover(site.id, {
      ...choice,
      projectId: project_id,
      voice: voice_id,
      provider: voice_provider,
    });
    return accepted({ job_id: jobId });
  },
);
