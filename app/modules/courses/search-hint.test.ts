// The search page's hint promises an example term: it must find lessons in the reader's own
// language, in the real courses (content/), for every UI language.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContentStore } from "./content.server";
import { searchedLanguages, searchLessons } from "./search.server";

const store = new ContentStore({ rootDir: join(process.cwd(), "content"), cacheDir: null, watch: false });
const example = (language: string) =>
  (
    JSON.parse(readFileSync(join(process.cwd(), "app", "locales", language, "courses.json"), "utf8")) as {
      search: { example: string };
    }
  ).search.example;

describe("the search hint", () => {
  it.each(["sv", "en", "fi"])(
    "%s: the example term finds lessons in that language",
    async (language) => {
      const found = await searchLessons({ query: example(language), language, page: 1, pageSize: 50 }, store);
      expect(found.total).toBeGreaterThan(0);
      expect(found.results.some((r) => r.document.language === language)).toBe(true);
    },
    120_000,
  );

  it("says which languages a Finnish reader's search covers: Finnish, then English where Finnish is missing, never Swedish for these courses", () => {
    const searched = searchedLanguages("fi", store);
    expect(searched.map((s) => s.language).sort()).toEqual(["en", "fi"]);
    expect(searched.reduce((sum, s) => sum + s.lessons, 0)).toBe(
      store.getCatalogue().courses.reduce((sum, c) => sum + c.lessons.length, 0),
    );
  });
});
