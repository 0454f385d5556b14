import type { JobHandler } from "../context";
import type { QueueName } from "../queues";
import { pipelineHandler } from "./pipeline";
import { scriptHandler } from "./script";
import { subtitlesHandler } from "./subtitles";
import { thumbnailHandler } from "./thumbnail";
import { videoHandler } from "./video";
import { voiceoverHandler } from "./voiceover";

export type HandlerTable = { [Q in QueueName]?: JobHandler<Q> };

/**
 * The queues this worker works. `publish` and `engagement` get theirs with the platform clients;
 * `webhook` with the API's delivery function: until then their jobs wait in the queue.
 */
export const HANDLERS: HandlerTable = {
  pipeline: pipelineHandler,
  script: scriptHandler,
  voiceover: voiceoverHandler,
  video: videoHandler,
  thumbnail: thumbnailHandler,
  subtitles: subtitlesHandler,
};
