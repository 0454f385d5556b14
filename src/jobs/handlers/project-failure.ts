import { eq } from "drizzle-orm";
import { videoProjects } from "../../db/schema";
import type { JobContext, JobHandler } from "../context";
import { PermanentJobError } from "../../services/errors";

/**
 * Records a stand-alone stage's failure on the project, in words the user reads; rethrows so
 * pg-boss retries it, unless no retry can help.
 */
export async function reportProjectFailure(
  context: JobContext,
  projectId: number,
  job: Parameters<JobHandler<"script">>[1],
  stage: string,
  error: unknown,
) {
  const permanent = error instanceof PermanentJobError;
  const last = permanent || job.retryCount >= job.retryLimit;
  const reason = error instanceof Error ? error.message : String(error);
  await context.database.db
    .update(videoProjects)
    .set({
      error: last
        ? `The ${stage} could not be made: ${reason}`
        : `The ${stage} failed (attempt ${job.retryCount + 1} of ${job.retryLimit + 1}): ${reason} Trying again.`,
    })
    .where(eq(videoProjects.id, projectId));
  if (permanent) return { failed: reason };
  throw error;
}
