import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { approveVoiceover } from "@/src/services/voiceover";

export const POST = handle(
  operations.approveVoiceover,
  async ({ site, params }) =>
    Response.json(snake(await approveVoiceover(site.id, params.project_id))),
);
