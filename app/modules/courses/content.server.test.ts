// The content store: identity per course version + file hash, language fallback, compile once per
// content version, and (in development) recompiling only the lesson that changed.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ContentStore, pickVariant } from "./content.server";
import { getCompileStats } from "./mdx-compiler.server";
import { searchLessons } from "./search.server";
import { courseJson, lessonMdx } from "./test-fixtures";

let root: string;

const lesson = (title: string, body: string) => lessonMdx(title, body);
const meta = (version: string) =>
  courseJson({ slug: "provkurs", version, title: { sv: "Provkurs", en: "Test course" }, topic: "forsta" });

function write(path: string, text: string) {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  const later = new Date(Date.now() + Math.floor(Math.random() * 1e6));
  utimesSync(path, later, later); // a distinct mtime, as an editor's save would give
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "ka-content-"));
  write(
    join(root, "sources.json"),
    JSON.stringify({
      "sfs-2005-59": { title: { sv: "Distansavtalslagen" }, short: "SFS 2005:59", url: "https://example.org/sfs" },
    }),
  );
  const dir = join(root, "courses", "provkurs");
  write(join(dir, "course.json"), JSON.stringify(meta("2026.1")));
  write(
    join(dir, "lessons", "01-forsta.sv.mdx"),
    lesson("Första", '## Ångerrätt\n\nKonsumenten har ångerrätt i fjorton dagar <LawRef source="sfs-2005-59" />.'),
  );
  write(
    join(dir, "lessons", "01-forsta.en.mdx"),
    lesson("First", "## Withdrawal\n\nThe consumer may withdraw within fourteen days."),
  );
  write(
    join(dir, "lessons", "02-andra.sv.mdx"),
    lesson("Andra", "## NIX\n\nRing inte den som spärrat sitt nummer. Ångerrätten gäller inte här."),
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("ContentStore", () => {
  it("reads the catalogue: lessons in order, languages, identity = version + sha256 of the files", () => {
    const store = new ContentStore({ rootDir: root, cacheDir: null, watch: false });
    const course = store.getCourse("provkurs")!;
    expect(course.lessons.map((l) => [l.number, l.slug])).toEqual([
      [1, "forsta"],
      [2, "andra"],
    ]);
    expect(course.languages).toEqual(["sv"]);
    expect(course.partialLanguages).toEqual(["en"]);
    expect(course.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(course.contentId).toBe(`2026.1+${course.contentHash.slice(0, 12)}`);
    expect(pickVariant(course.lessons[0]!, "en").language).toBe("en");
    expect(pickVariant(course.lessons[1]!, "en").language).toBe("sv"); // falls back to Swedish
    expect(pickVariant(course.lessons[0]!, "fi").language).toBe("en"); // a Finnish reader: English before Swedish
    expect(pickVariant(course.lessons[1]!, "fi").language).toBe("sv");
    expect(pickVariant(course.lessons[0]!, "sv").language).toBe("sv");

    const other = new ContentStore({ rootDir: root, cacheDir: null, watch: false });
    expect(other.getCourse("provkurs")!.contentHash).toBe(course.contentHash);
    write(join(root, "courses", "provkurs", "lessons", "02-andra.sv.mdx"), lesson("Andra", "## NIX\n\nÄndrad text."));
    expect(
      new ContentStore({ rootDir: root, cacheDir: null, watch: false }).getCourse("provkurs")!.contentHash,
    ).not.toBe(course.contentHash);
  });

  it("leaves out an invalid course and lessons without a Swedish version", () => {
    write(join(root, "courses", "trasig", "course.json"), "{ not json");
    write(join(root, "courses", "provkurs", "lessons", "03-bara-engelska.en.mdx"), lesson("Only English", "Text."));
    const store = new ContentStore({ rootDir: root, cacheDir: null, watch: false });
    const catalogue = store.getCatalogue();
    expect(catalogue.courses.map((c) => c.slug)).toEqual(["provkurs"]);
    expect(catalogue.courses[0]!.lessons).toHaveLength(2);
    expect(catalogue.skipped.map((s) => s.reason)).toEqual([
      "no Swedish version of this lesson",
      expect.stringContaining("not valid JSON"),
    ]);
  });

  it("compiles each lesson once, then serves every later render from memory", async () => {
    const store = new ContentStore({ rootDir: root, cacheDir: null, watch: false });
    await store.warm();
    const warmed = getCompileStats().compiles;
    const course = store.getCourse("provkurs")!;
    for (let i = 0; i < 20; i++) {
      const result = await store.renderVariant(pickVariant(course.lessons[i % 2]!, "sv"));
      expect(result.ok).toBe(true);
    }
    expect(getCompileStats().compiles).toBe(warmed);
  });

  it("in development, recompiles only the lesson that changed", async () => {
    const store = new ContentStore({ rootDir: root, cacheDir: null, watch: true });
    await store.warm();
    const before = getCompileStats().compiles;
    write(
      join(root, "courses", "provkurs", "lessons", "02-andra.sv.mdx"),
      lesson("Andra", `## NIX\n\nNy text ${Date.now()}.`),
    );
    await new Promise((r) => setTimeout(r, 1100)); // the store re-checks files at most once a second
    const course = store.getCourse("provkurs")!;
    const changed = await store.renderVariant(course.lessons[1]!.variants.sv);
    const unchanged = await store.renderVariant(course.lessons[0]!.variants.sv);
    expect(changed.ok && changed.rendered.text).toContain("Ny text");
    expect(unchanged.ok).toBe(true);
    expect(getCompileStats().compiles - before).toBe(1);
  });
});

describe("searchLessons", () => {
  it("searches the reader's language, falling back to Swedish lessons, and links to the heading", async () => {
    const store = new ContentStore({ rootDir: root, cacheDir: null, watch: false });
    const sv = await searchLessons({ query: "ångerrätt", language: "sv", page: 1 }, store);
    expect(sv.results.map((r) => [r.document.lessonSlug, r.document.anchor])).toEqual([
      ["forsta", "ångerrätt"],
      ["andra", "nix"],
    ]);
    expect(sv.results[0]!.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(["ångerrätt"]);
    const en = await searchLessons({ query: "withdraw", language: "en", page: 1 }, store);
    expect(en.results.map((r) => [r.document.lessonSlug, r.document.language])).toEqual([["forsta", "en"]]);
    const fallback = await searchLessons({ query: "spärrat", language: "en", page: 1 }, store);
    expect(fallback.results.map((r) => [r.document.lessonSlug, r.document.language])).toEqual([["andra", "sv"]]);
  });

  it("paginates", async () => {
    const store = new ContentStore({ rootDir: root, cacheDir: null, watch: false });
    const first = await searchLessons({ query: "ångerrätt", language: "sv", page: 1, pageSize: 1 }, store);
    const second = await searchLessons({ query: "ångerrätt", language: "sv", page: 2, pageSize: 1 }, store);
    const beyond = await searchLessons({ query: "ångerrätt", language: "sv", page: 9, pageSize: 1 }, store);
    expect([first.total, first.pages, first.results[0]!.document.lessonSlug]).toEqual([2, 2, "forsta"]);
    expect(second.results[0]!.document.lessonSlug).toBe("andra");
    expect(beyond.page).toBe(2);
  });
});
