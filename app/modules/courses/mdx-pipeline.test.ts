// The lesson pipeline: MDX → compiled once (queue, memory and disk cache) → static HTML with the
// authors' components → table of contents and text.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as MdxBundler from "mdx-bundler";
import { afterAll, describe, expect, it, vi } from "vitest";
import { renderLessonHtml } from "./lesson-render.server";
import { compileLesson, getCompileStats, retainCompiled, type CompiledLesson } from "./mdx-compiler.server";

const esbuildRuns = vi.hoisted(() => ({ active: 0, max: 0 }));
vi.mock("mdx-bundler", async (importOriginal) => {
  const actual = await importOriginal<typeof MdxBundler>();
  return {
    ...actual,
    bundleMDX: async (...args: Parameters<typeof actual.bundleMDX>) => {
      esbuildRuns.active++;
      esbuildRuns.max = Math.max(esbuildRuns.max, esbuildRuns.active);
      try {
        return await actual.bundleMDX(...args);
      } finally {
        esbuildRuns.active--;
      }
    },
  };
});

const sources = {
  "sfs-2005-59": {
    title: { sv: "Lag (2005:59) om distansavtal", en: "Distance Contracts Act (2005:59)" },
    short: "SFS 2005:59",
    url: "https://www.riksdagen.se/sfs-2005-59",
  },
};

const lesson = `---
title: "Ångerrätten"
summary: "Fjorton dagar."
minutes: 10
---

Konsumenten har <Term def="rätten att frånträda avtalet inom 14 dagar">ångerrätt</Term> <LawRef source="sfs-2005-59" ref="2 kap. 10 §" />.

## Hur lång är fristen?

| Avtal | Frist |
|---|---|
| Vara | 14 dagar |

### En underrubrik

<Callout type="law" title="Lagen">

Fristen är 14 dagar.

</Callout>

<Scenario title="Kunden ångrar sig">

<Line speaker="consumer">Jag vill ångra köpet.</Line>

<Line speaker="agent">Det går inte.</Line>

<Reveal>

Säljaren fel: ångerrätten gäller.

</Reveal>

</Scenario>

<Checklist>

- Kontrollera datumet.

</Checklist>

<KeyPoints>

- 14 dagar.

</KeyPoints>
`;

const cacheDir = mkdtempSync(join(tmpdir(), "ka-mdx-cache-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

async function compiled(source: string, dir: string | null = null): Promise<CompiledLesson> {
  const outcome = await compileLesson(source, { cacheDir: dir });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome;
}

describe("compileLesson", () => {
  it("compiles once per content hash: the second call is a memory hit", async () => {
    const before = getCompileStats();
    const first = await compiled(lesson);
    const second = await compiled(lesson);
    const after = getCompileStats();
    expect(second).toBe(first);
    expect(after.compiles - before.compiles).toBe(1);
    expect(after.memoryHits - before.memoryHits).toBe(1);
    expect(first.frontmatter).toEqual({ title: "Ångerrätten", summary: "Fjorton dagar.", minutes: 10 });
    expect(first.lint.facts.lawRefs).toEqual([{ source: "sfs-2005-59", ref: "2 kap. 10 §", line: 7 }]);
  });

  it("runs esbuild one compile at a time, however many are requested at once", async () => {
    esbuildRuns.max = 0;
    const variants = Array.from({ length: 4 }, (_, i) => `${lesson}\nParallell ${i} ${Date.now()}.\n`);
    const before = getCompileStats().compiles;
    await Promise.all(variants.map((v) => compiled(v)));
    expect(getCompileStats().compiles - before).toBe(4);
    expect(esbuildRuns.max).toBe(1);
  });

  it("keeps compiled lessons on disk, so a restart does not recompile", async () => {
    const source = `${lesson}\nDisk ${Date.now()}.\n`;
    await compiled(source, cacheDir);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".json"))).toHaveLength(1);
    retainCompiled(new Set()); // forget everything in memory, as a new process would
    const before = getCompileStats();
    const again = await compiled(source, cacheDir);
    const after = getCompileStats();
    expect(after.compiles).toBe(before.compiles);
    expect(after.diskHits - before.diskHits).toBe(1);
    expect(again.code.length).toBeGreaterThan(100);
  });

  it("reads a lesson the build compiled without compiling it, and never writes into the build's folder", async () => {
    const source = `${lesson}\nFrån bygget ${Date.now()}.\n`;
    const prebuilt = mkdtempSync(join(tmpdir(), "ka-mdx-prebuilt-"));
    const own = mkdtempSync(join(tmpdir(), "ka-mdx-own-"));
    try {
      await compiled(source, prebuilt); // what the build does
      retainCompiled(new Set()); // a new process
      const before = getCompileStats();
      const outcome = await compileLesson(source, { cacheDir: own, prebuiltCacheDir: prebuilt });
      const after = getCompileStats();
      expect(outcome.ok).toBe(true);
      expect(after.compiles).toBe(before.compiles);
      expect(after.diskHits - before.diskHits).toBe(1);
      expect(readdirSync(own)).toEqual([]);

      // An edited lesson has another key: compiled, and kept in the process's own cache only.
      const edited = `${source}\nÄndrad.\n`;
      await compileLesson(edited, { cacheDir: own, prebuiltCacheDir: prebuilt });
      expect(getCompileStats().compiles - after.compiles).toBe(1);
      expect(readdirSync(own).filter((f) => f.endsWith(".json"))).toHaveLength(1);
      expect(readdirSync(prebuilt).filter((f) => f.endsWith(".json"))).toHaveLength(1);
    } finally {
      rmSync(prebuilt, { recursive: true, force: true });
      rmSync(own, { recursive: true, force: true });
    }
  });

  it("reports MDX syntax errors with the line in the file (front matter included)", async () => {
    const outcome = await compileLesson(
      '---\ntitle: "x"\nsummary: "y"\nminutes: 1\n---\n\nText\n\n<Callout type="info" title="t">\n\nNever closed.\n',
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems).toEqual([
      expect.objectContaining({
        line: 9,
        severity: "error",
        message: expect.stringContaining("closing tag for `<Callout>`"),
      }),
    ]);
  });

  it("rejects what the authors' vocabulary does not allow, all problems at once with lines", async () => {
    const outcome = await compileLesson(
      '---\ntitle: "x"\nsummary: "y"\nminutes: 1\n---\n\nimport X from "x"\n\n# Title\n\n<Foo />\n\n<LawRef source="a" ref={1} />\n\n<Term def="d"><b>x</b></Term>\n',
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => [p.line, p.message])).toEqual([
      [7, "imports and exports are not allowed in lessons"],
      [9, "use ## and ### for headings; the lesson title (#) comes from the front matter"],
      [11, expect.stringContaining("unknown component <Foo>")],
      [13, '<LawRef ref>: the value must be a plain "double-quoted" string'],
      [15, "<Term> holds plain text only"],
      [15, expect.stringContaining("HTML tags are not allowed")],
    ]);
  });
});

