import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { projectView } from "@/src/api/views";
import { createProject, listProjects } from "@/src/services/projects";

export const POST = handle(operations.createProject, async ({ site, body }) => {
  const { project, jobId } = await createProject(site.id, {
    contentId: body.content_id,
    content: body.content,
    title: body.title,
    projectType: body.project_type,
    targetPresets: body.target_platforms,
    settings: {
      ...body.settings,
      ...(body.faceless !== undefined ? { faceless: body.faceless } : {}),
      ...(body.captions !== undefined ? { captions: body.captions } : {}),
    },
    start: body.start,
    priority: body.priority,
  });
  return Response.json(
    { project: projectView(project), job_id: jobId },
    { status: 201 },
  );
});

export const GET = handle(operations.listProjects, async ({ site, query }) => {
  const page = await listProjects(site.id, {
    status: query.status,
    projectType: query.project_type,
    q: query.q,
    page: query.page,
    perPage: query.per_page,
  });
  return Response.json({
    items: page.items.map(projectView),
    page: page.page,
    per_page: page.perPage,
    total: page.total,
  });
});
