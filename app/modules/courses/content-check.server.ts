// `npm run content:check`: validates the whole content folder the way the app will use it and
// reports `file:line: message` for every problem: schemas (course.json, lesson front matter,
// questions.json, sources.json), every lesson compiles and renders, LawRef sources exist,
// internal links and images resolve, every language has the same lessons, and the question bank
// is large enough for its quiz and written in every language the course is offered in; the quiz
// settings follow the policy of the course's type (quiz/policy.ts), and the question banks pass the
// assessment lint (quiz/assessment-lint.ts: kinds, key length and position, true/false balance,
// near-duplicate stems, application share and the guessing simulation).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import matter from "gray-matter";
import type { ZodIssue } from "zod";
import { lintAssessments, type CourseFigures, type LintCourse } from "~/modules/quiz/assessment-lint";
import { checkQuizPolicy } from "~/modules/quiz/policy";
import { checkBankAgainstPolicy, questionBankSchema, type QuestionBank } from "~/modules/quiz/question-bank-schema";
import {
  contentLanguages,
  courseMetaSchema,
  lessonFrontmatterSchema,
  parseLessonFileName,
  type ContentLanguage,
  type CourseMeta,
} from "./course-schema";
import { JsonSyntaxError, lineOfStringProperty, parseJsonWithLines, type JsonLineMap } from "./json-lines";
import { renderLessonHtml } from "./lesson-render.server";
import { compileLesson } from "./mdx-compiler.server";
import type { LessonFacts } from "./mdx-lint";
import { sourcesSchema, type Sources } from "./sources-schema";

export type Diagnostic = {
  file: string;
  line: number;
  column?: number;
  severity: "error" | "warning";
  message: string;
};

export type ContentReport = {
  diagnostics: Diagnostic[];
  courses: number;
  lessonFiles: number;
  /** Words of prose per course and language (only languages with every lesson). */
  words: Record<string, Partial<Record<ContentLanguage, number>>>;
  /** The assessment lint's figures per course (longest-key share, guessing pass rates …). */
  assessment: CourseFigures[];
};

export const WORDS_TYPICAL = { min: 600, max: 1200 } as const;
const MEDIA_EXTENSIONS = /\.(png|jpe?g|webp|gif|svg|avif)$/i;

type LessonFile = {
  path: string;
  order: number;
  slug: string;
  language: ContentLanguage;
  facts?: LessonFacts;
  ids: Set<string>;
  words: number;
  rendered: boolean;
};

type CourseState = {
  slug: string;
  dir: string;
  meta: CourseMeta | null;
  metaMap: JsonLineMap | null;
  lessons: LessonFile[];
};

