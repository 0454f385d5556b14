import type { z } from "zod";
import type {
  accountSchema,
  apiKeySchema,
  assetSchema,
  auditEntrySchema,
  automationSchema,
  budgetSchema,
  jobBoardSchema,
  jobSchema,
  clipSchema,
  clipSourceSchema,
  clipTranscriptSchema,
  costRowSchema,
  meSchema,
  newKeySchema,
  notificationListSchema,
  projectDetailSchema,
  projectSchema,
  previewAnswerSchema,
  publicationSchema,
  renderSchema,
  renderStatusSchema,
  scriptComparisonSchema,
  scriptRowSchema,
  sectionVisualsSchema,
  siteAnalyticsSchema,
  timelinePointSchema,
  totalsSchema,
  voiceoverSchema,
  voiceSchema,
} from "@/src/api/operations";

/** The API's answers as the pages read them: the operations' own schemas (src/api/operations/). */

export type Me = z.output<typeof meSchema>;

export type Project = z.output<typeof projectSchema>;
/** The props a render would get now, with URLs the Player loads (`GET …/preview-props/`). */
export type PreviewAnswer = z.output<typeof previewAnswerSchema>;
export type ScriptComparison = z.output<typeof scriptComparisonSchema>;
export type {
  ProjectSettings,
  ProjectSettingsPatch,
} from "@/src/services/projects/settings";
export type ScriptRow = z.output<typeof scriptRowSchema>;
export type Asset = z.output<typeof assetSchema>;
export type Render = z.output<typeof renderSchema>;
export type RenderStatus = z.output<typeof renderStatusSchema>;
export type Voiceover = z.output<typeof voiceoverSchema>;
export type ProjectDetail = z.output<typeof projectDetailSchema>;
export type Publication = z.output<typeof publicationSchema>;
export type NotificationList = z.output<typeof notificationListSchema>;
export type Totals = z.output<typeof totalsSchema>;
export type SiteAnalytics = z.output<typeof siteAnalyticsSchema>;
export type TimelinePoint = z.output<typeof timelinePointSchema>;
export type CostRow = z.output<typeof costRowSchema>;
export type Voice = z.output<typeof voiceSchema>;
export type ClipSource = z.output<typeof clipSourceSchema>;
export type Clip = z.output<typeof clipSchema>;
export type ClipTranscript = z.output<typeof clipTranscriptSchema>;
/** One section of the Visuals step: what it shows now and the candidates it could show. */
export type SectionVisuals = z.output<typeof sectionVisualsSchema>;
/** One row of `GET /api/v1/accounts/` (never a token). */
export type SocialAccount = z.output<typeof accountSchema>;
/** One of the site's API keys (never the secret), and a new key with its secret, shown once. */
export type ApiKey = z.output<typeof apiKeySchema>;
export type NewKey = z.output<typeof newKeySchema>;

export type Page<T> = {
  items: T[];
  page: number;
  per_page: number;
  total: number;
};

export type Budget = z.output<typeof budgetSchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;
/** What the site does by itself (`GET/PUT /api/v1/site/automation/`); a new hook secret only once. */
export type Automation = z.output<typeof automationSchema>;
export type Job = z.output<typeof jobSchema>;
export type JobBoard = z.output<typeof jobBoardSchema>;
