import type { Script } from "@/src/pipeline/script/script";

type Chapter = Script["chapters"][number];

/** The long video's chapters: a start time and a title each. */
export function ChaptersField({
  chapters,
  onChange,
}: {
  chapters: Chapter[];
  onChange: (chapters: Chapter[]) => void;
}) {
  const patch = (i: number, p: Partial<Chapter>) =>
    onChange(chapters.map((c, j) => (j === i ? { ...c, ...p } : c)));
  return (
    <section className="section" aria-labelledby="chapters-h">
      <div className="section-head">
        <h3 id="chapters-h" className="section-kind">
          Chapters
        </h3>
        <span className="hint">
          Shown in the YouTube description (long video)
        </span>
      </div>
      {chapters.map((chapter, i) => (
        <div key={i} className="row" style={{ alignItems: "flex-end" }}>
          <div className="field" style={{ width: 110 }}>
            <label htmlFor={`chapter-${i}-time`}>Starts at (s)</label>
            <input
              id={`chapter-${i}-time`}
              type="number"
              min={0}
              value={chapter.timeSec}
              onChange={(e) =>
                patch(i, { timeSec: Math.max(0, Number(e.target.value) || 0) })
              }
            />
          </div>
          <div className="field" style={{ flex: 1 }}>
            <label htmlFor={`chapter-${i}-title`}>Chapter {i + 1}</label>
            <input
              id={`chapter-${i}-title`}
              type="text"
              value={chapter.title}
              aria-invalid={!chapter.title.trim()}
              onChange={(e) => patch(i, { title: e.target.value })}
            />
          </div>
        </div>
      ))}
    </section>
  );
}
