// What the authors' components need to know while a lesson is rendered to static HTML on the
// server: the reader's language, labels in that language, the source registry and unique ids.
import { createContext, useContext } from "react";

export type MdxLabels = {
  speakers: Record<"agent" | "consumer" | "manager" | "colleague", string>;
  callout: Record<"info" | "warning" | "law", string>;
  scenario: string;
  reveal: string;
  keyPoints: string;
  checklist: string;
  table: string;
  deepening: string;
};

export type ResolvedSource = { url: string; short: string; title: string };

export type LessonRenderContextValue = {
  language: string;
  labels: MdxLabels;
  resolveSource: (key: string) => ResolvedSource | null;
  /** A document-unique id: "lesson-keypoints", then "lesson-keypoints-2", … (prefixed so it never meets a heading slug) */
  uniqueId: (base: string) => string;
};

const LessonRenderContext = createContext<LessonRenderContextValue | null>(null);
export const LessonRenderProvider = LessonRenderContext.Provider;

export function useLessonRender(): LessonRenderContextValue {
  const value = useContext(LessonRenderContext);
  if (!value)
    throw new Error("Lesson components render only inside LessonRenderProvider (the server-side lesson renderer)");
  return value;
}

/** Fresh id generator per rendered lesson; `taken` holds ids already in the HTML (heading slugs). */
export function createIdGenerator(taken: Iterable<string> = []) {
  const used = new Set(taken);
  return (base: string) => {
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
}
