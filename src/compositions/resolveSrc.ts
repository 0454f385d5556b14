import { staticFile } from "remotion";

/** A props `src`: an http(s) URL as it is, anything else a path in the public folder. */
export const resolveSrc = (src: string) =>
  /^https?:\/\//.test(src) ? src : staticFile(src);
