// <Term def="short definition">ångerrätt</Term>: a glossary term. The definition shows on hover
// and keyboard focus, is announced by screen readers as the term's description, and prints inline.
import type { ReactNode } from "react";
import { useLessonRender } from "./context";

export function Term({ def, children }: { def: string; children?: ReactNode }) {
  const { uniqueId } = useLessonRender();
  const id = uniqueId("lesson-term");
  return (
    <dfn className="term" tabIndex={0} aria-describedby={id}>
      {children}
      <span role="tooltip" id={id} className="term-def" data-skip-text="">
        {def}
      </span>
    </dfn>
  );
}
