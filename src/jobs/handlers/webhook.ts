import { deliverWebhook } from "../../services/webhooks";
import type { JobHandler } from "../context";

/** The `webhook` queue: one signed POST; a refused or failed delivery throws, so the queue retries. */
export const webhookHandler: JobHandler<"webhook"> = (payload, _job, context) =>
  deliverWebhook(payload, {
    db: context.database.db,
    allowedHosts: context.config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
  });
