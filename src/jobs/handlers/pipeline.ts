import type { VideoScriptRow } from "../../db/schema";
import type { VideoType } from "../../pipeline/script/script";
import type { JobHandler } from "../context";
import { PermanentJobError } from "../../services/errors";
import { settleProjectAfterRender } from "../../services/projects/outcome";
import {
  loadProject,
  narrateGroup,
  scriptGroups,
  setProjectStage,
} from "../../services/projects/stages";
import { priorityOf } from "../queues";
import {
  latestScripts,
  requestRender,
  typeOfPreset,
} from "../../services/renders/lifecycle";

const STAGE_PERCENT = { script: 10, voiceover: 30 } as const;

/**
 * The whole chain for a project: script and narration for each script type its presets need
 * (reusing stored ones, so a retry resumes where the last attempt stopped), then one render per
 * target preset. The renders run as `video` jobs; the last one to finish moves the project to
 * `review` (and queues the posts of a site that auto-publishes).
 */
export const pipelineHandler: JobHandler<"pipeline"> = async (
  { projectId, scale },
  job,
  context,
) => {
  const project = await loadProject(context, projectId);
  if (project.status === "review" || project.status === "published")
    return { skipped: project.status };
  let stage = "script";
  try {
    const scripts = await latestScripts(context.database.db, projectId);
    const chosen = new Map<VideoType, VideoScriptRow>();
    for (const [type, presets] of scriptGroups(project)) {
      const row = await narrateGroup(
        context,
        project,
        { type, presets },
        scripts.get(type),
        async (next) => {
          stage = next;
          await setProjectStage(context, projectId, {
            status: next === "script" ? "scripting" : "voiceover",
            stage: next,
            percent: STAGE_PERCENT[next],
            error: null,
          });
        },
      );
      chosen.set(type, row);
    }
    stage = "render";
    await setProjectStage(context, projectId, {
      status: "rendering",
      stage: "rendering",
      percent: 0,
      error: null,
    });
    for (const preset of project.targetPresets) {
      await requestRender(
        context.database,
        {
          projectId,
          preset,
          scriptId: chosen.get(typeOfPreset(project, preset))!.id,
          scale,
          priority: priorityOf(job.priority),
        },
        context.boss,
      );
    }
    // Every render may have been done already (a chain run again): settle now.
    const outcome = await settleProjectAfterRender(context, projectId);
    return { projectId, outcome };
  } catch (error) {
    const permanent = error instanceof PermanentJobError;
    const last = permanent || job.retryCount >= job.retryLimit;
    const reason = (error as Error).message;
    await setProjectStage(context, projectId, {
      ...(last ? { status: "failed" as const } : {}),
      stage,
      percent: 0,
      error: last
        ? `The ${stage} stage failed: ${reason}`
        : `The ${stage} stage failed (attempt ${job.retryCount + 1} of ${job.retryLimit + 1}): ${reason} Trying again.`,
    });
    if (permanent) return { failed: reason };
    throw error;
  }
};
