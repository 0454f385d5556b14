import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { retrySiteJob } from "@/src/services/job-board";

export const POST = handle(operations.retryJob, async ({ site, params }) =>
  Response.json(snake(await retrySiteJob(site.id, params.queue, params.id))),
);
