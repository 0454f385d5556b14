import { actorOf } from "@/src/api/auth";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { publicationView, queuedPublication } from "@/src/api/views";
import { recordAudit } from "@/src/services/audit";
import { publishHistory, publishRender } from "@/src/services/publications";

export const POST = handle(
  operations.publish,
  async ({ site, caller, body }) => {
    const queued = await publishRender(site.id, {
      renderedVideoId: body.rendered_video_id,
      socialAccountId: body.social_account_id,
      title: body.title,
      description: body.description,
      tags: body.tags,
      privacy: body.privacy,
      publishAt: body.publish_at,
    });
    await recordAudit(site.id, actorOf(caller!), {
      action: "publish.request",
      targetType: "published_video",
      targetId: queued.publication.id,
      details: body,
    });
    return queuedPublication(queued);
  },
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
