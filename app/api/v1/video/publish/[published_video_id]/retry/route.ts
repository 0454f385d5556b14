import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { queuedPublication } from "@/src/api/views";
import { retryPublication } from "@/src/services/publications";

export const POST = handle(operations.retryPublish, async ({ site, params }) =>
  queuedPublication(await retryPublication(site.id, params.published_video_id)),
);
