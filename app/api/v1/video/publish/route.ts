import { actorOf } from "@/src/api/auth";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { publicationView } from "@/src/api/views";
import { recordAudit } from "@/src/services/audit";
import { publishHistory, publishRender } from "@/src/services/publications";

export const POST = handle(
  operations.publish,
  async ({ site, caller, body }) => {
    const { publication, jobId } = await publishRender(site.id, {
      renderedVideoId: body.rendered_video_id,
      socialAccountId: body.social_account_id,
      title: body.title,
      description: body.description,
      tags: body.tags,
      privacy: body.privacy,
    });
    await recordAudit(site.id, actorOf(caller!), {
      action: "publish.request",
      targetType: "published_video",
      targetId: publication.id,
      details: body,
    });
    return Response.json(
      { publication: publicationView(publication), job_id: jobId },
      { status: 202 },
    );
  },
);

export const GET = handle(
  operations.publishHistory,
  async ({ site, query }) => {
    const items = await publishHistory(site.id, query.project_id);
    return Response.json({ items: items.map(publicationView) });
  },
);
