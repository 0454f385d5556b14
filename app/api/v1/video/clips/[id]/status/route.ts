import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { clipSourceView } from "@/src/api/views";
import { getClipSource } from "@/src/services/clips";

export const GET = handle(
  operations.clipSourceStatus,
  async ({ site, params }) => {
    const { source, clips } = await getClipSource(site.id, params.id);
    return Response.json(clipSourceView(source, clips));
  },
);
