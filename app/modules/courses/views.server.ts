// What the course pages show, as plain serialisable data: the catalogue (filtered by audience and
// language, with a Swedish fallback that says so), a course's overview, a lesson in the reader's
// language with its neighbours and the learner's progress. Routes stay thin: they check who asks,
// parse input and call these.
import type { SessionUser } from "~/modules/auth/session.server";
import { getDb } from "~/utils/db.server";
import { pickText, type ContentLanguage, type CourseMeta } from "./course-schema";
import { getContentStore, pickVariant, type Course } from "./content.server";
import { canEnroll, type EnrollDecision } from "./entitlement.server";
import { computeProgress } from "./progress";
import { getCourseProgress, recordLessonVisit, type CourseProgress } from "./progress.server";

export const quizPath = (courseSlug: string) => `/courses/${courseSlug}/quiz`;
export const lessonPath = (courseSlug: string, lessonSlug: string) => `/courses/${courseSlug}/lessons/${lessonSlug}`;

const isContentLanguage = (l: string): l is ContentLanguage => l === "sv" || l === "en" || l === "fi";

/** The language a reader sees a course in: theirs when every lesson exists in it, else Swedish. */
export function displayLanguage(course: Course, readerLanguage: string): ContentLanguage {
  return isContentLanguage(readerLanguage) && course.languages.includes(readerLanguage) ? readerLanguage : "sv";
}

export type CourseCard = {
  slug: string;
  title: string;
  description: string;
  audience: CourseMeta["audience"];
  estimatedMinutes: number;
  lessonCount: number;
  criterionCourse: boolean;
  /** The language the card (and the course) is shown in. */
  language: ContentLanguage;
  /** Shown in Swedish because the reader's language is missing. */
  fallback: boolean;
  /** The signed-in learner's progress, when enrolled. */
  percent: number | null;
};

export type CatalogueFilter = { audience: "manager" | "agent" | null; language: ContentLanguage };

export async function getCatalogueView(filter: CatalogueFilter, readerLanguage: string, user: SessionUser | null) {
  const courses = getContentStore()
    .getCatalogue()
    .courses.filter((c) => !filter.audience || c.meta.audience === filter.audience || c.meta.audience === "all");
  const percents = user ? await progressPercents(user.id, courses) : new Map<string, number>();
  const card = (course: Course): CourseCard => {
    const language = displayLanguage(course, readerLanguage);
    return {
      slug: course.slug,
      title: pickText(course.meta.title, language),
      description: pickText(course.meta.description, language),
      audience: course.meta.audience,
      estimatedMinutes: course.meta.estimatedMinutes,
      lessonCount: course.lessons.length,
      criterionCourse: course.meta.criterionCourse,
      language,
      fallback: language !== readerLanguage,
      percent: percents.get(course.slug) ?? null,
    };
  };
  const available = courses.filter((c) => c.languages.includes(filter.language));
  // Courses missing the chosen language are still offered, in Swedish, in their own section.
  const swedishOnly = filter.language === "sv" ? [] : courses.filter((c) => !c.languages.includes(filter.language));
  return { filter, courses: available.map(card), swedishOnly: swedishOnly.map(card) };
}

async function progressPercents(userId: string, courses: Course[]): Promise<Map<string, number>> {
  if (!courses.length) return new Map();
  const db = await getDb();
  const slugs = courses.map((c) => c.slug);
  const [enrollments, completions] = await Promise.all([
    db.enrollment.findMany({ where: { userId, courseSlug: { in: slugs } }, select: { courseSlug: true, lastLessonSlug: true } }),
    db.lessonCompletion.findMany({
      where: { userId, OR: courses.map((c) => ({ courseSlug: c.slug, contentVersion: c.version })) },
      select: { courseSlug: true, lessonSlug: true },
    }),
  ]);
  const result = new Map<string, number>();
  for (const enrollment of enrollments) {
    const course = courses.find((c) => c.slug === enrollment.courseSlug)!;
    const progress = computeProgress({
      lessonSlugs: course.lessons.map((l) => l.slug),
      completed: completions.filter((c) => c.courseSlug === course.slug).map((c) => c.lessonSlug),
      lastLessonSlug: enrollment.lastLessonSlug,
    });
    result.set(course.slug, progress.percent);
  }
  return result;
}

export type OutlineLesson = {
  slug: string;
  number: number;
  title: string;
  summary: string;
  minutes: number;
  /** Optional deep-dive sections, read on demand; null when the lesson has none. */
  deepeningMinutes: number | null;
  language: ContentLanguage;
  done: boolean;
};

export type CourseView = {
  slug: string;
  title: string;
  description: string;
  certificateProves: string;
  certificateValidityMonths: number | null;
  audience: CourseMeta["audience"];
  estimatedMinutes: number;
  criterionCourse: boolean;
  version: string;
  contentId: string;
  language: ContentLanguage;
  fallback: boolean;
  /** Some lessons exist in the reader's language, not all. */
  partialFallback: boolean;
  lessons: OutlineLesson[];
  learner: null | {
    enrolled: boolean;
    decision: EnrollDecision;
    previousVersion: string | null;
    progress: CourseProgress;
    resume: { slug: string; title: string };
    quizPath: string | null;
  };
};

