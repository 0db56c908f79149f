// The course content loader: THE reader of content/courses/* (course.json, lessons,
// questions.json) and content/sources.json. It validates them with the zod schemas and answers
// catalogue / course / lesson / question-bank lookups; the quiz, the certificates and the search
// all read content through it (content:check re-reads the files only to report file:line). A course's identity is
// its declared version plus the sha256 of its files. Lessons are compiled (mdx-compiler.server)
// and rendered to HTML (lesson-render.server) once per content version, then served from memory.
// Production reads the files once; development re-checks them (at most once a second) so an
// author's edit shows on the next request, recompiling only the changed lesson.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { questionBankSchema, type QuestionBank } from "~/modules/quiz/question-bank-schema";
import { getEnv } from "~/utils/env.server";
import { prebuiltLessonsDir } from "~/utils/prebuilt";
import { logger } from "~/utils/logger.server";
import { loadFrontmatterIndex, readFrontmatter, type FrontmatterIndex } from "./frontmatter-index.server";
import {
  contentLanguageOrder,
  contentLanguages,
  courseMetaSchema,
  lessonFrontmatterSchema,
  parseLessonFileName,
  type ContentLanguage,
  type CourseMeta,
  type LessonFrontmatter,
} from "./course-schema";
import { renderLessonHtml, retainRendered, type RenderedLesson } from "./lesson-render.server";
import { compileKey, compileLesson, retainCompiled } from "./mdx-compiler.server";
import type { LintProblem } from "./mdx-lint";
import { sourcesSchema, type Sources } from "./sources-schema";

export type LessonVariant = {
  language: ContentLanguage;
  /** Absolute path of the .mdx file. */
  path: string;
  source: string;
  frontmatter: LessonFrontmatter;
  compileKey: string;
};

export type Lesson = {
  slug: string;
  order: number;
  /** 1-based position in the course. */
  number: number;
  variants: Partial<Record<ContentLanguage, LessonVariant>> & { sv: LessonVariant };
};

export type Course = {
  slug: string;
  meta: CourseMeta;
  version: string;
  /** sha256 over every file of the course (paths and bytes). */
  contentHash: string;
  /** Human-readable identity: "2026.1+3f9a2c1b7d0e". */
  contentId: string;
  dir: string;
  lessons: Lesson[];
  /** Languages in which every lesson exists (always includes "sv"). */
  languages: ContentLanguage[];
  /** Languages some but not all lessons exist in. */
  partialLanguages: ContentLanguage[];
};

export type Catalogue = {
  courses: Course[];
  sources: Sources;
  sourcesHash: string;
  /** Courses or files left out because they are invalid (content:check gives the details). */
  skipped: Array<{ path: string; reason: string }>;
};

/** A course's questions.json, valid per its schema, or why not (server-only: it holds the answers). */
export type QuestionBankRead = { ok: true; bank: QuestionBank } | { ok: false; error: string };

export type LessonRender = { ok: true; rendered: RenderedLesson } | { ok: false; problems: LintProblem[] };

