import { accountOperations } from "./accounts";
import { analyticsOperations } from "./analytics";
import { assetOperations } from "./assets";
import { auditOperations } from "./audit";
import { budgetOperations } from "./budgets";
import { jobOperations } from "./jobs";
import { moderationOperations } from "./moderation";
import { automationOperations } from "./automation";
import { authOperations } from "./auth";
import { clipOperations } from "./clips";
import { costOperations } from "./costs";
import { healthOperations } from "./health";
import { keyOperations } from "./keys";
import { notificationOperations } from "./notifications";
import { projectOperations } from "./projects";
import { publishingOperations } from "./publishing";
import { renderOperations } from "./renders";
import { scriptOperations } from "./scripts";
import type { Operation } from "./shared";
import { visualOperations } from "./visuals";
import { voiceoverOperations } from "./voiceover";

/**
 * Every endpoint of the API, one file per resource: its method, path, permission, inputs and
 * answers as zod schemas. `handle()` checks the caller and the inputs with these and parses each
 * answer with its schema; the OpenAPI document is generated from them; and the app's pages import
 * them (paths, answer types), so they import only modules the browser can load.
 */
export const operations = {
  ...healthOperations,
  ...authOperations,
  ...projectOperations,
  ...scriptOperations,
  ...voiceoverOperations,
  ...assetOperations,
  ...visualOperations,
  ...renderOperations,
  ...clipOperations,
  ...publishingOperations,
  ...analyticsOperations,
  ...costOperations,
  ...budgetOperations,
  ...moderationOperations,
  ...auditOperations,
  ...jobOperations,
  ...accountOperations,
  ...keyOperations,
  ...notificationOperations,
  ...automationOperations,
} satisfies Record<string, Operation>;

export type OperationName = keyof typeof operations;

export const COMMON_ERRORS: Record<number, string> = {
  400: "Malformed JSON or an invalid field (named in `error.field`)",
  401: "Missing or unknown API key or session",
  403: "The signed-in user's role may not do this, or an API key called a call keys may not make",
  404: "No such record for this site",
  409: "Conflicts with what exists",
  413: "The body is too large",
  415: "Wrong content type",
  422: "Breaks a business rule",
};

export type { Answer, Operation } from "./shared";
export * from "./accounts";
export * from "./analytics";
export * from "./assets";
export * from "./audit";
export * from "./automation";
export * from "./auth";
export * from "./budgets";
export * from "./clips";
export * from "./costs";
export * from "./jobs";
export * from "./keys";
export * from "./moderation";
export * from "./notifications";
export * from "./projects";
export * from "./publishing";
export * from "./renders";
export * from "./scripts";
export * from "./visuals";
export * from "./voiceover";
