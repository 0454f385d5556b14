import { actorOf } from "@/src/api/auth";
import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { projectView, renderView } from "@/src/api/views";
import { recordAudit } from "@/src/services/audit";
import * as projects from "@/src/services/projects";

export const GET = handle(operations.getProject, async ({ site, params }) => {
  const detail = await projects.getProjectDetail(site.id, params.id);
  return Response.json({
    project: projectView(detail.project),
    script: detail.script && snake(detail.script),
    voiceover: detail.voiceover && snake(detail.voiceover),
    assets: detail.assets.map(snake),
    renders: detail.renders.map(renderView),
  });
});

/** A change of settings, recorded in the audit log: the project comes back with all of them. */
export const PATCH = handle(operations.updateProject, async (input) => {
  const { site, caller, params, body } = input;
  const project = await projects.updateProjectSettings(
    site.id,
    params.id,
    body.settings,
  );
  await recordAudit(site.id, actorOf(caller!), {
    action: "settings.update",
    targetType: "video_project",
    targetId: project.id,
    details: body.settings,
  });
  return Response.json({ project: projectView(project) });
});

export const DELETE = handle(
  operations.deleteProject,
  async ({ site, params }) => {
    await projects.deleteProject(site.id, params.id);
    return new Response(null, { status: 204 });
  },
);
