import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { findRender, findRenderPieces } from "@/src/services/renders";

export const GET = handle(operations.renderStatus, async ({ site, params }) => {
  const render = await findRender(site.id, params.id);
  const pieces = await findRenderPieces(render.id);
  return Response.json({
    id: render.id,
    status: render.status,
    progress: render.progress,
    stage: render.stage,
    eta_ms: render.etaMs,
    error: render.error,
    pieces: pieces.map((piece) => ({
      index: piece.index,
      frames: [piece.frameFrom, piece.frameTo],
      status: piece.status,
      worker: piece.worker,
    })),
  });
});
