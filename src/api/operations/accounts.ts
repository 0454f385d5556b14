import { z } from "zod";
import { ACCOUNT_STATUSES } from "../../core/statuses";
import { PLATFORM_IDS } from "../../platforms/limits";
import { idParams, items, ok, timestamp, resource } from "./shared";

/** A connected channel as the API shows it: never its tokens. */
export const accountSchema = z.object({
  id: z.number(),
  site_id: z.number(),
  platform: z.enum(PLATFORM_IDS),
  external_id: z.string(),
  display_name: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  token_expires_at: timestamp.nullable(),
  scopes: z.array(z.string()),
  audited: z.boolean().nullable(),
  connected_at: timestamp,
  updated_at: timestamp,
});

/** What the platform appends to the callback; completeConnection checks it (and redirects). */
const accountCallbackQuery = z.object({
  state: z.string().max(512).optional(),
  code: z.string().max(4096).optional(),
  error: z.string().max(512).optional(),
  error_description: z.string().max(2048).optional(),
});

const A = "/api/v1/accounts";

export const accountOperations = resource(
  { tag: "accounts" },
  {
    listAccounts: {
      method: "GET",
      path: `${A}/`,
      summary:
        "The site's YouTube, Instagram and TikTok accounts (never their tokens)",
      permission: "projects.read",
      responses: { 200: ok(items(accountSchema)) },
    },
    connectAccount: {
      method: "POST",
      path: `${A}/connect/`,
      summary:
        "Start connecting an account: the platform's consent URL to send the user's browser to",
      // Connecting or cutting a site's channels is an admin's call, not every writer's.
      permission: "accounts.manage",
      body: z.object({ platform: z.enum(PLATFORM_IDS) }),
      responses: { 200: ok(z.object({ url: z.url() })) },
    },
    accountCallback: {
      method: "GET",
      path: `${A}/callback/{platform}`,
      summary:
        "Where the platform sends the user back (the state names the site, so no API key); redirects to the app's /accounts page with ?connected=<platform> or ?error=<reason>",
      auth: false,
      params: z.object({ platform: z.string().max(20) }),
      query: accountCallbackQuery,
      responses: { 303: { description: "To the app's accounts page" } },
    },
    disconnectAccount: {
      method: "DELETE",
      path: `${A}/{id}/`,
      summary:
        "Disconnect an account: its tokens are wiped, the row stays for its posts' history",
      permission: "accounts.manage",
      params: idParams,
      responses: { 200: ok(accountSchema) },
    },
  },
);
