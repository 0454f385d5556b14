import { operations } from "@/src/api/operations";
import { ApiError, readBody } from "@/src/api/http";
import { handle } from "@/src/api/route";
import { PROJECT_BODY_LIMIT } from "@/src/api/operations";
import { HookRefused, receiveContentHook } from "@/src/services/content-intake";
import { SIGNATURE_HEADER } from "@/src/services/webhooks";

export const POST = handle(operations.contentPublished, async ({ request }) => {
  const body = await readBody(request, PROJECT_BODY_LIMIT);
  try {
    const project = await receiveContentHook(
      Buffer.from(body).toString("utf8"),
      request.headers.get(SIGNATURE_HEADER) ?? "",
    );
    return Response.json({ project_id: project?.id ?? null }, { status: 202 });
  } catch (error) {
    if (error instanceof HookRefused)
      throw new ApiError(error.status, "hook_refused", error.message);
    throw error;
  }
});
