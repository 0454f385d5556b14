import { z } from "zod";
import type { Endpoints } from "../endpoints";
import { parseResponse, readJson, send } from "../http";
import { tiktokError } from "./upload";
import type { AccountIdentity } from "../identity";

const tiktokUserSchema = z.object({
  data: z.object({
    user: z.object({ open_id: z.string(), display_name: z.string() }),
  }),
});

export async function tiktokIdentity(
  accessToken: string,
  endpoints: Endpoints["tiktok"],
): Promise<AccountIdentity> {
  const url = `${endpoints.apiBaseUrl}/v2/user/info/?fields=open_id,display_name`;
  const response = await send("tiktok user info", url, {
    method: "GET",
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const body = await readJson(response);
  const error = tiktokError("user info", response, body);
  if (error) throw error;
  const { user } = parseResponse(
    "tiktok",
    "user info",
    tiktokUserSchema,
    body,
  ).data;
  return {
    platform: "tiktok",
    externalId: user.open_id,
    displayName: user.display_name,
    username: null,
  };
}
