import { cookieOf } from "@/src/api/auth";
import { operations } from "@/src/api/operations";
import { SESSION_COOKIE } from "@/src/auth/sessions";
import { handle } from "@/src/api/route";
import { loadConfig } from "@/src/config";
import { log } from "@/src/log";
import { trimSlash } from "@/src/platforms/endpoints";
import { services } from "@/src/services/context";
import {
  AccountConnectionError,
  completeConnection,
} from "@/src/services/social-accounts";

/**
 * The platform's redirect after consent. The browser is sent on to the app's accounts page with
 * the outcome in the query; nothing from the platform (code, tokens, messages) goes along.
 */
export const GET = handle(
  operations.accountCallback,
  async ({ request, params, query }) => {
    const config = loadConfig();
    const back = (outcome: Record<string, string>) =>
      Response.redirect(
        `${trimSlash(config.REELWRIGHT_PUBLIC_URL)}/accounts?${new URLSearchParams(outcome)}`,
        303,
      );
    const { db } = (await services()).database;
    try {
      const account = await completeConnection(
        db,
        { platform: params.platform, ...query },
        config,
        cookieOf(request, SESSION_COOKIE),
      );
      return back({ connected: account.platform });
    } catch (error) {
      if (error instanceof AccountConnectionError)
        return back({ error: error.reason });
      log.error(
        { platform: params.platform, err: error },
        "account callback failed",
      );
      return back({ error: "server_error" });
    }
  },
);
