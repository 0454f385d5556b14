import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { clipSourceView } from "@/src/api/views";
import { deleteClipSource, getClipSource } from "@/src/services/clips";

export const GET = handle(
  operations.getClipSource,
  async ({ site, params }) => {
    const { source, clips } = await getClipSource(site.id, params.id);
    return Response.json(clipSourceView(source, clips));
  },
);

export const DELETE = handle(
  operations.deleteClipSource,
  async ({ site, params }) => {
    await deleteClipSource(site.id, params.id);
    return new Response(null, { status: 204 });
  },
);
