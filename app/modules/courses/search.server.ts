// Search over the lessons a reader would see: their language where it exists, Swedish otherwise.
// The index is built in memory from the rendered lessons, once per language and content version.
import { pickText } from "./course-schema";
import { getContentStore, pickVariant, type Catalogue, type ContentStore } from "./content.server";
import { SearchIndex, type SearchDocument, type SearchResult } from "./search";

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

export async function searchLessons(input: { query: string; language: string; page: number; pageSize?: number }, store = getContentStore()): Promise<SearchPage> {
  const pageSize = input.pageSize ?? 10;
  const index = await buildSearchIndex(store, input.language);
  const all = index.search(input.query);
  const pages = Math.max(1, Math.ceil(all.length / pageSize));
  const page = Math.min(Math.max(1, input.page), pages);
  return { query: input.query, total: all.length, page, pages, results: all.slice((page - 1) * pageSize, page * pageSize) };
}
