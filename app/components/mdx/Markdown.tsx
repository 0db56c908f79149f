// Overrides for plain Markdown elements: tables scroll sideways on a phone (a focusable, labelled
// region with a shadow on the edge that has more), images load lazily.
import type { ComponentPropsWithoutRef } from "react";
import { useLessonRender } from "./context";

export function Table(props: ComponentPropsWithoutRef<"table">) {
  const { labels, uniqueId } = useLessonRender();
  return (
    <div
      className="table-scroll scroll-cue my-6 overflow-x-auto"
      role="region"
      aria-label={labels.table}
      tabIndex={0}
      id={uniqueId("lesson-table")}
    >
      <table {...props} />
    </div>
  );
}

export function Image({ alt, ...props }: ComponentPropsWithoutRef<"img">) {
  return <img {...props} alt={alt ?? ""} loading="lazy" decoding="async" className="my-6 h-auto max-w-full rounded" />;
}
