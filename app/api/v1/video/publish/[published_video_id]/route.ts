import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { publicationView, queuedPublication } from "@/src/api/views";
import {
  cancelPublication,
  reschedulePublication,
} from "@/src/services/publications";

export const PUT = handle(
  operations.reschedulePublish,
  async ({ site, params, body }) =>
    queuedPublication(
      await reschedulePublication(
        site.id,
        params.published_video_id,
        body.publish_at,
      ),
    ),
);

export const DELETE = handle(
  operations.cancelPublish,
  async ({ site, params }) =>
    Response.json(
      publicationView(
        await cancelPublication(site.id, params.published_video_id),
      ),
    ),
);
