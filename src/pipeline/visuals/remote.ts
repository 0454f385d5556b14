import type { Visual } from "../../compositions/schema";
import { loadArticleImages } from "../content";
import { download } from "../content/images";
import type { AllowedHost } from "../../net/fetch-guard";
import type { MediaStore } from "../media-store";
import { probeMedia } from "../render/probe";
import type {
  Candidate,
  SectionRequest,
  StockProviderOptions,
} from "./provider";

/** Stored stock and AI images fit inside this box, like the article's own. */
const MAX_IMAGE_SIDE = 2880;
const FETCH_TIMEOUT_MS = 30_000;
/** Stock clips are picked at HD size; anything larger is refused. */
const MAX_CLIP_BYTES = 80_000_000;

/** Downloads a remote image through the article image path (fetch guard, limits, scaling). */
export async function storeRemoteImage(
  store: MediaStore,
  allowedHosts: AllowedHost[],
  url: string,
  alt: string,
  credit: Visual["credit"],
  index: number,
): Promise<Visual> {
  const { images, problems } = await loadArticleImages(
    { images: [{ src: url, alt }] },
    {
      store,
      maxWidth: MAX_IMAGE_SIDE,
      maxHeight: MAX_IMAGE_SIDE,
      localFiles: null,
      allowedHosts,
      fetchTimeoutMs: FETCH_TIMEOUT_MS,
    },
  );
  const image = images[0];
  if (!image) throw new Error(`${url}: ${problems[0]?.reason}`);
  return {
    type: "image",
    src: image.src,
    alt,
    width: image.width,
    height: image.height,
    focus: { x: 0.5, y: 0.45 },
    motion: index % 2 === 0 ? "in" : "out",
    credit,
  };
}

/** A remote stock image offered for a section: shown from its URL, stored only once chosen. */
export function remoteImageCandidate(
  options: Pick<StockProviderOptions, "store" | "allowedHosts">,
  section: SectionRequest,
  image: {
    src: string;
    alt: string;
    width: number;
    height: number;
    credit: Visual["credit"];
    score: number;
  },
): Candidate {
  return {
    score: image.score,
    visual: {
      type: "image",
      src: image.src,
      alt: image.alt,
      width: image.width,
      height: image.height,
      focus: { x: 0.5, y: 0.45 },
      motion: "in",
      credit: image.credit,
    },
    fetch: () =>
      storeRemoteImage(
        options.store,
        options.allowedHosts,
        image.src,
        image.alt,
        image.credit,
        section.index,
      ),
  };
}

/** Downloads a stock clip into the media store; its length comes from ffprobe, not the API. */
export async function storeRemoteClip(
  store: MediaStore,
  allowedHosts: AllowedHost[],
  url: string,
  credit: Visual["credit"],
): Promise<Visual> {
  const bytes = await download(url, {
    allowedHosts,
    timeoutMs: FETCH_TIMEOUT_MS * 4,
    maxBytes: MAX_CLIP_BYTES,
    contentTypes: ["video/*"],
  });
  const src = await store.putBuffer(bytes, "mp4");
  const probe = await probeMedia(store.resolve(src));
  if (!probe.video) throw new Error(`${url}: no video stream`);
  return {
    type: "video",
    src,
    width: probe.video.width,
    height: probe.video.height,
    durationMs: probe.video.durationMs,
    credit,
  };
}

/**
 * A candidate's remote image or clip (a provider's address, kept in a stored plan) stored in the
 * media store; any other visual as it is.
 */
export async function storeRemoteVisual(
  store: MediaStore,
  allowedHosts: AllowedHost[],
  visual: Visual,
  index: number,
): Promise<Visual> {
  if (!("src" in visual) || !/^https?:\/\//.test(visual.src)) return visual;
  return visual.type === "image"
    ? storeRemoteImage(
        store,
        allowedHosts,
        visual.src,
        visual.alt,
        visual.credit,
        index,
      )
    : storeRemoteClip(store, allowedHosts, visual.src, visual.credit);
}
