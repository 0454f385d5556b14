import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { sendClipOn } from "@/src/services/clips/send-on";

export const POST = handle(operations.sendClipOn, async ({ site, params }) => {
  const { projectId, renderId } = await sendClipOn(
    site.id,
    params.id,
    params.clip_id,
  );
  return Response.json(
    { project_id: projectId, render_id: renderId },
    { status: 201 },
  );
});
