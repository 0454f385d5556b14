import type { JobHandler } from "../context";
import { PermanentJobError } from "../../services/errors";
import {
  loadProject,
  narrateScriptVersion,
  scriptGroups,
  setProjectStage,
} from "../../services/projects/stages";
import { latestScripts } from "../../services/renders/lifecycle";
import { reportProjectFailure } from "./project-failure";

/** A narration of the newest script version of each type, with the project's voice settings. */
export const voiceoverHandler: JobHandler<"voiceover"> = async (
  { projectId },
  job,
  context,
) => {
  try {
    const project = await loadProject(context, projectId);
    const scripts = await latestScripts(context.database.db, projectId);
    await setProjectStage(context, projectId, {
      stage: "voiceover",
      percent: 0,
      error: null,
    });
    const voiceoverIds: number[] = [];
    for (const type of scriptGroups(project).keys()) {
      const script = scripts.get(type);
      if (!script)
        throw new PermanentJobError(
          `The project has no ${type} script to narrate yet: write the script first`,
        );
      voiceoverIds.push(
        (await narrateScriptVersion(context, project, script)).id,
      );
    }
    await setProjectStage(context, projectId, {
      stage: "voiceover",
      percent: 100,
    });
    return { voiceoverIds };
  } catch (error) {
    return reportProjectFailure(context, projectId, job, "voiceover", error);
  }
};
