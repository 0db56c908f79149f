// Compiled lesson → static HTML, on the server, with the authors' components. The browser gets
// this HTML (dangerouslySetInnerHTML), never compiled code: no mdx-bundler in the client bundle
// and no 'unsafe-eval' in the CSP. The caller (content.server.ts) renders once per content version.
import { getMDXComponent } from "mdx-bundler/client/index.js";
import { renderToStaticMarkup } from "react-dom/server";
import { createIdGenerator, LessonRenderProvider, mdxComponents, type MdxLabels } from "~/components/mdx";
import en from "~/locales/en/courses.json" with { type: "json" };
import fi from "~/locales/fi/courses.json" with { type: "json" };
import sv from "~/locales/sv/courses.json" with { type: "json" };
import { pickText, type ContentLanguage } from "./course-schema";
import { extractFromHtml, type ExtractedLesson } from "./html-extract";
import type { CompiledLesson } from "./mdx-compiler.server";
import type { Sources } from "./sources-schema";

// Labels come straight from the "courses" namespace files (not i18next) so the renderer also runs
// under plain tsx (content:check, bench), where Vite's import.meta.glob is not available.
const labelsByLanguage: Record<ContentLanguage, MdxLabels> = { sv: sv.mdx, en: en.mdx, fi: fi.mdx };

export type RenderedLesson = ExtractedLesson & { html: string };

const components = new Map<string, ReturnType<typeof getMDXComponent>>();

function componentFor(compiled: CompiledLesson) {
  let Component = components.get(compiled.key);
  if (!Component) {
    Component = getMDXComponent(compiled.code);
    components.set(compiled.key, Component);
  }
  return Component;
}

/** Forgets evaluated components no longer in use (development, after files change). */
export function retainRendered(keys: Set<string>) {
  for (const key of components.keys()) if (!keys.has(key)) components.delete(key);
}

export function renderLessonHtml(
  compiled: CompiledLesson,
  options: { language: ContentLanguage; sources: Sources },
): RenderedLesson {
  const { language, sources } = options;
  const Component = componentFor(compiled);
  const html = renderToStaticMarkup(
    <LessonRenderProvider
      value={{
        language,
        labels: labelsByLanguage[language],
        uniqueId: createIdGenerator(),
        resolveSource: (key) => {
          const entry = Object.hasOwn(sources, key) ? sources[key] : undefined;
          return entry ? { url: entry.url, short: entry.short, title: pickText(entry.title, language) } : null;
        },
      }}
    >
      <Component components={mdxComponents as never} />
    </LessonRenderProvider>,
  );
  return { html, ...extractFromHtml(html) };
}
