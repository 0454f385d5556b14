import type { ReactNode } from "react";

/** One narrated part of the script, with its estimated speaking time. */
export function SectionCard({
  kind,
  index,
  seconds,
  children,
  actions,
}: {
  kind: string;
  index?: number;
  seconds: number;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const headingId = `sec-${kind}-${index ?? 0}`;
  return (
    <section className="section" aria-labelledby={headingId}>
      <div className="section-head">
        <h3 id={headingId} className="section-kind">
          {kind}
          {index !== undefined ? ` ${index + 1}` : ""}
        </h3>
        <div className="row" style={{ gap: 6 }}>
          <span className="badge badge-plain" title="Estimated narration time">
            ≈ {seconds.toFixed(1)} s
          </span>
          {actions}
        </div>
      </div>
      {children}
    </section>
  );
}
