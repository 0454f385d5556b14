import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { visualSchema, type Visual } from "../compositions/schema";
import { loadConfig } from "../config";
import { schema } from "../db";
import type { VideoProject } from "../db/schema";
import { log } from "../log";
import { MEDIA_PREFIX } from "../pipeline/media-store";
import { stageTools } from "../pipeline/stages";
import { sectionKind, scriptText } from "../pipeline/visuals";
import { storeRemoteVisual } from "../pipeline/visuals/remote";
import { setSectionImage } from "./assets";
import { services } from "./context";
import { notFound, unprocessable } from "./errors";
import { findProject, projectFolder } from "./projects";
import { parseProjectSettings } from "./projects/settings";
import { parseStoredScript } from "./projects/stages";
import { projectMediaPath } from "./renders/preview";
import { planProjectVisuals, sectionImageAssets } from "./renders/props";

const { videoAssets, videoProjects, videoScripts, visualPlans } = schema;

/** How much of a section's narration the list shows. */
const TEXT_EXCERPT = 200;

/** What `visual_plans.sections` holds: each section's visual and its candidates, best first. */
const storedPlanSchema = z
  .array(
    z.object({
      visual: visualSchema,
      candidates: z
        .array(
          z.object({
            source: z.string().max(40),
            score: z.number(),
            visual: visualSchema,
          }),
        )
        .max(20),
    }),
  )
  .max(200);
type StoredPlan = z.infer<typeof storedPlanSchema>;

/**
 * Names a candidate across two plans: the same visual offered again is the same candidate. A
 * clip is named by its credit: once chosen it is stored under another address.
 */
const candidateKey = (visual: Visual) =>
  createHash("sha256")
    .update(
      JSON.stringify(
        visual.type === "video" ? [visual.type, visual.credit] : visual,
      ),
    )
    .digest("hex");

/** The same-origin address the app shows a stored image candidate from (CSP img-src 'self'). */
const previewUrl = (projectId: number, visual: Visual) =>
  visual.type === "image" && visual.src.startsWith(MEDIA_PREFIX)
    ? projectMediaPath(projectId, visual.src.slice(MEDIA_PREFIX.length))
    : null;

/**
 * The visual plan of the project's latest script for its first target preset: the stored one, or
 * one made through the same visual stage a render uses (without the user's choices, so that every
 * candidate is offered) when there is none for this script version or `refresh` asks. Image
 * candidates are stored in the media store then, so the app can show them.
 */
async function plan(siteId: number, projectId: number, refresh = false) {
  const project = await findProject(siteId, projectId);
  const { database, storage } = await services();
  const [row] = await database.db
    .select()
    .from(videoScripts)
    .where(eq(videoScripts.projectId, projectId))
    .orderBy(desc(videoScripts.createdAt), desc(videoScripts.id))
    .limit(1);
  if (!row)
    throw unprocessable(
      "no_script",
      "The project has no script yet: generate one first",
    );
  const script = parseStoredScript(row);
  const tools = stageTools(loadConfig());
  const preset = project.targetPresets[0];
  const [stored] = refresh
    ? []
    : await database.db
        .select()
        .from(visualPlans)
        .where(
          and(
            eq(visualPlans.projectId, projectId),
            eq(visualPlans.scriptId, row.id),
            eq(visualPlans.preset, preset),
          ),
        );
  const parsed = stored && storedPlanSchema.safeParse(stored.sections);
  if (parsed?.success) return { project, script, sections: parsed.data, tools };

  const planned = await planProjectVisuals(
    { database, storage, tools },
    project,
    { script, preset, allCandidates: true },
  );
  const allowedHosts = tools.config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS;
  const sections: StoredPlan = [];
  for (const [index, section] of planned.entries()) {
    const candidates: StoredPlan[number]["candidates"] = [];
    for (const { source, score, visual } of section.candidates) {
      if (visual.type !== "image") {
        candidates.push({ source, score, visual });
        continue;
      }
      try {
        candidates.push({
          source,
          score,
          visual: await storeRemoteVisual(
            tools.store,
            allowedHosts,
            visual,
            index,
          ),
        });
      } catch (error) {
        log.warn(
          { err: error, projectId, section: index, source },
          "an image candidate could not be stored; it is not offered",
        );
      }
    }
    sections.push({ visual: section.visual, candidates });
  }
  await database.db
    .insert(visualPlans)
    .values({ projectId, scriptId: row.id, preset, sections })
    .onConflictDoUpdate({
      target: [visualPlans.projectId, visualPlans.scriptId, visualPlans.preset],
      set: { sections, createdAt: new Date() },
    });
  return { project, script, sections, tools };
}

