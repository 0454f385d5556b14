import { operations } from "@/src/api/operations";
import { handle, snake } from "@/src/api/route";
import { services } from "@/src/services/context";
import { siteJobHours, siteJobs } from "@/src/services/job-board";

export const dynamic = "force-dynamic";

export const GET = handle(operations.listJobs, async ({ site }) => {
  const { db } = (await services()).database;
  const [{ inFlight, failed }, hours] = await Promise.all([
    siteJobs(db, site.id),
    siteJobHours(db, site.id),
  ]);
  return Response.json({
    in_flight: inFlight.map(snake),
    failed: failed.map(snake),
    hours: hours.map(snake),
  });
});
