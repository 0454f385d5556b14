import { Config } from "@remotion/cli/config";
import {
  DISABLE_FROM_SURFACE_ENV,
  RENDER_DEFAULTS,
  resolveBrowserExecutable,
} from "./src/render-settings";

// Studio and CLI renders use the same browser and encoder defaults as the pipeline.
Config.setBrowserExecutable(resolveBrowserExecutable());
Config.setVideoImageFormat(RENDER_DEFAULTS.imageFormat);
Config.setJpegQuality(RENDER_DEFAULTS.jpegQuality);
Config.setConcurrency(RENDER_DEFAULTS.concurrency);
Config.setPixelFormat(RENDER_DEFAULTS.pixelFormat);
Config.setX264Preset(RENDER_DEFAULTS.x264Preset);
Config.setCrf(RENDER_DEFAULTS.crf);
Config.setColorSpace("bt709");
if (!RENDER_DEFAULTS.captureFromSurface)
  process.env[DISABLE_FROM_SURFACE_ENV] = "1";
