import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { projectView, renderView } from "@/src/api/views";
import {
  deleteProject,
  getProjectDetail,
  updateProjectSettings,
} from "@/src/services/projects";

export const GET = handle(operations.getProject, async ({ site, params }) => {
  const detail = await getProjectDetail(site.id, params.id);
  return Response.json({
    project: projectView(detail.project),
    script: detail.script && snake(detail.script),
    voiceover: detail.voiceover && snake(detail.voiceover),
    assets: detail.assets.map(snake),
    renders: detail.renders.map(renderView),
  });
});

export const PATCH = handle(
  operations.updateProject,
  async ({ site, params, body }) => {
    const project = await updateProjectSettings(
      site.id,
      params.id,
      body.settings,
    );
    return Response.json({ project: projectView(project) });
  },
);

export const DELETE = handle(
  operations.deleteProject,
  async ({ site, params }) => {
    await deleteProject(site.id, params.id);
    return new Response(null, { status: 204 });
  },
);
