import { log } from "../../log";
import { pollFeed, sitesWithFeeds } from "../../services/content-intake";
import type { JobHandler } from "../context";

/** The `feeds` queue: every 15 minutes each site's feed (see the worker); one site's failing stops no other. */
export const feedsHandler: JobHandler<"feeds"> = async (
  { siteId },
  _job,
  context,
) => {
  const { db } = context.database;
  const ids =
    siteId === undefined
      ? (await sitesWithFeeds(db)).map((site) => site.id)
      : [siteId];
  const started: number[] = [];
  let failed = 0;
  for (const id of ids) {
    try {
      const result = await pollFeed(
        db,
        id,
        context.config.REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
      );
      started.push(...result.started);
    } catch (error) {
      failed++;
      log.warn({ err: error, siteId: id }, "reading the site's feed failed");
    }
  }
  return { started, failed };
};