export async function checkContent(
  rootDir: string,
  options: { cacheDir?: string | null; assessmentDraws?: number } = {},
): Promise<ContentReport> {
  const diagnostics: Diagnostic[] = [];
  const report = (
    file: string,
    line: number,
    message: string,
    severity: Diagnostic["severity"] = "error",
    column?: number,
  ) => diagnostics.push({ file, line, column, message, severity });
  const words: ContentReport["words"] = {};

  // ---- sources.json
  const sourcesPath = join(rootDir, "sources.json");
  let sources: Sources = {};
  const sourcesJson = readJson(sourcesPath, report);
  if (sourcesJson) {
    const parsed = sourcesSchema.safeParse(sourcesJson.map.value);
    if (parsed.success) sources = parsed.data;
    else {
      reportZod(sourcesPath, sourcesJson.map, parsed.error.issues, report);
      sources = (sourcesJson.map.value ?? {}) as Sources;
    }
  }

  // ---- courses
  const coursesDir = join(rootDir, "courses");
  const courses: CourseState[] = [];
  let lessonFiles = 0;
  if (!existsSync(coursesDir)) report(coursesDir, 1, "the courses folder is missing");
  for (const entry of existsSync(coursesDir) ? readdirSync(coursesDir, { withFileTypes: true }) : []) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const dir = join(coursesDir, entry.name);
    const state: CourseState = { slug: entry.name, dir, meta: null, metaMap: null, lessons: [] };
    courses.push(state);

    const metaPath = join(dir, "course.json");
    const metaJson = existsSync(metaPath)
      ? readJson(metaPath, report)
      : (report(metaPath, 1, "course.json is missing"), null);
    if (metaJson) {
      state.metaMap = metaJson.map;
      const parsed = courseMetaSchema.safeParse(metaJson.map.value);
      if (parsed.success) {
        state.meta = parsed.data;
        if (parsed.data.slug !== entry.name)
          report(
            metaPath,
            metaJson.map.lineOf(["slug"]),
            `slug "${parsed.data.slug}" must equal the folder name "${entry.name}"`,
          );
      } else reportZod(metaPath, metaJson.map, parsed.error.issues, report);
    }

    // Lesson files: names, front matter, compile + render.
    const lessonsDir = join(dir, "lessons");
    if (!existsSync(lessonsDir)) report(lessonsDir, 1, "the lessons folder is missing");
    for (const name of existsSync(lessonsDir) ? readdirSync(lessonsDir).sort() : []) {
      const path = join(lessonsDir, name);
      if (!statSync(path).isFile() || name.startsWith(".")) continue;
      const parsedName = parseLessonFileName(name);
      if (!parsedName) {
        report(
          path,
          1,
          `"${name}" is not a lesson file name: use NN-lesson-slug.LANG.mdx (LANG sv, en or fi), e.g. 01-oppna-samtalet.sv.mdx`,
        );
        continue;
      }
      lessonFiles++;
      const lesson: LessonFile = { path, ...parsedName, ids: new Set(), words: 0, rendered: false };
      state.lessons.push(lesson);
      const source = readFileSync(path, "utf8");
      checkFrontmatter(path, source, report);
      const compiled = await compileLesson(source, { cacheDir: options.cacheDir ?? null });
      if (!compiled.ok) {
        for (const p of compiled.problems) report(path, p.line, p.message, p.severity, p.column);
        lesson.facts = compiled.facts;
        continue;
      }
      for (const p of compiled.lint.problems) report(path, p.line, p.message, p.severity, p.column);
      lesson.facts = compiled.lint.facts;
      try {
        const rendered = renderLessonHtml(compiled, { language: parsedName.language, sources });
        const seen = new Set<string>();
        for (const id of rendered.ids) {
          if (seen.has(id)) report(path, 1, `the id "${id}" occurs twice on the rendered page (rename a heading)`);
          seen.add(id);
        }
        lesson.ids = seen;
        lesson.words = rendered.wordCount;
        lesson.rendered = true;
      } catch (error) {
        report(path, 1, `cannot render: ${(error as Error).message}`);
      }
    }
    checkLessonSet(state, report);
  }

  // ---- cross-file checks that need every course
  const lessonIndex = new Map<string, Map<string, LessonFile[]>>();
  for (const course of courses) {
    const bySlug = new Map<string, LessonFile[]>();
    for (const lesson of course.lessons) bySlug.set(lesson.slug, [...(bySlug.get(lesson.slug) ?? []), lesson]);
    lessonIndex.set(course.slug, bySlug);
  }
  const banks: Array<LintCourse & { text: string }> = [];
  for (const course of courses) {
    for (const lesson of course.lessons) {
      if (!lesson.facts) continue;
      for (const ref of lesson.facts.lawRefs) {
        if (!Object.hasOwn(sources, ref.source))
          report(lesson.path, ref.line, `<LawRef source="${ref.source}">: no such key in content/sources.json`);
      }
      for (const link of lesson.facts.links) {
        const problem = checkLink(link.url, course, lesson, lessonIndex);
        if (problem) report(lesson.path, link.line, problem);
      }
      for (const image of lesson.facts.images) {
        const problem = checkImage(image.url, course, lesson);
        if (problem) report(lesson.path, image.line, problem);
      }
    }
    const languages = fullLanguages(course);
    const slugCount = new Set(course.lessons.map((l) => l.slug)).size;
    for (const language of languages) {
      const files = course.lessons.filter((l) => l.language === language);
      const total = files.reduce((sum, l) => sum + l.words, 0);
      (words[course.slug] ??= {})[language] = total;
      for (const file of files) {
        if (file.rendered && (file.words < WORDS_TYPICAL.min || file.words > WORDS_TYPICAL.max)) {
          report(
            file.path,
            1,
            `the lesson has ${file.words} words; lessons are typically ${WORDS_TYPICAL.min}–${WORDS_TYPICAL.max}`,
            "warning",
          );
        }
      }
    }
    if (course.meta && course.metaMap) {
      checkCourseLanguages(join(course.dir, "course.json"), course.meta, course.metaMap, languages, report);
      const lessonSlugs = slugCount ? [...new Set(course.lessons.map((l) => l.slug))] : [];
      for (const problem of checkQuizPolicy(course.meta, lessonSlugs))
        report(join(course.dir, "course.json"), course.metaMap.lineOf(problem.path), problem.message);
      const bank = checkQuestionBank(course, languages, lessonSlugs, report);
      if (bank) {
        banks.push({
          slug: course.slug,
          file: join(course.dir, "questions.json"),
          criterion: course.meta.criterionCourse,
          policy: course.meta.quiz,
          languages: languages.length ? languages : ["sv"],
          bank: bank.bank,
          text: bank.text,
        });
      }
    }
  }

  const criterion = courses.filter((c) => c.meta?.criterionCourse);
  if (courses.some((c) => c.meta) && criterion.length !== 1) {
    const where = criterion[1] ?? courses.find((c) => c.meta)!;
    report(
      join(where.dir, "course.json"),
      where.metaMap?.lineOf(["criterionCourse"]) ?? 1,
      `exactly one course must be the criterion course (criterionCourse: true); found ${criterion.length}${criterion.length ? `: ${criterion.map((c) => c.slug).join(", ")}` : ""}`,
    );
  }

  // ---- the assessment lint, over every bank at once (near-duplicate stems are looked for across courses)
  const lint = lintAssessments(banks, { draws: options.assessmentDraws });
  const lineOfItem = (file: string, questionId: string | null) => {
    const text = banks.find((b) => b.file === file)?.text;
    return (questionId && text && lineOfStringProperty(text, "id", questionId)) || 1;
  };
  for (const finding of lint.findings) {
    const related = finding.related
      ? ` (${relative(process.cwd(), finding.related.file)}:${lineOfItem(finding.related.file, finding.related.questionId)})`
      : "";
    report(finding.file, lineOfItem(finding.file, finding.questionId), finding.message + related, finding.severity);
  }

  diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return { diagnostics, courses: courses.length, lessonFiles, words, assessment: lint.figures };
}

