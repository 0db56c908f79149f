// The catalogue's filters and language fallback (no database: a signed-out reader).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentStore, setContentStore } from "./content.server";
import { lessonMdx, writeCourseFixture } from "./test-fixtures";
import { displayLanguage, getCatalogueView, getCourseView } from "./views.server";

let root: string;

function course(
  slug: string,
  audience: "manager" | "agent" | "all",
  languages: Array<"sv" | "en" | "fi">,
  criterionCourse = false,
) {
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
    Object.fromEntries(
      languages.map((language) => [
        `01-a.${language}.mdx`,
        lessonMdx(`A ${language}`, "Text.", { summary: "S.", minutes: 3 }),
      ]),
    ),
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
  it("a Finnish reader gets every course in one list: Finnish where it exists, else English before Swedish, each labelled", async () => {
    const view = await getCatalogueView({ audience: null, language: null }, "fi", null);
    expect(view.courses.map((c) => [c.slug, c.language, c.fallback, c.title, c.otherLanguages])).toEqual([
      ["chefer", "en", true, "Titel chefer (en)", ["sv"]],
      ["agenter", "fi", false, "Titel agenter (fi)", ["sv", "en"]],
      ["alla", "sv", true, "Titel alla (sv)", []],
    ]);
  });

  it("a Finnish manager sees the managers' courses, never an empty list above them", async () => {
    const managers = await getCatalogueView({ audience: "manager", language: null }, "fi", null);
    expect(managers.courses.map((c) => [c.slug, c.language])).toEqual([
      ["chefer", "en"],
      ["alla", "sv"],
    ]);
  });

  it("an English reader gets English, else Swedish; a Swedish reader Swedish", async () => {
    const en = await getCatalogueView({ audience: null, language: null }, "en", null);
    expect(en.courses.map((c) => [c.slug, c.language, c.fallback])).toEqual([
      ["chefer", "en", false],
      ["agenter", "en", false],
      ["alla", "sv", true],
    ]);
    const sv = await getCatalogueView({ audience: null, language: null }, "sv", null);
    expect(sv.courses.map((c) => [c.slug, c.language, c.fallback])).toEqual([
      ["chefer", "sv", false],
      ["agenter", "sv", false],
      ["alla", "sv", false],
    ]);
  });

  it("the language filter keeps the courses that exist in it, still shown in the reader's best language", async () => {
    const inEnglish = await getCatalogueView({ audience: null, language: "en" }, "fi", null);
    expect(inEnglish.courses.map((c) => [c.slug, c.language])).toEqual([
      ["chefer", "en"],
      ["agenter", "fi"],
    ]);
    const inFinnish = await getCatalogueView({ audience: null, language: "fi" }, "sv", null);
    expect(inFinnish.courses.map((c) => c.slug)).toEqual(["agenter"]);
  });

  it("filters by audience; courses for everyone match every audience", async () => {
    const agents = await getCatalogueView({ audience: "agent", language: null }, "sv", null);
    expect(agents.courses.map((c) => c.slug)).toEqual(["agenter", "alla"]);
  });

  it("shows the course page in the reader's language, else English, else Swedish, without a learner when signed out", async () => {
    const store = new ContentStore({ rootDir: root, cacheDir: null, watch: false });
    const chefer = store.getCourse("chefer")!;
    const alla = store.getCourse("alla")!;
    expect(displayLanguage(chefer, "fi")).toBe("en");
    expect(displayLanguage(chefer, "en")).toBe("en");
    expect(displayLanguage(chefer, "sv")).toBe("sv");
    expect(displayLanguage(alla, "fi")).toBe("sv");
    const view = await getCourseView(chefer, "fi", null);
    expect(view).toMatchObject({
      title: "Titel chefer (en)",
      language: "en",
      fallback: true,
      partialFallback: false,
      learner: null,
      certificateValidityMonths: 36,
      version: "1",
    });
    expect(view.lessons).toEqual([
      {
        slug: "a",
        number: 1,
        title: "A en",
        summary: "S.",
        minutes: 3,
        deepeningMinutes: null,
        language: "en",
        done: false,
      },
    ]);
    expect(view.quizRules).toMatchObject({
      passPercent: expect.any(Number),
      attemptsPerPeriod: expect.any(Object),
      cooldownMinutes: expect.any(Number),
    });
  });
});
