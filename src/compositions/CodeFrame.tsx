import React from "react";
import { SceneCard, useScene, type SceneProps } from "./SceneCard";

const MONO = '"DejaVu Sans Mono", "Liberation Mono", monospace';
/** The advance of one character of a monospace face, in ems. */
const CHAR_EM = 0.61;
const LINE_HEIGHT = 1.4;

/**
 * A code block as an editor window, coloured by the pipeline's highlighter; its lines appear one
 * after another over the first half of the section.
 */
export const CodeFrame: React.FC<SceneProps<"code">> = ({
  visual: code,
  theme,
  preset,
}) => {
  const { box, fps, durationInFrames, rampAt } = useScene(preset);
  const bar = box.width * 0.06;
  const pad = box.width * 0.04;
  const longest = Math.max(
    8,
    ...code.lines.map((l) => l.reduce((n, t) => n + t.text.length, 0)),
  );
  const fontSize = Math.min(
    box.width * 0.045,
    (box.width - 2 * pad) / (longest * CHAR_EM),
    (box.height - bar - 2 * pad) / (code.lines.length * LINE_HEIGHT),
  );
  const revealEnd = Math.min(
    durationInFrames / fps / 2,
    0.4 + code.lines.length * 0.35,
  );
  const revealed = code.lines.length * rampAt(0.3, Math.max(0.4, revealEnd));
  return (
    <SceneCard
      theme={theme}
      preset={preset}
      seed={4}
      style={{
        width: box.width,
        maxHeight: box.height,
        borderRadius: box.width * 0.02,
        overflow: "hidden",
        background: code.background,
        boxShadow: "0 30px 80px rgba(0,0,0,0.55)",
        border: `2px solid ${theme.accentColor}55`,
      }}
    >
      <div
        style={{
          height: bar,
          display: "flex",
          alignItems: "center",
          gap: bar * 0.22,
          paddingLeft: pad,
          background: "rgba(255,255,255,0.06)",
        }}
      >
        {["#ff5f57", "#febc2e", "#28c840"].map((c) => (
          <span
            key={c}
            style={{
              width: bar * 0.28,
              height: bar * 0.28,
              borderRadius: "50%",
              background: c,
            }}
          />
        ))}
        <span
          style={{
            marginLeft: bar * 0.3,
            fontFamily: MONO,
            fontSize: bar * 0.36,
            color: "#94a3b8",
          }}
        >
          {code.language || "code"}
        </span>
      </div>
      <div
        style={{
          padding: pad,
          fontFamily: MONO,
          fontSize,
          lineHeight: LINE_HEIGHT,
          whiteSpace: "pre",
        }}
      >
        {code.lines.map((line, i) => {
          const t = Math.min(1, Math.max(0, revealed - i));
          return (
            <div
              key={i}
              style={{
                height: fontSize * LINE_HEIGHT,
                opacity: t,
                transform: `translateX(${(1 - t) * 20}px)`,
              }}
            >
              {line.map((token, j) => (
                <span
                  key={j}
                  style={{
                    color: token.color,
                    fontWeight: token.bold ? 700 : 400,
                    fontStyle: token.italic ? "italic" : "normal",
                  }}
                >
                  {token.text}
                </span>
              ))}
            </div>
          );
        })}
      </div>
    </SceneCard>
  );
};
