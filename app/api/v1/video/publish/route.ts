import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { publicationView, queuedPublication } from "@/src/api/views";
import { publishHistory, publishRender } from "@/src/services/publications";

export const POST = handle(operations.publish, async ({ site, body }) =>
  queuedPublication(
    await publishRender(site.id, {
      renderedVideoId: body.rendered_video_id,
      socialAccountId: body.social_account_id,
      title: body.title,
      description: body.description,
      tags: body.tags,
      privacy: body.privacy,
      publishAt: body.publish_at,
    }),
  ),
);

export const GET = handle(operations.publishHistory, async ({ site, query }) =>
  Response.json({
    items: (
      await publishHistory(site.id, {
        projectId: query.project_id,
        status: query.status,
      })
    ).map(publicationView),
  }),
);
