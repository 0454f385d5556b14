import { actorOf } from "@/src/api/auth";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { queuedPublication } from "@/src/api/views";
import { recordAudit } from "@/src/services/audit";
import { retryPublication } from "@/src/services/publications";

export const POST = handle(
  operations.retryPublish,
  async ({ site, caller, params }) => {
    const queued = await retryPublication(site.id, params.published_video_id);
    await recordAudit(site.id, actorOf(caller!), {
      action: "publish.retry",
      targetType: "published_video",
      targetId: queued.publication.id,
    });
    return queuedPublication(queued);
  },
);
