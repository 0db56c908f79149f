import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ContentStore, readCatalogue } from "./content.server";
import { loadFrontmatterIndex, readFrontmatter, writeFrontmatterIndex } from "./frontmatter-index.server";
import { compileKey } from "./mdx-compiler.server";
import { lessonMdx, writeCourseFixture } from "./test-fixtures";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ka-frontmatter-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const variantsOf = (rootDir: string) =>
  readCatalogue(rootDir).courses.flatMap((course) =>
    course.lessons.flatMap((lesson) => Object.values(lesson.variants)),
  );

describe("the front matter index", () => {
  it("gives the sample courses exactly the catalogue that parsing them gives", () => {
    const content = resolve("content");
    const variants = variantsOf(content);
    const written = writeFrontmatterIndex(
      dir,
      variants.map((v) => ({ key: v.compileKey, source: v.source })),
    );
    expect(written).toBe(variants.length);
    const index = loadFrontmatterIndex(dir);
    expect(index?.size).toBe(variants.length);
    expect(readCatalogue(content, index)).toEqual(readCatalogue(content));
  });

  it("is looked up by the exact source: an edited lesson is parsed again", () => {
    const root = join(dir, "content");
    const source = lessonMdx("Första", "Text.");
    writeCourseFixture(
      root,
      { slug: "provkurs", version: "2026.1", title: { sv: "Provkurs" }, topic: "forsta" },
      { "01-forsta.sv.mdx": source },
    );
    writeFileSync(join(root, "sources.json"), "{}");
    const index = new Map([[compileKey(source), { title: "Ur indexet", summary: "Sammanfattning.", minutes: 5 }]]);
    const title = (r: string) => readCatalogue(r, index).courses[0]!.lessons[0]!.variants.sv.frontmatter.title;
    expect(title(root)).toBe("Ur indexet");
    writeCourseFixture(
      root,
      { slug: "provkurs", version: "2026.1", title: { sv: "Provkurs" }, topic: "forsta" },
      { "01-forsta.sv.mdx": lessonMdx("Ändrad", "Text.") },
    );
    expect(title(root)).toBe("Ändrad");
  });

  it("leaves out front matter JSON cannot carry, and a start reads it from the file", () => {
    const source = "---\ntitle: Datum\nsummary: S\nminutes: 5\npublished: 2026-12-01\n---\n\nText.\n";
    expect(writeFrontmatterIndex(dir, [{ key: "k", source }])).toBe(0);
    expect(loadFrontmatterIndex(dir)?.has("k")).toBe(false);
    expect(readFrontmatter(source, "k", loadFrontmatterIndex(dir)).published).toBeInstanceOf(Date);
  });

  it("is ignored when missing or of another format", () => {
    expect(loadFrontmatterIndex(dir)).toBeNull();
    expect(loadFrontmatterIndex(null)).toBeNull();
    writeFileSync(join(dir, "frontmatter.json"), JSON.stringify({ format: 0, entries: {} }));
    expect(loadFrontmatterIndex(dir)).toBeNull();
  });

  it("is what a store given the build's folder reads its lessons with", () => {
    const content = resolve("content");
    const variants = variantsOf(content);
    writeFrontmatterIndex(
      dir,
      variants.map((v) => ({ key: v.compileKey, source: v.source })),
    );
    // The index, not the file, says what the first lesson's title is.
    const file = join(dir, "frontmatter.json");
    const index = JSON.parse(readFileSync(file, "utf8")) as { entries: Record<string, { title: string }> };
    index.entries[variants[0]!.compileKey]!.title = "Ur indexet";
    writeFileSync(file, JSON.stringify(index));
    const store = new ContentStore({ rootDir: content, cacheDir: null, prebuiltCacheDir: dir, watch: false });
    const first = store
      .getCatalogue()
      .courses.flatMap((c) => c.lessons.flatMap((l) => Object.values(l.variants)))
      .find((v) => v.compileKey === variants[0]!.compileKey);
    expect(first?.frontmatter.title).toBe("Ur indexet");
  });
});
