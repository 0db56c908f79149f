// <Scenario title="…"> with <Line speaker="…"> turns and one <Reveal title="Vad gick fel?">: a short
// dialogue between agent and consumer whose analysis is revealed with <details> (no JavaScript).
import type { ReactNode } from "react";
import { useLessonRender, type MdxLabels } from "./context";

export function Scenario({ title, children }: { title?: string; children?: ReactNode }) {
  const { labels, uniqueId } = useLessonRender();
  const id = uniqueId("lesson-scenario");
  return (
    <figure aria-labelledby={id} className="scenario my-8 rounded-lg border border-slate-300 bg-slate-50 p-4 sm:p-5">
      <figcaption id={id} className="scenario-title mb-3 font-semibold text-slate-900">
        <span className="badge mr-2 bg-white">{labels.scenario}</span>
        {title}
      </figcaption>
      <div className="scenario-dialogue space-y-2">{children}</div>
    </figure>
  );
}

type Speaker = keyof MdxLabels["speakers"];

export function Line({ speaker = "agent", children }: { speaker?: Speaker; children?: ReactNode }) {
  const { labels } = useLessonRender();
  const known = speaker in labels.speakers ? speaker : "agent";
  const tone = known === "consumer" ? "border-slate-400 bg-white sm:ml-8" : "border-brand-600 bg-brand-50 sm:mr-8";
  return (
    <div className={`line line-${known} rounded-md border-l-4 px-3 py-2 ${tone}`}>
      <span className="speaker font-semibold text-slate-900">{labels.speakers[known]}: </span>
      <span className="line-text">{children}</span>
    </div>
  );
}

export function Reveal({ title, children }: { title?: string; children?: ReactNode }) {
  const { labels } = useLessonRender();
  return (
    <details className="reveal mt-4 rounded-md border border-slate-400 bg-white">
      <summary className="cursor-pointer px-3 py-2 font-semibold text-brand-800">{title || labels.reveal}</summary>
      <div className="reveal-body border-t border-slate-200 px-3 py-2">{children}</div>
    </details>
  );
}
