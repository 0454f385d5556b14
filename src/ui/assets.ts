import { paths } from "./api";
import type { Asset } from "./types";

export const assetUrl = (asset: Asset) =>
  paths.assetFile(asset.project_id, asset.id);

/** The image of each section (0 is the hook), by section index. */
export const sectionImages = (assets: Asset[]) =>
  new Map(
    assets
      .filter((a) => a.asset_type === "image" && a.section_index !== null)
      .map((a) => [a.section_index!, a]),
  );
