import { postSignOut } from "@/src/api/session-routes";

export const POST = postSignOut;
