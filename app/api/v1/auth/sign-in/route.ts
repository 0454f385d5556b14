import { postSignIn } from "@/src/api/session-routes";

export const POST = postSignIn;
