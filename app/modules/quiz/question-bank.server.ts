// The question bank of a course (content/courses/<slug>/questions.json), as the quiz may use it:
// read and schema-checked by the content store, then checked to be drawable under the course's
// quiz policy. Server-only: what it returns (correct flags, explanations) must never be sent to
// the browser before grading. Course metadata and lessons come from the content store too.
import type { CourseMeta } from "~/modules/courses/course-schema";
import { getContentStore, type Course } from "~/modules/courses/content.server";
import type { SourceEntry } from "~/modules/courses/sources-schema";
import { bankPolicyProblems, type QuestionBank } from "./question-bank-schema";

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

/**
 * The validated question bank of `course`, checked to be drawable under its quiz policy. Read by
 * the content store once per content version.
 */
export async function loadQuestionBank(course: Course): Promise<QuestionBank> {
  const read = getContentStore().getQuestionBank(course);
  if (!read.ok) throw new QuizContentError(`course "${course.slug}": ${read.error}`);
  // Only what makes the quiz undrawable stops it; a thin pool is content:check's business.
  const problems = bankPolicyProblems(
    read.bank,
    course.meta.quiz,
    course.lessons.map((l) => l.slug),
  ).filter((p) => p.blocking);
  if (problems.length)
    throw new QuizContentError(`course "${course.slug}" questions.json: ${problems.map((p) => p.message).join("; ")}`);
  return read.bank;
}
