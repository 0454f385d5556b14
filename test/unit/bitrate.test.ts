import { describe, expect, it } from "vitest";
import { PRESET_IDS, PRESETS } from "../../src/compositions/presets";
import { PLATFORMS } from "../../src/platforms/limits";
import { RENDER_DEFAULTS } from "../../src/render-settings";

describe("the video bitrate cap", () => {
  it.each(PRESET_IDS)(
    "keeps the longest %s video inside its platform's file limit",
    (preset) => {
      const spec = PRESETS[preset];
      const platform = PLATFORMS[spec.platform];
      const audioKbps = parseInt(RENDER_DEFAULTS.audioBitrate, 10);
      // A capped encoder may overshoot briefly; the container adds about 1%.
      const bytes =
        (((platform.maxVideoKbps * 1.05 + audioKbps) *
          1000 *
          spec.maxDurationMs) /
          1000 /
          8) *
        1.01;
      expect(bytes).toBeLessThanOrEqual(platform.maxFileBytes);
    },
  );
});
