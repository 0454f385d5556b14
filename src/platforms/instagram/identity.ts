import { z } from "zod";
import type { Endpoints } from "../endpoints";
import { graphJson } from "./upload";
import type { AccountIdentity } from "../identity";

// Graph ids exceed 2^53, so only the string form is exact.
const instagramMeSchema = z.object({
  user_id: z.string(),
  username: z.string(),
});

export async function instagramIdentity(
  accessToken: string,
  endpoints: Endpoints["instagram"],
): Promise<AccountIdentity> {
  // The code exchange's user_id is app-scoped; /me's user_id is the account the Graph calls take.
  const me = await graphJson(
    "account lookup",
    endpoints,
    accessToken,
    "GET",
    "me",
    { fields: "user_id,username" },
    instagramMeSchema,
  );
  return {
    platform: "instagram",
    externalId: me.user_id,
    displayName: me.username,
    username: me.username,
  };
}
