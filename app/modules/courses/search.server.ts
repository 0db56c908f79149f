// Search over the lessons a reader would see: each in their language where it exists, else the
// next of contentLanguageOrder (English, then Swedish), as the lesson pages show them.
// The index is built in memory from the rendered lessons, once per language and content version.
import { pickText, type ContentLanguage } from "./course-schema";
import { getContentStore, pickVariant, type Catalogue, type ContentStore } from "./content.server";
import { SearchIndex, type SearchDocument, type SearchResult } from "./search";
import { pageWindow } from "~/utils/pagination";

const indexes = new WeakMap<Catalogue, Map<string, Promise<SearchIndex>>>();

export async function buildSearchIndex(store: ContentStore, language: string): Promise<SearchIndex> {
  const catalogue = store.getCatalogue();
  let perLanguage = indexes.get(catalogue);
  if (!perLanguage) {
    perLanguage = new Map();
    indexes.set(catalogue, perLanguage);
  }
  let index = perLanguage.get(language);
  if (!index) {
    index = (async () => {
      const documents: SearchDocument[] = [];
      for (const course of catalogue.courses) {
        for (const lesson of course.lessons) {
          const variant = pickVariant(lesson, language);
          const result = await store.renderVariant(variant);
          if (!result.ok) continue;
          for (const section of result.rendered.sections) {
            documents.push({
              courseSlug: course.slug,
              courseTitle: pickText(course.meta.title, variant.language),
              lessonSlug: lesson.slug,
              lessonTitle: variant.frontmatter.title,
              lessonNumber: lesson.number,
              language: variant.language,
              anchor: section.anchor,
              heading: section.heading,
              text: section.text,
            });
          }
        }
      }
      return new SearchIndex(documents);
    })();
    perLanguage.set(language, index);
  }
  return index;
}

export type SearchPage = { query: string; total: number; page: number; pages: number; results: SearchResult[] };

export async function searchLessons(
  input: { query: string; language: string; page: number; pageSize?: number },
  store = getContentStore(),
): Promise<SearchPage> {
  const pageSize = input.pageSize ?? 10;
  const index = await buildSearchIndex(store, input.language);
  const all = index.search(input.query);
  const { page, pages, skip, take } = pageWindow(all.length, input.page, pageSize);
  return { query: input.query, total: all.length, page, pages, results: all.slice(skip, skip + take) };
}

/** How many lessons a reader's search covers in each language, most first (the search page says so). */
export function searchedLanguages(
  language: string,
  store = getContentStore(),
): Array<{ language: ContentLanguage; lessons: number }> {
  const counts = new Map<ContentLanguage, number>();
  for (const course of store.getCatalogue().courses) {
    for (const lesson of course.lessons) {
      const shown = pickVariant(lesson, language).language;
      counts.set(shown, (counts.get(shown) ?? 0) + 1);
    }
  }
  return [...counts.entries()].map(([l, lessons]) => ({ language: l, lessons })).sort((a, b) => b.lessons - a.lessons);
}
