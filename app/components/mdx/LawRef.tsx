// <LawRef source="sfs-2005-59" ref="2 kap. 3 §" />: a citation linking to the primary source in
// content/sources.json. An unknown key renders as plain text (content:check reports it).
// Citations are searchable but not counted as lesson words (data-skip-words).
import { useLessonRender } from "./context";

// The compiler renames the authors' `ref` attribute to `citation` (React reserves `ref`).
export function LawRef({ source, citation }: { source: string; citation?: string }) {
  const { resolveSource } = useLessonRender();
  const resolved = resolveSource(source);
  const label = [resolved?.short ?? source, citation].filter(Boolean).join(" ");
  if (!resolved)
    return (
      <cite className="lawref lawref-unknown not-italic" data-skip-words="">
        ({label})
      </cite>
    );
  return (
    <cite className="lawref not-italic sm:whitespace-nowrap" data-skip-words="">
      (
      <a href={resolved.url} title={resolved.title} rel="external noreferrer" className="lawref-link">
        {label}
      </a>
      )
    </cite>
  );
}
