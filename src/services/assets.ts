import { MAX_IMAGE_BYTES } from "../core/uploads";
import { randomBytes } from "node:crypto";
import { lookup } from "node:dns/promises";
import { writeFile } from "node:fs/promises";
import { BlockList, isIP } from "node:net";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { schema } from "../db";
import { download, ImageRejected } from "../pipeline/content/images";
import { services } from "./context";
import { ServiceError, unprocessable } from "./errors";
import { findProject, projectFolder } from "./projects";

const { videoAssets } = schema;

/** What an uploaded image may be: the formats the compositions draw, within a size. */
const IMAGE_FORMATS = { jpeg: "jpg", png: "png", webp: "webp" } as const;
export { MAX_IMAGE_BYTES };
const MAX_PIXELS = 100_000_000;
const FETCH_TIMEOUT_MS = 15_000;

export async function listAssets(siteId: number, projectId: number) {
  await findProject(siteId, projectId);
  const { db } = (await services()).database;
  return db
    .select()
    .from(videoAssets)
    .where(eq(videoAssets.projectId, projectId))
    .orderBy(videoAssets.sectionIndex, videoAssets.order, videoAssets.id);
}

/** Where a client may not make the service fetch from: its own machine and private networks. */
const PRIVATE_NETWORKS = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["224.0.0.0", 3],
] as const)
  PRIVATE_NETWORKS.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 127],
  ["::ffff:0:0", 96],
  ["64:ff9b::", 96],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  PRIVATE_NETWORKS.addSubnet(network, prefix, "ipv6");

async function assertPublicHost(url: string) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true }).catch(() => {
        throw unprocessable(
          "image_rejected",
          `${url}: no host ${host}`,
          "image_url",
        );
      });
  if (
    addresses.some((a) =>
      PRIVATE_NETWORKS.check(a.address, a.family === 6 ? "ipv6" : "ipv4"),
    )
  )
    throw unprocessable(
      "image_rejected",
      `${url}: images are not fetched from local or private addresses`,
      "image_url",
    );
}

/** Fetches an image for a section, within the same limits as an upload. */
export async function fetchImage(url: string) {
  if (!(await services()).allowPrivateHosts) await assertPublicHost(url);
  try {
    return await download(url, FETCH_TIMEOUT_MS, MAX_IMAGE_BYTES);
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
      })
      .returning();
    return { created, replaced };
  });
  for (const old of replaced)
    if (old.filePath.startsWith(`${projectFolder(projectId)}/assets/`))
      await storage.remove(old.filePath).catch(() => {});
  return created;
}
