/** An article is at most 2 MB of text, checked before it is parsed (the service and the CLI). */
export const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;
/** At most this many images per article (its cover image included). */
export const MAX_ARTICLE_IMAGES = 50;
/** The largest image a project may upload or fetch. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** The largest long video the service takes to cut into clips (uploaded or fetched). */
export const MAX_CLIP_SOURCE_BYTES = 500 * 1024 * 1024;