export async function getCourseView(course: Course, readerLanguage: string, user: SessionUser | null): Promise<CourseView> {
  const language = displayLanguage(course, readerLanguage);
  const state = user ? await getCourseProgress(user.id, course) : null;
  const lessons = course.lessons.map((lesson) => {
    const variant = pickVariant(lesson, readerLanguage);
    return {
      slug: lesson.slug,
      number: lesson.number,
      title: variant.frontmatter.title,
      summary: variant.frontmatter.summary,
      minutes: variant.frontmatter.minutes,
      deepeningMinutes: variant.frontmatter.deepeningMinutes ?? null,
      language: variant.language,
      done: state?.progress.completed.includes(lesson.slug) ?? false,
    };
  });
  return {
    slug: course.slug,
    title: pickText(course.meta.title, language),
    description: pickText(course.meta.description, language),
    certificateProves: pickText(course.meta.certificateProves, language),
    certificateValidityMonths: course.meta.certificateValidityMonths,
    audience: course.meta.audience,
    estimatedMinutes: course.meta.estimatedMinutes,
    criterionCourse: course.meta.criterionCourse,
    version: course.version,
    contentId: course.contentId,
    language,
    fallback: language !== readerLanguage,
    partialFallback: isContentLanguage(readerLanguage) && course.partialLanguages.includes(readerLanguage),
    lessons,
    learner:
      user && state
        ? {
            enrolled: state.enrolled,
            decision: await canEnroll(user, course),
            previousVersion: state.previousVersion,
            progress: state.progress,
            resume: { slug: state.progress.resumeLessonSlug, title: lessons.find((l) => l.slug === state.progress.resumeLessonSlug)!.title },
            quizPath: state.progress.readyForQuiz ? quizPath(course.slug) : null,
          }
        : null,
  };
}

export type LessonPage = {
  course: { slug: string; title: string; lessonCount: number };
  lesson: {
    slug: string;
    number: number;
    title: string;
    summary: string;
    minutes: number;
    deepeningMinutes: number | null;
    language: ContentLanguage;
    fallback: boolean;
    html: string;
    toc: Array<{ id: string; text: string; level: 2 | 3 }>;
  };
  previous: { slug: string; title: string } | null;
  next: { slug: string; title: string } | null;
  done: boolean;
  enrolled: boolean;
  progress: CourseProgress;
  quizPath: string | null;
};

export type LessonPageResult = { status: "ok"; page: LessonPage } | { status: "not-entitled"; decision: EnrollDecision } | { status: "unavailable" };

/**
 * A lesson for a signed-in reader: gated by the entitlement check, rendered HTML from the cache
 * (never compiled here once warm), and "continue" moved to this lesson unless the browser is
 * only prefetching.
 */
export async function getLessonPage(
  course: Course,
  lessonSlug: string,
  readerLanguage: string,
  user: SessionUser,
  options: { recordVisit: boolean },
): Promise<LessonPageResult | null> {
  const index = course.lessons.findIndex((l) => l.slug === lessonSlug);
  if (index === -1) return null;
  const decision = await canEnroll(user, course);
  if (!decision.allowed) return { status: "not-entitled", decision };
  const lesson = course.lessons[index]!;
  const variant = pickVariant(lesson, readerLanguage);
  const [rendered, state] = await Promise.all([getContentStore().renderVariant(variant), getCourseProgress(user.id, course)]);
  if (!rendered.ok) return { status: "unavailable" };
  // Only a move to another lesson is a write; re-reading the same lesson costs no update.
  if (options.recordVisit && state.enrolled && state.lastLessonSlug !== lesson.slug) await recordLessonVisit(user.id, course, lesson.slug);
  const neighbour = (i: number) => {
    const other = course.lessons[i];
    return other ? { slug: other.slug, title: pickVariant(other, readerLanguage).frontmatter.title } : null;
  };
  return {
    status: "ok",
    page: {
      course: { slug: course.slug, title: pickText(course.meta.title, displayLanguage(course, readerLanguage)), lessonCount: course.lessons.length },
      lesson: {
        slug: lesson.slug,
        number: lesson.number,
        title: variant.frontmatter.title,
        summary: variant.frontmatter.summary,
        minutes: variant.frontmatter.minutes,
        deepeningMinutes: variant.frontmatter.deepeningMinutes ?? null,
        language: variant.language,
        fallback: variant.language !== readerLanguage,
        html: rendered.rendered.html,
        toc: rendered.rendered.toc,
      },
      previous: neighbour(index - 1),
      next: neighbour(index + 1),
      done: state.progress.completed.includes(lesson.slug),
      enrolled: state.enrolled,
      progress: state.progress,
      quizPath: state.progress.readyForQuiz ? quizPath(course.slug) : null,
    },
  };
}
