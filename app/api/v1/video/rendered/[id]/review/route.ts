import { actorOf } from "@/src/api/auth";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { renderView } from "@/src/api/views";
import { recordAudit } from "@/src/services/audit";
import { reviewRender } from "@/src/services/renders";

export const POST = handle(
  operations.reviewRendered,
  async ({ site, caller, params, body }) => {
    const render = await reviewRender(site.id, params.id, body);
    await recordAudit(site.id, actorOf(caller!), {
      action: body.decision === "approve" ? "render.approve" : "render.reject",
      targetType: "rendered_video",
      targetId: render.id,
      details: { comment: body.comment ?? null },
    });
    return Response.json(renderView(render));
  },
);
