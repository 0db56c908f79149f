// The catalogue's filters and language fallback (no database: a signed-out reader).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentStore, setContentStore } from "./content.server";
import { lessonMdx, writeCourseFixture } from "./test-fixtures";
import { displayLanguage, getCatalogueView, getCourseView } from "./views.server";

let root: string;

function course(slug: string, audience: "manager" | "agent" | "all", languages: Array<"sv" | "en" | "fi">, criterionCourse = false) {
  const text = (sv: string) => Object.fromEntries(languages.map((l) => [l, `${sv} (${l})`]));
  writeCourseFixture(
    root,
    {
      slug,
      title: text(`Titel ${slug}`),
      description: text("Beskrivning"),
      certificateProves: text("Intyg"),
      audience,
      estimatedMinutes: 10,
      criterionCourse,
      certificateValidityMonths: criterionCourse ? 36 : null,
      topic: "a",
    },
    Object.fromEntries(languages.map((language) => [`01-a.${language}.mdx`, lessonMdx(`A ${language}`, "Text.", { summary: "S.", minutes: 3 })])),
  );
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "ka-views-"));
  writeFileSync(join(root, "sources.json"), "{}");
  course("chefer", "manager", ["sv", "en"], true);
  course("agenter", "agent", ["sv", "en", "fi"]);
  course("alla", "all", ["sv"]);
  setContentStore(new ContentStore({ rootDir: root, cacheDir: null, watch: false }));
});
afterAll(() => {
  setContentStore(null);
  rmSync(root, { recursive: true, force: true });
});

describe("getCatalogueView", () => {
  it("lists courses in the chosen language and offers the rest in Swedish, marked as such", async () => {
    const view = await getCatalogueView({ audience: null, language: "en" }, "en", null);
    expect(view.courses.map((c) => [c.slug, c.language, c.fallback, c.title])).toEqual([
      ["chefer", "en", false, "Titel chefer (en)"],
      ["agenter", "en", false, "Titel agenter (en)"],
    ]);
    expect(view.swedishOnly.map((c) => [c.slug, c.language, c.fallback])).toEqual([["alla", "sv", true]]);
  });

  it("filters by audience; courses for everyone match every audience", async () => {
    const agents = await getCatalogueView({ audience: "agent", language: "sv" }, "sv", null);
    expect(agents.courses.map((c) => c.slug)).toEqual(["agenter", "alla"]);
    expect(agents.swedishOnly).toEqual([]);
    const managers = await getCatalogueView({ audience: "manager", language: "fi" }, "fi", null);
    expect(managers.courses.map((c) => c.slug)).toEqual([]);
    expect(managers.swedishOnly.map((c) => [c.slug, c.fallback])).toEqual([
      ["chefer", true],
      ["alla", true],
    ]);
  });

  it("shows the course page in the reader's language or Swedish, without a learner when signed out", async () => {
    const store = new ContentStore({ rootDir: root, cacheDir: null, watch: false });
    const chefer = store.getCourse("chefer")!;
    expect(displayLanguage(chefer, "fi")).toBe("sv");
    expect(displayLanguage(chefer, "en")).toBe("en");
    const view = await getCourseView(chefer, "fi", null);
    expect(view).toMatchObject({ title: "Titel chefer (sv)", language: "sv", fallback: true, partialFallback: false, learner: null, certificateValidityMonths: 36 });
    expect(view.lessons).toEqual([{ slug: "a", number: 1, title: "A sv", summary: "S.", minutes: 3, deepeningMinutes: null, language: "sv", done: false }]);
  });
});