type Report = (file: string, line: number, message: string, severity?: Diagnostic["severity"], column?: number) => void;

function readJson(path: string, report: Report): { map: JsonLineMap; text: string } | null {
  const text = readFileSync(path, "utf8");
  try {
    return { map: parseJsonWithLines(text), text };
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      report(path, error.line, `invalid JSON: ${error.message}`, "error", error.column);
    else report(path, 1, `invalid JSON: ${(error as Error).message}`);
    return null;
  }
}

function describePath(path: ReadonlyArray<string | number>) {
  return path.length
    ? path
        .map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`))
        .join("")
        .replace(/^\./, "")
    : "(top level)";
}

function reportZod(file: string, map: JsonLineMap, issues: ZodIssue[], report: Report) {
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        report(
          file,
          map.lineOfKey(issue.path, key),
          `${describePath([...issue.path, key])}: unknown property (check the spelling)`,
        );
      continue;
    }
    let message = issue.message;
    if (issue.code === "invalid_type" && issue.received === "undefined") message = "is required";
    else if (issue.code === "invalid_union_discriminator")
      message = `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}`;
    report(file, map.lineOf(issue.path), `${describePath(issue.path)}: ${message}`);
  }
}

function checkFrontmatter(path: string, source: string, report: Report) {
  if (!source.startsWith("---")) {
    report(path, 1, "the lesson must start with front matter (--- title, summary, minutes ---)");
    return;
  }
  let data: unknown;
  try {
    data = matter(source).data;
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    report(path, (mark?.line ?? 0) + 2, `front matter: ${(error as Error).message.split("\n")[0]}`);
    return;
  }
  const parsed = lessonFrontmatterSchema.safeParse(data);
  if (parsed.success) return;
  const lines = source.split("\n");
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  const lineOfKey = (key: string) => {
    const index = lines.slice(0, end === -1 ? undefined : end).findIndex((l) => new RegExp(`^${key}\\s*:`).test(l));
    return index === -1 ? 1 : index + 1;
  };
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        report(
          path,
          lineOfKey(key),
          `front matter: unknown key "${key}" (allowed: title, summary, minutes, deepeningMinutes)`,
        );
      continue;
    }
    const key = String(issue.path[0] ?? "");
    const message = issue.code === "invalid_type" && issue.received === "undefined" ? "is required" : issue.message;
    report(path, key ? lineOfKey(key) : 1, `front matter: ${key || "(front matter)"} ${message}`);
  }
}

/** Languages in which the course has every lesson. */
function fullLanguages(course: CourseState): ContentLanguage[] {
  const slugs = new Set(course.lessons.map((l) => l.slug));
  return contentLanguages.filter((language) =>
    [...slugs].every((slug) => course.lessons.some((l) => l.slug === slug && l.language === language)),
  );
}

function checkLessonSet(course: CourseState, report: Report) {
  const slugs = new Map<string, LessonFile[]>();
  for (const lesson of course.lessons) slugs.set(lesson.slug, [...(slugs.get(lesson.slug) ?? []), lesson]);
  const orders = new Map<number, string>();
  for (const [slug, files] of slugs) {
    const ordersOfSlug = new Set(files.map((f) => f.order));
    if (ordersOfSlug.size > 1)
      for (const f of files.slice(1))
        report(
          f.path,
          1,
          `lesson "${slug}" has different numbers in different languages (${[...ordersOfSlug].join(", ")})`,
        );
    const order = files[0]!.order;
    const other = orders.get(order);
    if (other && other !== slug)
      report(
        files[0]!.path,
        1,
        `number ${String(order).padStart(2, "0")} is used by two lessons: "${other}" and "${slug}"`,
      );
    orders.set(order, slug);
    if (!files.some((f) => f.language === "sv")) {
      for (const f of files)
        report(
          f.path,
          1,
          `lesson "${slug}" has no Swedish version (${String(order).padStart(2, "0")}-${slug}.sv.mdx); Swedish is required`,
        );
    }
  }
  const total = slugs.size;
  if (!total) {
    report(join(course.dir, "lessons"), 1, "the course has no lessons");
    return;
  }
  for (const language of contentLanguages) {
    if (language === "sv") continue;
    const present = [...slugs.keys()].filter((slug) => slugs.get(slug)!.some((f) => f.language === language));
    if (!present.length) {
      if (language === "en")
        report(
          join(course.dir, "course.json"),
          1,
          "the course has no English lessons; English should exist for every lesson",
          "warning",
        );
      continue;
    }
    for (const [slug, files] of slugs) {
      if (files.some((f) => f.language === language)) continue;
      const reference = files.find((f) => f.language === "sv") ?? files[0]!;
      report(
        reference.path,
        1,
        `lesson "${slug}" is missing in ${language} (${String(reference.order).padStart(2, "0")}-${slug}.${language}.mdx); ${present.length} of ${total} lessons exist in ${language}`,
      );
    }
  }
}

function checkCourseLanguages(
  file: string,
  meta: CourseMeta,
  map: JsonLineMap,
  languages: ContentLanguage[],
  report: Report,
) {
  for (const field of ["title", "description", "certificateProves"] as const) {
    for (const language of languages) {
      if (!meta[field][language])
        report(file, map.lineOf([field]), `${field}: missing "${language}" text (the lessons exist in ${language})`);
    }
  }
}

/** Checks questions.json; returns the bank (for the assessment lint) when it is valid per its schema. */
function checkQuestionBank(
  course: CourseState,
  languages: ContentLanguage[],
  lessonSlugs: string[],
  report: Report,
): { bank: QuestionBank; text: string } | null {
  const path = join(course.dir, "questions.json");
  if (!existsSync(path)) {
    report(path, 1, "questions.json is missing (the course's question bank)");
    return null;
  }
  const json = readJson(path, report);
  if (!json) return null;
  const parsed = questionBankSchema.safeParse(json.map.value);
  if (!parsed.success) {
    reportZod(path, json.map, parsed.error.issues, report);
    return null;
  }
  const bank: QuestionBank = parsed.data;
  const metaPath = join(course.dir, "course.json");
  const metaText = readFileSync(metaPath, "utf8");
  for (const problem of checkBankAgainstPolicy(bank, course.meta!.quiz, lessonSlugs)) {
    const quoted = /"([^"]+)"/.exec(problem)?.[1];
    if (/^question id/.test(problem) && quoted)
      report(path, lineOfStringProperty(json.text, "id", quoted, "last") ?? 1, problem);
    else if (/^question "/.test(problem) && quoted)
      report(path, lineOfStringProperty(json.text, "id", quoted) ?? 1, problem);
    else if (/^the quiz draws from topic|^topic "/.test(problem) && quoted)
      report(
        metaPath,
        lineOfStringProperty(metaText, "topic", quoted) ?? course.metaMap!.lineOf(["quiz", "draw"]),
        problem,
      );
    else report(path, 1, problem);
  }
  // Every text must exist in every language the course's lessons are offered in.
  const walk = (value: unknown, at: Array<string | number>) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i]));
    else if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (
        typeof record.sv === "string" &&
        Object.keys(record).every((k) => (contentLanguages as readonly string[]).includes(k))
      ) {
        const missing = languages.filter((l) => typeof record[l] !== "string");
        if (missing.length)
          report(
            path,
            json.map.lineOf(at),
            `${describePath(at)}: missing ${missing.map((l) => `"${l}"`).join(", ")} text (the course is offered in ${languages.join(", ")})`,
          );
        return;
      }
      for (const [key, v] of Object.entries(record)) walk(v, [...at, key]);
    }
  };
  walk(json.map.value, []);
  return { bank, text: json.text };
}

function checkLink(
  url: string,
  course: CourseState,
  lesson: LessonFile,
  index: Map<string, Map<string, LessonFile[]>>,
): string | null {
  if (/^(https?:|mailto:|tel:)/i.test(url)) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return `link "${url}": only http(s), mailto and tel links are allowed`;
  if (url.endsWith(".mdx") || url.includes(".mdx#"))
    return `link "${url}": link to a lesson by its slug, e.g. (lesson-slug) or (/courses/${course.slug}/lessons/lesson-slug), not by its file name`;
  // Resolve the way the browser will, from the lesson's address.
  const base = new URL(`https://ka.invalid/courses/${course.slug}/lessons/${lesson.slug}`);
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    return `link "${url}" is not a valid address`;
  }
  const anchor = target.hash ? decodeURIComponent(target.hash.slice(1)) : null;
  const match = /^\/courses\/([^/]+)(?:\/lessons\/([^/]+))?\/?$/.exec(target.pathname);
  if (!match) {
    if (/^\/(courses|learning|search|verify)(\/|$)/.test(target.pathname) || target.pathname === "/") return null;
    return `link "${url}" points to ${target.pathname}, which is not a page of KontaktAkademin`;
  }
  const [, courseSlug, lessonSlug] = match;
  const lessons = index.get(courseSlug!);
  if (!lessons) return `link "${url}": there is no course "${courseSlug}"`;
  if (!lessonSlug) return anchor ? `link "${url}": course pages have no anchors` : null;
  const files = lessons.get(lessonSlug);
  if (!files) return `link "${url}": course "${courseSlug}" has no lesson "${lessonSlug}"`;
  if (anchor) {
    const sameLanguage = files.find((f) => f.language === lesson.language) ?? files.find((f) => f.language === "sv");
    if (sameLanguage?.rendered && !sameLanguage.ids.has(anchor)) {
      return `link "${url}": lesson "${lessonSlug}" (${sameLanguage.language}) has no heading with the anchor #${anchor}`;
    }
  }
  return null;
}

function checkImage(url: string, course: CourseState, lesson: LessonFile): string | null {
  if (/^https?:/i.test(url))
    return `image "${url}": images must be stored with the course (content/courses/${course.slug}/media/) and linked as ../media/name.png`;
  const file = resolve(dirname(lesson.path), decodeURIComponent(url.split(/[?#]/)[0]!));
  const mediaDir = join(course.dir, "media");
  if (!file.startsWith(mediaDir + sep))
    return `image "${url}": images live in content/courses/${course.slug}/media/ and are linked as ../media/name.png`;
  if (!MEDIA_EXTENSIONS.test(file)) return `image "${url}": use png, jpg, webp, gif, svg or avif`;
  if (!existsSync(file)) return `image "${url}": ${relative(process.cwd(), file)} does not exist`;
  return null;
}

/** `path:line[:column]: severity: message`, paths relative to the working directory. */
export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const where = `${relative(cwd, d.file) || d.file}:${d.line}${d.column ? `:${d.column}` : ""}`;
  return `${where}: ${d.severity === "warning" ? "warning: " : ""}${d.message}`;
}
