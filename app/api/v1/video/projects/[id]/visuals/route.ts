import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { listSectionVisuals } from "@/src/services/visuals";

export const GET = handle(operations.listVisuals, async ({ site, params }) =>
  Response.json({ sections: await listSectionVisuals(site.id, params.id) }),
);
