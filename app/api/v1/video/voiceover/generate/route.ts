import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { requestVoiceover } from "@/src/services/voiceover";

export const POST = handle(
  operations.generateVoiceover,
  async ({ site, body }) => {
    const jobId = await requestVoiceover(site.id, {
      projectId: body.project_id,
      voice: body.voice_id,
      provider: body.voice_provider,
      speed: body.speed,
      priority: body.priority,
    });
    return Response.json({ job_id: jobId }, { status: 202 });
  },
);
