import { MAX_IMAGE_BYTES } from "../core/uploads";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { loadConfig } from "../config";
import type { Visual } from "../compositions/schema";
import { schema } from "../db";
import { download, ImageRejected } from "../pipeline/content/images";
import { services } from "./context";
import { ServiceError, unprocessable } from "./errors";
import { findOwned } from "./owned";
import { findProject, projectDatabase, projectFolder } from "./projects";

const { videoAssets } = schema;

/** What an uploaded image may be: the formats the compositions draw, within a size. */
const IMAGE_FORMATS = { jpeg: "jpg", png: "png", webp: "webp" } as const;
export { MAX_IMAGE_BYTES };
const MAX_PIXELS = 100_000_000;
const FETCH_TIMEOUT_MS = 15_000;

export async function listAssets(siteId: number, projectId: number) {
  const db = await projectDatabase(siteId, projectId);
  return db
    .select()
    .from(videoAssets)
    .where(eq(videoAssets.projectId, projectId))
    .orderBy(videoAssets.sectionIndex, videoAssets.order, videoAssets.id);
}

/** Fetches an image for a section through the outbound-fetch guard, within an upload's limits. */
export async function fetchImage(url: string) {
  try {
    return await download(url, {
      allowedHosts: loadConfig().REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
      timeoutMs: FETCH_TIMEOUT_MS,
      maxBytes: MAX_IMAGE_BYTES,
    });
  } catch (error) {
    if (error instanceof ImageRejected)
      throw unprocessable(
        "image_rejected",
        `${url}: ${error.message}`,
        "image_url",
      );
    throw error;
  }
}

/** The image's format and size, read from its bytes (never from what the client claims). */
async function inspect(bytes: Buffer, field: string) {
  const meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
    .metadata()
    .catch(() => null);
  const format = meta?.format as keyof typeof IMAGE_FORMATS | undefined;
  if (
    !meta ||
    !format ||
    !(format in IMAGE_FORMATS) ||
    !meta.width ||
    !meta.height
  )
    throw new ServiceError(
      "unsupported_media",
      `Not a JPEG, PNG or WebP image${meta?.format ? ` (${meta.format})` : ""}`,
      "unsupported_image",
      field,
    );
  return {
    extension: IMAGE_FORMATS[format],
    width: meta.width,
    height: meta.height,
  };
}

/**
 * Sets the image of one script section (0 is the hook), replacing the one it had; the focus point
 * is where the Ken Burns move centres.
 */
export async function setSectionImage(
  siteId: number,
  projectId: number,
  image: {
    bytes: Buffer;
    sectionIndex: number;
    alt?: string;
    focus?: { x: number; y: number };
    sourceUrl?: string;
    /** A chosen stock or AI image's credit, kept for the props and the description. */
    credit?: Visual["credit"];
    field: string;
  },
) {
  await findProject(siteId, projectId);
  const { extension, width, height } = await inspect(image.bytes, image.field);
  const { database, storage } = await services();
  const key = `${projectFolder(projectId)}/assets/section-${image.sectionIndex}-${randomBytes(4).toString("hex")}.${extension}`;
  await storage.write(key, (temporary) => writeFile(temporary, image.bytes));
  const sameSection = and(
    eq(videoAssets.projectId, projectId),
    eq(videoAssets.sectionIndex, image.sectionIndex),
    eq(videoAssets.assetType, "image"),
  );
  const { created, replaced } = await database.db.transaction(async (tx) => {
    const replaced = await tx
      .delete(videoAssets)
      .where(sameSection)
      .returning({ filePath: videoAssets.filePath });
    const [created] = await tx
      .insert(videoAssets)
      .values({
        projectId,
        assetType: "image",
        source: "uploaded",
        filePath: key,
        fileUrl: image.sourceUrl ?? "",
        alt: image.alt ?? "",
        width,
        height,
        sectionIndex: image.sectionIndex,
        focus: image.focus ?? null,
        credit: image.credit ?? null,
      })
      .returning();
    return { created, replaced };
  });
  for (const old of replaced)
    if (old.filePath.startsWith(`${projectFolder(projectId)}/assets/`))
      await storage.remove(old.filePath).catch(() => {});
  return created;
}

/** The storage key of one of the project's assets. */
export async function assetFile(
  siteId: number,
  projectId: number,
  assetId: number,
) {
  const asset = await findOwned(
    await projectDatabase(siteId, projectId),
    schema.videoAssets,
    assetId,
    [schema.videoAssets.projectId, projectId],
    "asset",
  );
  return asset;
}
