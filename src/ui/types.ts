import type { PresetId } from "@/src/compositions/presets";
import type { Script } from "@/src/pipeline/script/script";
import type { PlatformId } from "@/src/platforms";

/** The API's answers as the pages read them (see src/api/operations.ts). */

export type Me = {
  user: { id: number; email: string; name: string; role: string };
  site: { id: number; name: string; slug: string };
  permissions: string[];
};

export type ProjectStatus =
  | "draft"
  | "scripting"
  | "voiceover"
  | "composing"
  | "rendering"
  | "review"
  | "published"
  | "failed";

export type Project = {
  id: number;
  site_id: number;
  content_id: number | null;
  title: string;
  project_type: "short" | "medium" | "long" | null;
  target_presets: PresetId[];
  status: ProjectStatus;
  settings: Record<string, unknown>;
  progress: { stage: string; percent: number; etaMs?: number } | null;
  error: string | null;
  created_at: string;
  updated_at: string;
};

export type ScriptRow = {
  id: number;
  project_id: number;
  video_type: "short" | "medium" | "long";
  version: number;
  script: Script;
  total_estimated_duration_sec: number;
  provider: string;
  created_at: string;
};

export type Asset = {
  id: number;
  project_id: number;
  asset_type: string;
  source: string;
  file_path: string;
  file_url: string;
  alt: string;
  width: number | null;
  height: number | null;
  section_index: number | null;
  focus: { x: number; y: number } | null;
  order: number;
};

export type Render = {
  id: number;
  project_id: number;
  preset: PresetId;
  script_id: number;
  status: "queued" | "rendering" | "completed" | "failed" | "cancelled";
  progress: number;
  stage: string | null;
  eta_ms: number | null;
  scale: number;
  resolution: string | null;
  duration_ms: number | null;
  file_size: number | null;
  metadata: Record<string, unknown> | null;
  error: string | null;
  review_status: "pending" | "approved" | "rejected";
  review_comment: string | null;
  reviewed_at: string | null;
  files: Partial<
    Record<"video" | "srt" | "vtt" | "thumbnail" | "props", string>
  >;
  created_at: string;
};

export type Voiceover = {
  id: number;
  script_id: number;
  provider: string;
  voice: string;
  speed: number;
  duration_ms: number;
  approved_at: string | null;
  created_at: string;
};

export type ProjectDetail = {
  project: Project;
  script: ScriptRow | null;
  voiceover: Voiceover | null;
  assets: Asset[];
  renders: Render[];
};

export type Publication = {
  id: number;
  rendered_video_id: number;
  social_account_id: number;
  platform: "youtube" | "instagram" | "tiktok";
  status: "queued" | "publishing" | "published" | "failed" | "removed";
  title: string;
  description: string;
  tags: string[];
  privacy: string;
  platform_video_id: string | null;
  published_url: string | null;
  error: string | null;
  published_at: string | null;
  created_at: string;
};

export type Totals = {
  videos: number;
  views: number;
  likes: number;
  comments: number;
  shares: number;
  watch_time_seconds: number | null;
};

export type Page<T> = {
  items: T[];
  page: number;
  per_page: number;
  total: number;
};

/** One row of `GET /api/v1/accounts/` (never a token). */
export type SocialAccount = {
  id: number;
  platform: PlatformId;
  external_id: string;
  display_name: string;
  status: "connected" | "reconnect_required" | "disconnected";
  token_expires_at: string | null;
  scopes: string[];
  audited: boolean | null;
  connected_at: string;
  updated_at: string;
};
