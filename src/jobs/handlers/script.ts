import { z } from "zod";
import type { JobHandler } from "../context";
import { PermanentJobError } from "../../services/errors";
import {
  loadProject,
  scriptGroups,
  setProjectStage,
  writeScriptVersion,
} from "../../services/projects/stages";
import { reportProjectFailure } from "./project-failure";

const providerSchema = z.enum(["extractive", "openai"]).optional();

/** A new script version for each script type the project's presets need. */
export const scriptHandler: JobHandler<"script"> = async (
  { projectId, provider },
  job,
  context,
) => {
  try {
    const parsed = providerSchema.safeParse(provider);
    if (!parsed.success)
      throw new PermanentJobError(
        `There is no script provider "${provider}"; choose extractive or openai`,
      );
    const project = await loadProject(context, projectId);
    await setProjectStage(context, projectId, {
      stage: "script",
      percent: 0,
      error: null,
    });
    const versions: number[] = [];
    for (const [type, presets] of scriptGroups(project)) {
      const row = await writeScriptVersion(
        context,
        project,
        { type, presets },
        { provider: parsed.data },
      );
      versions.push(row.id);
    }
    await setProjectStage(context, projectId, {
      stage: "script",
      percent: 100,
    });
    return { scriptIds: versions };
  } catch (error) {
    return reportProjectFailure(context, projectId, job, "script", error);
  }
};
