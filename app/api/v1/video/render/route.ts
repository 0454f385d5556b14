import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { queueRenders } from "@/src/services/renders";

export const POST = handle(operations.render, async ({ site, body }) => {
  const results = await queueRenders(site.id, {
    projectId: body.project_id,
    presets: body.presets,
    priority: body.priority,
    scale: body.scale,
    quality: body.quality,
  });
  return Response.json(
    {
      renders: results.map(({ render, reused, jobId }) => ({
        id: render.id,
        preset: render.preset,
        quality: render.quality,
        status: render.status,
        reused,
        job_id: jobId,
      })),
    },
    { status: 202 },
  );
});
