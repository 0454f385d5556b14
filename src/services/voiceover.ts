import { readFile, rm } from "node:fs/promises";
import { desc, eq } from "drizzle-orm";
import { schema } from "../db";
import { sendJob, type Priority } from "../jobs/queues";
import { loadConfig } from "../config";
import { log } from "../log";
import {
  createVoiceProvider,
  listVoices,
  previewVoice,
  type VoiceProviderId,
} from "../pipeline/voice";
import { services } from "./context";
import { unprocessable } from "./errors";
import { findProject, projectDatabase } from "./projects";
import { applySettingsPatch } from "./projects/settings";

/** A cloud provider that cannot list its voices right now is not a bad request: it falls back. */
async function checkVoice(
  voice: string | undefined,
  provider?: VoiceProviderId,
) {
  if (!voice) return;
  const voices = await createVoiceProvider(loadConfig(), provider)
    .listVoices()
    .catch((error: Error) => {
      log.warn({ provider, reason: error.message }, "cannot list the voices");
      return null;
    });
  if (voices && !voices.some((v) => v.id === voice))
    throw unprocessable(
      "unknown_voice",
      `No voice "${voice}"; choose one of: ${voices.map((v) => v.id).join(", ")}`,
      "voice_id",
    );
}

/**
 * Queues the narration of the project's latest script. The chosen voice and speed are kept in the
 * project's settings, where the voiceover job reads them.
 */
export async function requestVoiceover(
  siteId: number,
  request: {
    projectId: number;
    voice?: string;
    provider?: VoiceProviderId;
    speed?: number;
    priority: Priority;
  },
) {
  const project = await findProject(siteId, request.projectId);
  await checkVoice(request.voice, request.provider);
  const { database, queues } = await services();
  const [script] = await database.db
    .select({ id: schema.videoScripts.id })
    .from(schema.videoScripts)
    .where(eq(schema.videoScripts.projectId, project.id))
    .limit(1);
  if (!script)
    throw unprocessable(
      "no_script",
      "The project has no script to narrate yet: generate one first",
      "project_id",
    );
  const settings = applySettingsPatch(project.settings, {
    voice: request.speed ? { speed: request.speed } : {},
  });
  // A voice asked for here replaces the stored one whole: no provider means the configured one.
  if (request.voice || request.provider)
    settings.voice = {
      speed: (settings.voice as { speed?: number } | undefined)?.speed,
      provider: request.provider,
      id: request.voice,
    };
  await database.db
    .update(schema.videoProjects)
    .set({ settings })
    .where(eq(schema.videoProjects.id, project.id));
  return sendJob(
    "voiceover",
    { projectId: project.id },
    {
      priority: request.priority,
      singletonKey: `voiceover:${project.id}`,
      boss: await queues(),
    },
  );
}

/** A short sample of a voice, as audio bytes; the temporary file is removed. */
export async function voicePreview(request: {
  text: string;
  voice?: string;
  speed?: number;
}) {
  await checkVoice(request.voice);
  const result = await previewVoice(request);
  try {
    return {
      audio: await readFile(result.audioFile),
      file: result.audioFile,
      durationMs: result.durationMs,
    };
  } finally {
    await rm(result.audioFile, { force: true });
  }
}

/** The voices to choose from. */
export const voices = () => listVoices();

/** Marks the project's latest narration as approved (a new narration needs approving again). */
export async function approveVoiceover(siteId: number, projectId: number) {
  const db = await projectDatabase(siteId, projectId);
  const [latest] = await db
    .select({ id: schema.voiceovers.id })
    .from(schema.voiceovers)
    .where(eq(schema.voiceovers.projectId, projectId))
    .orderBy(desc(schema.voiceovers.id))
    .limit(1);
  if (!latest)
    throw unprocessable(
      "no_voiceover",
      "The project has no narration to approve yet",
    );
  const [row] = await db
    .update(schema.voiceovers)
    .set({ approvedAt: new Date() })
    .where(eq(schema.voiceovers.id, latest.id))
    .returning({
      id: schema.voiceovers.id,
      approvedAt: schema.voiceovers.approvedAt,
    });
  return row;
}
