import React, { useEffect, useState } from "react";
import {
  cancelRender,
  Composition,
  continueRender,
  delayRender,
  registerRoot,
  type CalculateMetadataFunction,
} from "remotion";
import {
  compositionId,
  PRESET_IDS,
  PRESETS,
  type PresetId,
} from "../../../src/compositions/presets";
import {
  videoPropsSchema,
  type VideoProps,
} from "../../../src/compositions/schema";
import { Video } from "../../../src/compositions/Video";
import sample from "../../../public/sample/tiktok.json";

/**
 * The real Video, and after it has laid out, the boxes of everything marked `data-box` written to
 * the browser console for the test to read: the layout as rendered, with the real fonts.
 */
const Probe: React.FC<VideoProps> = (props) => {
  const [handle] = useState(() => delayRender("measuring the layout"));
  useEffect(() => {
    let frames = 0;
    const measure = () => {
      // Wait for the fonts and a few frames of layout after the Video appears.
      if (!document.querySelector("[data-box]") || frames++ < 3) {
        if (frames > 600) {
          cancelRender(new Error("nothing marked data-box was drawn"));
          return;
        }
        requestAnimationFrame(measure);
        return;
      }
      const boxes = [...document.querySelectorAll("[data-box]")].map((el) => {
        const r = el.getBoundingClientRect();
        return {
          kind: el.getAttribute("data-box"),
          text: el.textContent,
          // Content running out of its box is drawn outside the box measured here.
          overflows:
            el.scrollWidth > el.clientWidth + 1 ||
            el.scrollHeight > el.clientHeight + 1,
          left: r.left,
          top: r.top,
          right: r.right,
          bottom: r.bottom,
        };
      });
      console.log(`LAYOUT ${JSON.stringify(boxes)}`);
      continueRender(handle);
    };
    void document.fonts.ready.then(() => requestAnimationFrame(measure));
  }, [handle]);
  return <Video {...props} />;
};

const calculateMetadata: CalculateMetadataFunction<VideoProps> = ({
  props,
}) => ({
  durationInFrames: Math.round(
    (props.durationMs / 1000) * PRESETS[props.preset as PresetId].fps,
  ),
});

registerRoot(() => (
  <>
    {PRESET_IDS.map((preset) => (
      <Composition
        key={preset}
        id={compositionId(preset)}
        component={Probe}
        schema={videoPropsSchema}
        defaultProps={sample as VideoProps}
        calculateMetadata={calculateMetadata}
        durationInFrames={1}
        fps={PRESETS[preset].fps}
        width={PRESETS[preset].width}
        height={PRESETS[preset].height}
      />
    ))}
  </>
));
