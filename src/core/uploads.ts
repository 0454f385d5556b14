/** The largest article the service and the CLI read. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;
/** The largest image a project may upload or fetch. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
