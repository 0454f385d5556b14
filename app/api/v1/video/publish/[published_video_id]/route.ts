import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { publicationView } from "@/src/api/views";
import {
  cancelPublication,
  reschedulePublication,
} from "@/src/services/publications";

export const PUT = handle(
  operations.reschedulePublish,
  async ({ site, params, body }) => {
    const { publication, jobId } = await reschedulePublication(
      site.id,
      params.published_video_id,
      body.publish_at,
    );
    return Response.json(
      { publication: publicationView(publication), job_id: jobId },
      { status: 202 },
    );
  },
);

export const DELETE = handle(
  operations.cancelPublish,
  async ({ site, params }) => {
    const publication = await cancelPublication(
      site.id,
      params.published_video_id,
    );
    return Response.json(publicationView(publication));
  },
);
