// The authors' vocabulary (docs/content-authoring.md): the only components a lesson may use,
// plus overrides for Markdown tables and images. Rendered on the server only.
import { Callout } from "./Callout";
import { Deepening } from "./Deepening";
import { LawRef } from "./LawRef";
import { Checklist, KeyPoints } from "./Lists";
import { Image, Table } from "./Markdown";
import { Line, Reveal, Scenario } from "./Scenario";
import { Term } from "./Term";

export const mdxComponents = {
  Callout,
  Scenario,
  Line,
  Reveal,
  LawRef,
  KeyPoints,
  Checklist,
  Term,
  Deepening,
  table: Table,
  img: Image,
};
export { LessonRenderProvider, createIdGenerator, type LessonRenderContextValue, type MdxLabels } from "./context";
