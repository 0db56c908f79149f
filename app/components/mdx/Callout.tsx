// <Callout type="info|warning|law" title="…">: a highlighted note inside the lesson.
import type { ReactNode } from "react";
import { useLessonRender } from "./context";

const styles = {
  info: "border-sky-700 bg-sky-50",
  warning: "border-amber-700 bg-amber-50",
  law: "border-brand-700 bg-brand-50",
} as const;

export function Callout({
  type = "info",
  title,
  children,
}: {
  type?: keyof typeof styles;
  title?: string;
  children?: ReactNode;
}) {
  const { labels, uniqueId } = useLessonRender();
  const kind = styles[type] ? type : "info";
  const id = uniqueId("lesson-callout");
  return (
    <div
      role="note"
      aria-labelledby={id}
      className={`callout callout-${kind} my-6 rounded-md border-l-4 px-4 py-3 ${styles[kind]}`}
    >
      <p id={id} className="callout-title font-semibold text-slate-900">
        <span className="callout-kind">{labels.callout[kind]}</span>
        {title ? <>: {title}</> : null}
      </p>
      <div className="callout-body">{children}</div>
    </div>
  );
}
