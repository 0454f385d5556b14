import { operations } from "@/src/api/operations";
import { accepted, handle } from "@/src/api/route";
import { publicationView } from "@/src/api/views";
import { retryPublication } from "@/src/services/publications";

export const POST = handle(
  operations.retryPublish,
  async ({ site, params }) => {
    const { publication, jobId } = await retryPublication(
      site.id,
      params.published_video_id,
    );
    return accepted({
      publication: publicationView(publication),
      job_id: jobId,
    });
  },
);
