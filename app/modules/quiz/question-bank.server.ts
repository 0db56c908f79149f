// The question bank of a course (content/courses/<slug>/questions.json), validated and cached per
// course version. THE ONLY code that reads questions.json: it is server-only, and what it returns
// (correct flags, explanations) must never be sent to the browser before grading.
// Course metadata and lessons come from the courses module's content store.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { CourseMeta } from "~/modules/courses/course-schema";
import { getContentStore, type Course } from "~/modules/courses/content.server";
import type { SourceEntry } from "~/modules/courses/sources-schema";
import { bankPolicyProblems, questionBankSchema, type QuestionBank } from "./question-bank-schema";

export class QuizContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuizContentError";
  }
}

/** The course (metadata, quiz policy, lessons) or null when there is no such valid course. */
export function getQuizCourse(slug: string): Course | null {
  return getContentStore().getCourse(slug);
}

export function getCourseMeta(slug: string): CourseMeta | null {
  return getQuizCourse(slug)?.meta ?? null;
}

/** A primary source from content/sources.json (`source` in a question starts with its key). */
export function getSourceEntry(key: string): SourceEntry | null {
  return getContentStore().getCatalogue().sources[key] ?? null;
}

const bankCache = new Map<string, { mtimeMs: number; bank: Promise<QuestionBank> }>();

/**
 * The validated question bank of `course`, checked to be drawable under its quiz policy. Cached per
 * course version; re-read only when the file changes on disk (an author's edit in development).
 */
export async function loadQuestionBank(course: Course): Promise<QuestionBank> {
  const path = join(course.dir, "questions.json");
  const mtimeMs = await stat(path).then(
    (s) => s.mtimeMs,
    () => null,
  );
  if (mtimeMs === null) throw new QuizContentError(`${path} is missing: course "${course.slug}" has no question bank`);
  const key = `${course.slug}@${course.version}`;
  const hit = bankCache.get(key);
  if (hit && hit.mtimeMs === mtimeMs) return hit.bank;
  const bank = (async () => {
    const parsed = questionBankSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
      throw new QuizContentError(`${path}: ${issues.join("; ")}`);
    }
    // Only what makes the quiz undrawable stops it; a thin pool is content:check's business.
    const problems = bankPolicyProblems(parsed.data, course.meta.quiz, course.lessons.map((l) => l.slug)).filter((p) => p.blocking);
    if (problems.length) throw new QuizContentError(`${path}: ${problems.map((p) => p.message).join("; ")}`);
    return parsed.data;
  })();
  bankCache.set(key, { mtimeMs, bank });
  bank.catch(() => bankCache.delete(key));
  return bank;
}
