import { ApiError } from "@/src/api/http";
import { operations } from "@/src/api/operations";
import { handle } from "@/src/api/route";
import { loadConfig } from "@/src/config";
import { SecretKeyError } from "@/src/db/crypto";
import { PlatformNotConfiguredError } from "@/src/platforms";
import { services } from "@/src/services/context";
import { beginConnection } from "@/src/services/social-accounts";

export const POST = handle(
  operations.connectAccount,
  async ({ site, body, caller }) => {
    const { db } = (await services()).database;
    try {
      const { url } = await beginConnection(
        db,
        {
          siteId: site.id,
          platform: body.platform,
          startedBy: caller!.sessionHash
            ? { sessionHash: caller!.sessionHash }
            : { apiKeyId: caller!.keyId! },
        },
        loadConfig(),
      );
      return Response.json({ url });
    } catch (error) {
      // The service's own set-up is missing: say what, before the user leaves for the platform.
      if (
        error instanceof PlatformNotConfiguredError ||
        error instanceof SecretKeyError
      )
        throw new ApiError(422, "not_configured", error.message, "platform");
      throw error;
    }
  },
);
