import { getMe } from "@/src/api/session-routes";

export const GET = getMe;
