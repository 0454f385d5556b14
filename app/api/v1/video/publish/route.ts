import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { publicationView } from "@/src/api/views";
import { publishHistory, publishRender } from "@/src/services/publications";

export const POST = handle(operations.publish, async ({ site, body }) => {
  const { publication, jobId } = await publishRender(site.id, {
    renderedVideoId: body.rendered_video_id,
    socialAccountId: body.social_account_id,
    title: body.title,
    description: body.description,
    tags: body.tags,
    privacy: body.privacy,
    publishAt: body.publish_at,
  });
  return Response.json(
    { publication: publicationView(publication), job_id: jobId },
    { status: 202 },
  );
});

export const GET = handle(
  operations.publishHistory,
  async ({ site, query }) => {
    const items = await publishHistory(site.id, {
      projectId: query.project_id,
      status: query.status,
    });
    return Response.json({ items: items.map(publicationView) });
  },
);
