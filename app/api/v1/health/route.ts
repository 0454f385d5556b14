import { authorize } from "@/src/api/auth";
import { ApiError } from "@/src/api/http";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { checkHealth } from "@/src/services/health";

export const dynamic = "force-dynamic";

/**
 * An API key or a signed-in user with the operation's permission (an admin) sees each check;
 * anyone else only whether all is well.
 */
async function maySeeChecks(request: Request) {
  try {
    await authorize(request, operations.health);
    return true;
  } catch (error) {
    if (error instanceof ApiError) return false;
    throw error;
  }
}

export const GET = handle(operations.health, async ({ request }) => {
  const health = await checkHealth();
  return Response.json(
    (await maySeeChecks(request)) ? health : { ok: health.ok },
    {
      status: health.ok ? 200 : 503,
      headers: { "cache-control": "no-store" },
    },
  );
});
