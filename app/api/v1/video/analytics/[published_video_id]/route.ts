import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { publicationView } from "@/src/api/views";
import { videoAnalytics } from "@/src/services/analytics";

export const GET = handle(
  operations.videoAnalytics,
  async ({ site, params }) => {
    const { publication, timeline } = await videoAnalytics(
      site.id,
      params.published_video_id,
    );
    return Response.json({
      publication: publicationView(publication),
      timeline: timeline.map(snake),
    });
  },
);