export type ContentStoreOptions = {
  /** Folder holding sources.json and courses/. */
  rootDir: string;
  /** Disk cache for compiled lessons; null = memory only. */
  cacheDir: string | null;
  /** Lessons the build compiled, read only (`PREBUILT_DIR/mdx`). */
  prebuiltCacheDir?: string | null;
  /** Re-check the files for changes (development). */
  watch: boolean;
};

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** Reads one course folder. Returns the course, or why it cannot be used. */
export function readCourse(
  dir: string,
  frontmatterIndex: FrontmatterIndex | null = null,
): { course: Course; skippedFiles: Array<{ path: string; reason: string }> } | { error: string } {
  const metaPath = join(dir, "course.json");
  if (!existsSync(metaPath)) return { error: "course.json is missing" };
  let meta: CourseMeta;
  try {
    const parsed = courseMetaSchema.safeParse(JSON.parse(readFileSync(metaPath, "utf8")));
    if (!parsed.success)
      return {
        error: `course.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
      };
    meta = parsed.data;
  } catch (error) {
    return { error: `course.json is not valid JSON: ${(error as Error).message}` };
  }
  const folderSlug = dir.split(/[\\/]/).pop();
  if (meta.slug !== folderSlug)
    return { error: `course.json says slug "${meta.slug}" but the folder is "${folderSlug}"` };

  const files = listFiles(dir);
  const hash = createHash("sha256");
  const bytes = new Map<string, Buffer>(); // each file read once: hashed here, lessons decoded below
  for (const file of files) {
    const content = readFileSync(file);
    bytes.set(file, content);
    hash.update(relative(dir, file)).update("\0").update(content).update("\0");
  }
  const contentHash = hash.digest("hex");

  const skippedFiles: Array<{ path: string; reason: string }> = [];
  const bySlug = new Map<string, { order: number; variants: Partial<Record<ContentLanguage, LessonVariant>> }>();
  const lessonsDir = join(dir, "lessons");
  for (const path of existsSync(lessonsDir) ? listFiles(lessonsDir) : []) {
    const name = parseLessonFileName(path.split(/[\\/]/).pop()!);
    if (!name) {
      skippedFiles.push({ path, reason: "not a lesson file name (NN-slug.sv.mdx)" });
      continue;
    }
    const source = (bytes.get(path) ?? readFileSync(path)).toString("utf8");
    const key = compileKey(source);
    let frontmatter: LessonFrontmatter;
    try {
      const parsed = lessonFrontmatterSchema.safeParse(readFrontmatter(source, key, frontmatterIndex));
      if (!parsed.success) {
        skippedFiles.push({
          path,
          reason: `front matter: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
        });
        continue;
      }
      frontmatter = parsed.data;
    } catch (error) {
      skippedFiles.push({ path, reason: `front matter: ${(error as Error).message}` });
      continue;
    }
    const entry = bySlug.get(name.slug) ?? { order: name.order, variants: {} };
    bySlug.set(name.slug, entry);
    entry.variants[name.language] = {
      language: name.language,
      path,
      source,
      frontmatter,
      compileKey: key,
    };
  }

  const lessons: Lesson[] = [];
  for (const [slug, entry] of [...bySlug.entries()].sort((a, b) => a[1].order - b[1].order)) {
    if (!entry.variants.sv) {
      for (const variant of Object.values(entry.variants))
        skippedFiles.push({ path: variant.path, reason: "no Swedish version of this lesson" });
      continue;
    }
    lessons.push({
      slug,
      order: entry.order,
      number: lessons.length + 1,
      variants: entry.variants as Lesson["variants"],
    });
  }
  if (!lessons.length) return { error: "the course has no lessons" };
  const languages = contentLanguages.filter((l) => lessons.every((lesson) => lesson.variants[l]));
  const partialLanguages = contentLanguages.filter(
    (l) => !languages.includes(l) && lessons.some((lesson) => lesson.variants[l]),
  );
  const course: Course = {
    slug: meta.slug,
    meta,
    version: meta.version,
    contentHash,
    contentId: `${meta.version}+${contentHash.slice(0, 12)}`,
    dir,
    lessons,
    languages,
    partialLanguages,
  };
  return { course, skippedFiles };
}