type Plan = Awaited<ReturnType<typeof plan>>;

/** What each section shows now (an image the user set, a chosen visual, or the plan's pick) and what it could show. */
async function views({ project, script, sections }: Plan) {
  const { db } = (await services()).database;
  const images = await sectionImageAssets(db, project.id);
  const choices = parseProjectSettings(project.settings).visuals ?? {};
  return sections.map((section, index) => {
    const candidates = section.candidates.map(({ source, score, visual }) => ({
      source,
      score,
      visual,
      preview_url: previewUrl(project.id, visual),
    }));
    const keys = candidates.map((c) => candidateKey(c.visual));
    const asset = images.find((a) => a.sectionIndex === index);
    const chosen = choices[String(index)];
    const current = asset
      ? {
          source: asset.credit?.source ?? asset.source,
          type: "image" as const,
          asset_id: asset.id,
          // A chosen image keeps the candidate's preview address as its file URL.
          candidate: candidates.findIndex(
            (c) => c.preview_url !== null && c.preview_url === asset.fileUrl,
          ),
        }
      : {
          source: (chosen ?? section.visual).credit.source,
          type: (chosen ?? section.visual).type,
          asset_id: null,
          candidate: keys.indexOf(candidateKey(chosen ?? section.visual)),
        };
    return {
      index,
      kind: sectionKind(index, sections.length),
      text: scriptText(script, index).slice(0, TEXT_EXCERPT),
      current: {
        ...current,
        candidate: current.candidate >= 0 ? current.candidate : null,
      },
      candidates,
    };
  });
}

/**
 * Every section of the latest script with its current visual and its candidates, from the stored
 * plan; `refresh` plans again (new searches, new AI images).
 */
export async function listSectionVisuals(
  siteId: number,
  projectId: number,
  refresh = false,
) {
  return views(await plan(siteId, projectId, refresh));
}

/**
 * Makes candidate `candidate` of section `section` the one the next render shows: an image
 * becomes the section's image asset (as an upload would) with its credit, anything else the
 * project's chosen visual for the section. A remote clip is downloaded from the address its
 * provider gave in the stored plan, never from one the caller gave.
 */
export async function chooseSectionVisual(
  siteId: number,
  projectId: number,
  section: number,
  candidate: number,
) {
  const planned = await plan(siteId, projectId);
  const offered = planned.sections[section];
  if (!offered) throw notFound("section", section);
  const picked = offered.candidates[candidate];
  if (!picked)
    throw unprocessable(
      "no_such_candidate",
      `Section ${section} has ${offered.candidates.length} candidates: choose 0 to ${offered.candidates.length - 1}`,
      "candidate",
    );
  const { store, config } = planned.tools;
  const visual = await storeRemoteVisual(
    store,
    config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
    picked.visual,
    section,
  );
  const { database, storage } = await services();
  const choices = {
    ...parseProjectSettings(planned.project.settings).visuals,
  };
  if (visual.type === "image") {
    await setSectionImage(siteId, projectId, {
      bytes: await readFile(await store.localFile(visual.src)),
      sectionIndex: section,
      alt: visual.alt.slice(0, 500),
      focus: visual.focus,
      sourceUrl: previewUrl(projectId, visual) ?? "",
      credit: visual.credit,
      field: "candidate",
    });
    delete choices[String(section)];
  } else {
    const replaced = await database.db
      .delete(videoAssets)
      .where(
        and(
          eq(videoAssets.projectId, projectId),
          eq(videoAssets.sectionIndex, section),
          eq(videoAssets.assetType, "image"),
        ),
      )
      .returning({ filePath: videoAssets.filePath });
    for (const old of replaced)
      if (old.filePath.startsWith(`${projectFolder(projectId)}/assets/`))
        await storage.remove(old.filePath).catch(() => {});
    choices[String(section)] = visual;
  }
  const [project] = await database.db
    .update(videoProjects)
    .set({
      settings: { ...(planned.project.settings as object), visuals: choices },
    })
    .where(eq(videoProjects.id, projectId))
    .returning();
  return (await views({ ...planned, project: project as VideoProject }))[
    section
  ];
}
