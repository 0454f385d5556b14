import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { and, desc, eq } from "drizzle-orm";
import type { Visual } from "../compositions/schema";
import { loadConfig } from "../config";
import { schema } from "../db";
import type { VideoProject } from "../db/schema";
import { stageTools } from "../pipeline/stages";
import {
  sectionKind,
  scriptText,
  type PlannedSection,
} from "../pipeline/visuals";
import { setSectionImage } from "./assets";
import { services } from "./context";
import { notFound, unprocessable } from "./errors";
import { findProject, projectFolder } from "./projects";
import { parseProjectSettings } from "./projects/settings";
import { parseStoredScript } from "./projects/stages";
import { planProjectVisuals, sectionImageAssets } from "./renders/props";

const { videoAssets, videoProjects, videoScripts } = schema;

/** How much of a section's narration the list shows. */
const TEXT_EXCERPT = 200;

/** Names a candidate across two plans: the same visual offered again is the same candidate. */
const candidateKey = (visual: Visual) =>
  createHash("sha256").update(JSON.stringify(visual)).digest("hex");

/**
 * The project's latest script planned through the same visual stage a render uses, for the first
 * target preset's orientation, without the user's choices so that every candidate is offered.
 */
async function plan(siteId: number, projectId: number) {
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
  const sections = await planProjectVisuals(
    { database, storage, tools },
    project,
    { script, preset: project.targetPresets[0] },
  );
  return { project, script, sections, tools };
}

type Plan = Awaited<ReturnType<typeof plan>>;

/** What each section shows now (an image the user set, a chosen visual, or the plan's pick) and what it could show. */
async function views({ project, script, sections }: Plan) {
  const { db } = (await services()).database;
  const images = await sectionImageAssets(db, project.id);
  const choices = parseProjectSettings(project.settings).visuals ?? {};
  return sections.map((section: PlannedSection, index) => {
    const candidates = section.candidates.map(({ source, score, visual }) => ({
      source,
      score,
      visual,
    }));
    const keys = candidates.map((c) => candidateKey(c.visual));
    const asset = images.find((a) => a.sectionIndex === index);
    const chosen = choices[String(index)];
    const current = asset
      ? {
          source: asset.source,
          type: "image" as const,
          asset_id: asset.id,
          // A chosen image keeps the candidate's address as its source URL.
          candidate: candidates.findIndex(
            (c) => c.visual.type === "image" && c.visual.src === asset.fileUrl,
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

/** Every section of the latest script with its current visual and its candidates. */
export async function listSectionVisuals(siteId: number, projectId: number) {
  return views(await plan(siteId, projectId));
}

/**
 * Makes candidate `candidate` of section `section` the one the next render shows: an image
 * becomes the section's image asset (as an upload would), anything else the project's chosen
 * visual for the section. Remote candidates are downloaded by their provider, never from an
 * address the caller gave.
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
  const visual = picked.fetch ? await picked.fetch() : picked.visual;
  const { database, storage } = await services();
  const choices = {
    ...parseProjectSettings(planned.project.settings).visuals,
  };
  if (visual.type === "image") {
    await setSectionImage(siteId, projectId, {
      bytes: await readFile(await planned.tools.store.localFile(visual.src)),
      sectionIndex: section,
      alt: visual.alt.slice(0, 500),
      focus: visual.focus,
      sourceUrl: picked.visual.type === "image" ? picked.visual.src : "",
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
