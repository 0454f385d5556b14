import type { JobHandler } from "../context";
import type { QueueName } from "../queues";
import {
  clipRenderHandler,
  clipSelectHandler,
  clipTranscribeHandler,
} from "./clips";
import { engagementHandler } from "./engagement";
import { feedsHandler } from "./feeds";
import { pieceHandler } from "./piece";
import { pipelineHandler } from "./pipeline";
import { publishHandler } from "./publish";
import { scriptHandler } from "./script";
import { subtitlesHandler } from "./subtitles";
import { thumbnailHandler } from "./thumbnail";
import { videoHandler } from "./video";
import { voiceoverHandler } from "./voiceover";
import { webhookHandler } from "./webhook";

export type HandlerTable = { [Q in QueueName]?: JobHandler<Q> };

/** Every queue's handler: a worker works all of them unless told to work fewer. */
export const HANDLERS: HandlerTable = {
  pipeline: pipelineHandler,
  script: scriptHandler,
  voiceover: voiceoverHandler,
  video: videoHandler,
  "render-piece": pieceHandler,
  thumbnail: thumbnailHandler,
  subtitles: subtitlesHandler,
  publish: publishHandler,
  engagement: engagementHandler,
  feeds: feedsHandler,
  webhook: webhookHandler,
  clipTranscribe: clipTranscribeHandler,
  clipSelect: clipSelectHandler,
  clipRender: clipRenderHandler,
};