describe("renderLessonHtml", () => {
  it("renders the authors' components to accessible static HTML", async () => {
    const { html, toc, wordCount, sections } = renderLessonHtml(await compiled(lesson), { language: "sv", sources });
    // Scenario reveal without JavaScript
    expect(html).toMatch(/<details class="reveal[^"]*"><summary[^>]*>Vad gick fel\?<\/summary>/);
    expect(html).toContain('<span class="speaker font-semibold text-slate-900">Konsumenten: </span>');
    // LawRef: link to the primary source with its title and the cited reference
    expect(html).toContain(
      '<a href="https://www.riksdagen.se/sfs-2005-59" title="Lag (2005:59) om distansavtal" rel="external noreferrer" class="lawref-link">SFS 2005:59 2 kap. 10 §</a>',
    );
    // Headings get slugs and self-links
    expect(html).toContain(
      '<h2 id="hur-lång-är-fristen"><a class="heading-anchor" href="#hur-lång-är-fristen">Hur lång är fristen?</a></h2>',
    );
    // Tables scroll on a phone in a labelled, focusable region
    expect(html).toMatch(
      /<div class="table-scroll[^"]*" role="region" aria-label="Tabell \(rulla i sidled\)" tabindex="0"/,
    );
    expect(html).toContain('role="note"');
    expect(html).not.toMatch(/<script/);
    expect(toc).toEqual([
      { id: "hur-lång-är-fristen", text: "Hur lång är fristen?", level: 2 },
      { id: "en-underrubrik", text: "En underrubrik", level: 3 },
      { id: "lesson-checklist", text: "Checklista", level: 2 },
      { id: "lesson-keypoints", text: "Det viktigaste", level: 2 },
    ]);
    expect(sections[0]!.text).toBe("Konsumenten har ångerrätt (SFS 2005:59 2 kap. 10 §).");
    expect(wordCount).toBeGreaterThan(30);
  });

  it("labels the components in the lesson's language and links unknown sources nowhere", async () => {
    const english = lesson.replace('source="sfs-2005-59"', 'source="unknown-law"');
    const { html } = renderLessonHtml(await compiled(english), { language: "en", sources });
    expect(html).toContain("What went wrong?");
    expect(html).toContain("Consumer: ");
    expect(html).toContain(
      '<cite class="lawref lawref-unknown not-italic" data-skip-words="">(unknown-law 2 kap. 10 §)</cite>',
    );
  });
});
