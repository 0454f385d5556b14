import { operations } from "@/src/api/operations";
import { accepted, handle, projectJob } from "@/src/api/route";
import { queueRenders } from "@/src/services/renders";

export const POST = handle(operations.render, async ({ site, body }) => {
  const results = await queueRenders(site.id, {
    ...projectJob(body),
    presets: body.presets,
    scale: body.scale,
    quality: body.quality,
  });
  return accepted({
    renders: results.map(({ render, reused, jobId }) => ({
      id: render.id,
      preset: render.preset,
      quality: render.quality,
      status: render.status,
      reused,
      job_id: jobId,
    })),
  });
});
