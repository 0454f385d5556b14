import { fetchEngagement } from "../../services/analytics";
import type { JobHandler } from "../context";

/** The `engagement` queue: on demand for one video, every 12 hours for all (see the worker). */
export const engagementHandler: JobHandler<"engagement"> = async (
  { publishedVideoId },
  _job,
  context,
) => {
  const results = await fetchEngagement(
    context.database,
    context.config,
    publishedVideoId,
  );
  return {
    fetched: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
  };
};
