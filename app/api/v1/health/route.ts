import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { checkHealth } from "@/src/services/health";

export const dynamic = "force-dynamic";

export const GET = handle(operations.health, async () => {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.ok ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});
