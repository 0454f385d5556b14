import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { services } from "@/src/services/context";
import {
  automationSettings,
  updateAutomation,
} from "@/src/services/site-automation";

export const GET = handle(operations.getAutomation, async ({ site }) => {
  const { db } = (await services()).database;
  return Response.json(snake(await automationSettings(db, site.id)));
});

export const PUT = handle(
  operations.updateAutomation,
  async ({ site, body }) => {
    const { db } = (await services()).database;
    const updated = await updateAutomation(db, site.id, {
      autoPublish: body.auto_publish,
      autoPublishAccountIds: body.auto_publish_account_ids,
      autoPublishTimes: body.auto_publish_times,
      feedUrl: body.feed_url,
      intakePresets: body.intake_presets,
      contentHook: body.content_hook,
    });
    return Response.json(snake(updated));
  },
);
