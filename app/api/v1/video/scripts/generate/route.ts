import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { requestScript } from "@/src/services/scripts";

export const POST = handle(
  operations.generateScript,
  async ({ site, body }) => {
    const jobId = await requestScript(site.id, {
      projectId: body.project_id,
      provider: body.provider,
      priority: body.priority,
    });
    return Response.json({ job_id: jobId }, { status: 202 });
  },
);
