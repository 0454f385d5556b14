"use client";

import { formatNumber } from "./format";

export type Series = { name: string; color: string; points: number[] };

/** A small multi-series line chart in plain SVG, with a text summary for screen readers. */
export function LineChart({
  labels,
  series,
  title,
  height = 180,
}: {
  labels: string[];
  series: Series[];
  title: string;
  height?: number;
}) {
  const width = 640;
  const pad = { top: 12, right: 12, bottom: 24, left: 44 };
  const max = Math.max(1, ...series.flatMap((s) => s.points));
  const n = Math.max(1, labels.length - 1);
  const x = (i: number) => pad.left + (i / n) * (width - pad.left - pad.right);
  const y = (v: number) =>
    pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  // A small maximum rounds two ticks to the same number: draw it once.
  const ticks = [...new Set([0, 0.5, 1].map((f) => Math.round(max * f)))];
  return (
    <figure className="chart" style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        <title>{title}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line
              x1={pad.left}
              x2={width - pad.right}
              y1={y(t)}
              y2={y(t)}
              stroke="#e2e6ef"
            />
            <text
              x={pad.left - 6}
              y={y(t) + 4}
              fontSize="10"
              textAnchor="end"
              fill="#8a93a6"
            >
              {formatNumber(t)}
            </text>
          </g>
        ))}
        {labels.map((l, i) =>
          i === 0 || i === labels.length - 1 || labels.length <= 6 ? (
            <text
              key={i}
              x={x(i)}
              y={height - 6}
              fontSize="10"
              textAnchor={
                // The outermost labels align inwards so they are not cut at the edges.
                i === 0 ? "start" : i === labels.length - 1 ? "end" : "middle"
              }
              fill="#8a93a6"
            >
              {l}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g key={s.name}>
            <polyline
              fill="none"
              stroke={s.color}
              strokeWidth="2.5"
              strokeLinejoin="round"
              points={s.points.map((v, i) => `${x(i)},${y(v)}`).join(" ")}
            />
            {s.points.map((v, i) => (
              <circle key={i} cx={x(i)} cy={y(v)} r="3" fill={s.color} />
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="legend">
        {series.map((s) => (
          <span key={s.name}>
            <i style={{ background: s.color }} />
            {s.name}: {formatNumber(s.points.at(-1) ?? 0)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
