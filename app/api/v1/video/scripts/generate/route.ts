import { operations } from "@/src/api/operations";
import { accepted, handle, projectJob } from "@/src/api/route";
import { requestScript } from "@/src/services/scripts";

export const POST = handle(
  operations.generateScript,
  async ({ site, body }) => {
    const jobId = await requestScript(site.id, {
      ...projectJob(body),
      provider: body.provider,
    });
    return accepted({ job_id: jobId });
  },
);
