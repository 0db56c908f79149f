// <KeyPoints> (the lesson's take-aways) and <Checklist> (practical steps): each wraps a Markdown
// list under its own heading, so both appear in the lesson's table of contents.
import type { ReactNode } from "react";
import { useLessonRender } from "./context";

export function KeyPoints({ children }: { children?: ReactNode }) {
  const { labels, uniqueId } = useLessonRender();
  const id = uniqueId("lesson-keypoints");
  return (
    <section aria-labelledby={id} className="keypoints my-8 rounded-lg border-2 border-brand-600 bg-brand-50 px-5 py-4">
      <h2 id={id} className="text-xl">
        {labels.keyPoints}
      </h2>
      {children}
    </section>
  );
}

export function Checklist({ children }: { children?: ReactNode }) {
  const { labels, uniqueId } = useLessonRender();
  const id = uniqueId("lesson-checklist");
  return (
    <section aria-labelledby={id} className="checklist my-8 rounded-lg border border-slate-400 px-5 py-4">
      <h2 id={id} className="text-xl">
        {labels.checklist}
      </h2>
      {children}
    </section>
  );
}
