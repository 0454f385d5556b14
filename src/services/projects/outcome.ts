import type { WorkContext } from "../context";
import { settleProject } from "../renders/lifecycle";

/**
 * After a render of the project ends: when all its target presets are rendered the project goes
 * to review (a site's auto-publish waits for the approval: src/services/renders, reviewRender);
 * when some failed, the project goes to `failed`.
 */
export async function settleProjectAfterRender(
  context: WorkContext,
  projectId: number,
) {
  const { outcome } = await settleProject(context.database.db, projectId);
  return outcome;
}
