import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { cancelSiteJob } from "@/src/services/job-board";

export const POST = handle(operations.cancelJob, async ({ site, params }) =>
  Response.json(snake(await cancelSiteJob(site.id, params.queue, params.id))),
);