/** Reads and validates <course dir>/questions.json. */
export function readQuestionBank(dir: string): QuestionBankRead {
  const path = join(dir, "questions.json");
  if (!existsSync(path)) return { ok: false, error: `${path} is missing: the course has no question bank` };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return { ok: false, error: `${path} is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = questionBankSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { ok: false, error: `${path}: ${issues.join("; ")}` };
  }
  return { ok: true, bank: parsed.data };
}

export function readSources(rootDir: string): { sources: Sources; hash: string } {
  const text = readFileSync(join(rootDir, "sources.json"), "utf8");
  return { sources: sourcesSchema.parse(JSON.parse(text)), hash: sha256(text) };
}

/**
 * Reads the whole catalogue from disk (no compiling). `frontmatterIndex`: lesson front matter the
 * build already parsed (frontmatter-index.server.ts), by compile key.
 */
export function readCatalogue(rootDir: string, frontmatterIndex: FrontmatterIndex | null = null): Catalogue {
  const { sources, hash } = readSources(rootDir);
  const coursesDir = join(rootDir, "courses");
  const courses: Course[] = [];
  const skipped: Catalogue["skipped"] = [];
  const entries = readdirSync(coursesDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const dir = join(coursesDir, entry.name);
    const result = readCourse(dir, frontmatterIndex);
    if ("error" in result) skipped.push({ path: dir, reason: result.error });
    else {
      courses.push(result.course);
      skipped.push(...result.skippedFiles);
    }
  }
  // Criterion course first, then managers', agents' and everyone's courses, then by Swedish title.
  const audienceOrder = { manager: 0, agent: 1, all: 2 } as const;
  courses.sort(
    (a, b) =>
      Number(b.meta.criterionCourse) - Number(a.meta.criterionCourse) ||
      audienceOrder[a.meta.audience] - audienceOrder[b.meta.audience] ||
      a.meta.title.sv.localeCompare(b.meta.title.sv, "sv"),
  );
  return { courses, sources, sourcesHash: hash, skipped };
}

/** Which file a reader of `language` gets: the first that exists in contentLanguageOrder (theirs, English, Swedish). */
export function pickVariant(lesson: Lesson, language: string): LessonVariant {
  for (const candidate of contentLanguageOrder(language)) {
    const variant = lesson.variants[candidate];
    if (variant) return variant;
  }
  return lesson.variants.sv;
}

export class ContentStore {
  private catalogue: Catalogue | null = null;
  private signature = "";
  private checkedAt = 0;
  private rendered = new Map<string, Promise<LessonRender>>();
  private banks = new Map<string, QuestionBankRead>();
  private warming: Promise<void> | null = null;

  constructor(readonly options: ContentStoreOptions) {}

  /** The current catalogue (re-read in development when a file changed). */
  getCatalogue(): Catalogue {
    if (!this.catalogue || (this.options.watch && Date.now() - this.checkedAt > 1000)) {
      this.checkedAt = Date.now();
      const signature = this.options.watch || !this.catalogue ? this.fileSignature() : this.signature;
      if (!this.catalogue || signature !== this.signature) {
        const reloaded = readCatalogue(this.options.rootDir, loadFrontmatterIndex(this.options.prebuiltCacheDir));
        for (const skip of reloaded.skipped)
          logger.warn("course content skipped", { path: relative(process.cwd(), skip.path), reason: skip.reason });
        if (this.catalogue) this.forgetUnused(reloaded);
        this.catalogue = reloaded;
        this.signature = signature;
      }
    }
    return this.catalogue;
  }

  getCourse(slug: string): Course | null {
    return this.getCatalogue().courses.find((c) => c.slug === slug) ?? null;
  }

  /**
   * The course's question bank (questions.json) checked against its schema, read once per content
   * version (the content hash covers questions.json, so an edited bank is a new version).
   */
  getQuestionBank(course: Course): QuestionBankRead {
    const key = `${course.slug}@${course.contentHash}`;
    let read = this.banks.get(key);
    if (!read) {
      read = readQuestionBank(course.dir);
      this.banks.set(key, read);
    }
    return read;
  }

  /** The lesson's HTML, table of contents and text, compiled and rendered once per content version. */
  renderVariant(variant: LessonVariant): Promise<LessonRender> {
    const { sources, sourcesHash } = this.getCatalogue();
    const key = `${variant.compileKey}:${variant.language}:${sourcesHash}`;
    let pending = this.rendered.get(key);
    if (!pending) {
      pending = (async (): Promise<LessonRender> => {
        const compiled = await compileLesson(variant.source, {
          cacheDir: this.options.cacheDir,
          prebuiltCacheDir: this.options.prebuiltCacheDir,
        });
        if (!compiled.ok) {
          logger.error("lesson does not compile", {
            path: relative(process.cwd(), variant.path),
            problems: compiled.problems,
          });
          return { ok: false, problems: compiled.problems };
        }
        try {
          return { ok: true, rendered: renderLessonHtml(compiled, { language: variant.language, sources }) };
        } catch (error) {
          logger.error("lesson does not render", { path: relative(process.cwd(), variant.path), err: error });
          return {
            ok: false,
            problems: [{ line: 1, column: 1, severity: "error", message: `render: ${(error as Error).message}` }],
          };
        }
      })();
      this.rendered.set(key, pending);
    }
    return pending;
  }

  /**
   * Compiles and renders every lesson in every language in the background (one esbuild compile at
   * a time), so readers and search never wait for a compile. Started on first use of the catalogue.
   */
  warm(): Promise<void> {
    const catalogue = this.getCatalogue();
    const run = async () => {
      const started = Date.now();
      let count = 0;
      for (const course of catalogue.courses) {
        for (const lesson of course.lessons) {
          for (const variant of Object.values(lesson.variants)) {
            // One lesson at a time, each after the requests already waiting: a render is ~10-30 ms
            // of synchronous work, and a start must not hold /readyz or the first pages behind all.
            await new Promise((resolve) => setImmediate(resolve));
            await this.renderVariant(variant);
            count++;
          }
        }
      }
      logger.info("course content ready", { lessons: count, ms: Date.now() - started });
    };
    if (!this.warming || this.catalogue !== catalogue) this.warming = run();
    return this.warming;
  }

  private fileSignature(): string {
    const hash = createHash("sha256");
    for (const file of listFiles(this.options.rootDir)) {
      const s = statSync(file);
      hash.update(`${file}\0${s.size}\0${s.mtimeMs}\n`);
    }
    return hash.digest("hex");
  }

  private forgetUnused(next: Catalogue) {
    const keys = new Set<string>();
    for (const course of next.courses)
      for (const lesson of course.lessons) for (const v of Object.values(lesson.variants)) keys.add(v.compileKey);
    retainCompiled(keys);
    retainRendered(keys);
    for (const key of this.rendered.keys()) if (!keys.has(key.split(":")[0]!)) this.rendered.delete(key);
    const current = new Set(next.courses.map((c) => `${c.slug}@${c.contentHash}`));
    for (const key of this.banks.keys()) if (!current.has(key)) this.banks.delete(key);
    this.warming = null;
  }
}

let store: ContentStore | null = null;

/** The app's content store: content/ beside the app, compiled lessons cached in DATA_DIR/cache/mdx. */
export function getContentStore(): ContentStore {
  if (!store) {
    const env = getEnv();
    store = new ContentStore({
      rootDir: resolve("content"),
      cacheDir: resolve(env.DATA_DIR, "cache", "mdx"),
      prebuiltCacheDir: env.PREBUILT_DIR ? prebuiltLessonsDir(env.PREBUILT_DIR) : null,
      watch: env.NODE_ENV === "development",
    });
    // Warm in the background: the first reader rarely waits for esbuild.
    void store.warm().catch((error: unknown) => logger.error("warming course content failed", { err: error }));
  }
  return store;
}

/** For tests: use another store (or reset to the default with null). */
export function setContentStore(next: ContentStore | null) {
  store = next;
}
