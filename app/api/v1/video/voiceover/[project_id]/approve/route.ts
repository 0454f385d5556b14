import { reviewOperations } from "@/src/api/review-operations";
import { handle, snake } from "@/src/api/route";
import { approveVoiceover } from "@/src/services/voiceover";

export const POST = handle(
  reviewOperations.approveVoiceover,
  async ({ site, params }) =>
    Response.json(snake(await approveVoiceover(site.id, params.project_id))),
);
