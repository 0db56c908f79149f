// <Deepening title="…">: an optional deep-dive ("fördjupning") inside a lesson. The lesson's core is
// what every learner reads (front matter `minutes`); deep-dives open on demand (`deepeningMinutes`)
// and are closed <details>, so short agent modules stay short without losing the detail.
import type { ReactNode } from "react";
import { useLessonRender } from "./context";

export function Deepening({ title, children }: { title?: string; children?: ReactNode }) {
  const { labels } = useLessonRender();
  return (
    <details className="deepening my-6 rounded-md border border-slate-300 bg-white">
      <summary className="cursor-pointer px-4 py-3 font-semibold text-brand-800">
        <span className="deepening-kind">{labels.deepening}</span>
        {title ? <>: {title}</> : null}
      </summary>
      <div className="deepening-body border-t border-slate-200 px-4 py-3">{children}</div>
    </details>
  );
}
