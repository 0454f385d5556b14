import { actorOf } from "@/src/api/auth";
import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { recordAudit } from "@/src/services/audit";
import { services } from "@/src/services/context";
import { recordOverride } from "@/src/services/moderation";
import { findRender } from "@/src/services/renders";

export const POST = handle(
  operations.overrideModeration,
  async ({ site, caller, params, body }) => {
    const render = await findRender(site.id, params.id);
    const actor = actorOf(caller!);
    const override = await recordOverride((await services()).database.db, {
      render,
      ...body,
      userId: actor.userId,
      actor: actor.name,
    });
    await recordAudit(site.id, actor, {
      action: "moderation.override",
      targetType: "rendered_video",
      targetId: render.id,
      details: body,
    });
    return Response.json(snake(override), { status: 201 });
  },
);
