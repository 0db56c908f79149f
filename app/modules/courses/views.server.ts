// What the course pages show, as plain serialisable data: the catalogue (filtered by audience and
// language, with a Swedish fallback that says so), a course's overview, a lesson in the reader's
// language with its neighbours and the learner's progress. Routes stay thin: they check who asks,
// parse input and call these.
import { Prisma } from "~/generated/prisma/client";
import type { SessionUser } from "~/modules/auth/session.server";
import { getDb } from "~/utils/db.server";
import { contentLanguageOrder, pickText, type ContentLanguage, type CourseMeta } from "./course-schema";
import { getContentStore, pickVariant, type Course, type Lesson, type LessonVariant } from "./content.server";
import { canEnroll, type EnrollDecision } from "./entitlement.server";
import { quizRules, type QuizRules } from "~/modules/quiz/policy";
import { computeProgress } from "./progress";
import { learnerStatusView, type LearnerStatus, type LearnerStatusView } from "./learner-status";
import { getLearnerStatuses } from "./learner-status.server";
import { getCourseProgress, recordLessonVisit, type CourseProgress } from "./progress.server";
import { courseParamsSchema } from "./route-input";

export const quizPath = (courseSlug: string) => `/courses/${courseSlug}/quiz`;
export const lessonPath = (courseSlug: string, lessonSlug: string) => `/courses/${courseSlug}/lessons/${lessonSlug}`;

/** The course a /courses/:slug page is about, or null when the slug is malformed or names no course (the route answers 404). */
export function courseFromParams(params: unknown): Course | null {
  const parsed = courseParamsSchema.safeParse(params);
  return (parsed.success ? getContentStore().getCourse(parsed.data.slug) : null) ?? null;
}

const isContentLanguage = (l: string): l is ContentLanguage => l === "sv" || l === "en" || l === "fi";

/**
 * The language a reader sees a course in (title, description, outline): the first language of
 * contentLanguageOrder (theirs, English, Swedish) that every lesson exists in.
 */
export function displayLanguage(course: Pick<Course, "languages">, readerLanguage: string): ContentLanguage {
  return contentLanguageOrder(readerLanguage).find((l) => course.languages.includes(l)) ?? "sv";
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
  /** Shown in another language than the reader's, because theirs is missing. */
  fallback: boolean;
  /** The other languages the whole course exists in. */
  otherLanguages: ContentLanguage[];
  /** The signed-in learner's status, once they have started (enrolled, or an attempt or certificate). */
  status: LearnerStatusView | null;
};

/** `language`: only courses that exist (every lesson) in it; null: every course. */
export type CatalogueFilter = { audience: "manager" | "agent" | null; language: ContentLanguage | null };

/**
 * Which courses the catalogue lists and in which language each is shown: every course the
 * filter lets through, in one list, each in the reader's language when the whole course exists
 * in it, else the next in contentLanguageOrder. Pure (no database).
 */
export function catalogueEntries(courses: Course[], filter: CatalogueFilter, readerLanguage: string) {
  return courses
    .filter((c) => !filter.audience || c.meta.audience === filter.audience || c.meta.audience === "all")
    .filter((c) => !filter.language || c.languages.includes(filter.language))
    .map((course) => {
      const language = displayLanguage(course, readerLanguage);
      return {
        course,
        language,
        fallback: language !== readerLanguage,
        otherLanguages: course.languages.filter((l) => l !== language),
      };
    });
}

export async function getCatalogueView(filter: CatalogueFilter, readerLanguage: string, user: SessionUser | null) {
  const entries = catalogueEntries(getContentStore().getCatalogue().courses, filter, readerLanguage);
  const statuses = user
    ? await startedStatuses(
        user.id,
        entries.map((e) => e.course),
      )
    : new Map<string, LearnerStatus>();
  const courses = entries.map(({ course, language, fallback, otherLanguages }): CourseCard => {
    const status = statuses.get(course.slug);
    return {
      slug: course.slug,
      title: pickText(course.meta.title, language),
      description: pickText(course.meta.description, language),
      audience: course.meta.audience,
      estimatedMinutes: course.meta.estimatedMinutes,
      lessonCount: course.lessons.length,
      criterionCourse: course.meta.criterionCourse,
      language,
      fallback,
      otherLanguages,
      status: status ? learnerStatusView(course.slug, status, lessonShownIn(course, readerLanguage)) : null,
    };
  });
  return { filter, courses };
}

/** A lesson's title and language as this reader gets it. */
export function lessonShownIn(course: Course, readerLanguage: string) {
  return (lessonSlug: string) => {
    const variant = pickVariant(
      course.lessons.find((l) => l.slug === lessonSlug)!,
      readerLanguage,
    );
    return { title: variant.frontmatter.title, language: variant.language };
  };
}

type StartedRow = {
  enrollments: Array<{ courseSlug: string; lastLessonSlug: string | null }>;
  completions: Array<{ courseSlug: string; lessonSlug: string }>;
  certified: string[];
};

/** Statuses of the courses the learner has started (enrolled in, or has attempts or certificates in). */
async function startedStatuses(userId: string, courses: Course[]): Promise<Map<string, LearnerStatus>> {
  if (!courses.length) return new Map();
  const db = await getDb();
  const slugs = Prisma.join(courses.map((c) => c.slug));
  const versions = Prisma.join(courses.map((c) => Prisma.sql`(${c.slug}, ${c.version})`));
  // One statement: the catalogue asks it on every signed-in view (see learner-status.server.ts).
  const [row] = await db.$queryRaw<StartedRow[]>`
    SELECT
      COALESCE((SELECT json_agg(json_build_object('courseSlug', e."courseSlug", 'lastLessonSlug', e."lastLessonSlug"))
                  FROM "Enrollment" e WHERE e."userId" = ${userId} AND e."courseSlug" IN (${slugs})), '[]'::json)
        AS "enrollments",
      COALESCE((SELECT json_agg(json_build_object('courseSlug', l."courseSlug", 'lessonSlug', l."lessonSlug"))
                  FROM "LessonCompletion" l
                 WHERE l."userId" = ${userId} AND (l."courseSlug", l."contentVersion") IN (${versions})), '[]'::json)
        AS "completions",
      COALESCE((SELECT json_agg(DISTINCT c."courseSlug")
                  FROM "Certificate" c WHERE c."userId" = ${userId} AND c."courseSlug" IN (${slugs})), '[]'::json)
        AS "certified"`;
  const { enrollments, completions, certified } = row!;
  const started = courses.filter((c) => enrollments.some((e) => e.courseSlug === c.slug) || certified.includes(c.slug));
  return getLearnerStatuses(
    userId,
    started.map((course) => {
      const enrollment = enrollments.find((e) => e.courseSlug === course.slug);
      return {
        course,
        enrolled: Boolean(enrollment),
        progress: computeProgress({
          lessonSlugs: course.lessons.map((l) => l.slug),
          completed: completions.filter((c) => c.courseSlug === course.slug).map((c) => c.lessonSlug),
          lastLessonSlug: enrollment?.lastLessonSlug ?? null,
        }),
      };
    }),
  );
}

/** What a lesson is called and how long it takes, in the language the reader gets it in. */
export type LessonHeading = {
  slug: string;
  number: number;
  title: string;
  summary: string;
  minutes: number;
  /** Optional deep-dive sections, read on demand; null when the lesson has none. */
  deepeningMinutes: number | null;
  language: ContentLanguage;
};

function lessonHeading(lesson: Lesson, variant: LessonVariant): LessonHeading {
  return {
    slug: lesson.slug,
    number: lesson.number,
    title: variant.frontmatter.title,
    summary: variant.frontmatter.summary,
    minutes: variant.frontmatter.minutes,
    deepeningMinutes: variant.frontmatter.deepeningMinutes ?? null,
    language: variant.language,
  };
}

export type OutlineLesson = LessonHeading & { done: boolean };

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
  /** The final quiz's rules (from course.json, which follows the quiz policy), shown before starting. */
  quizRules: QuizRules;
  learner: null | {
    enrolled: boolean;
    decision: EnrollDecision;
    previousVersion: string | null;
    progress: CourseProgress;
    status: LearnerStatusView;
  };
};

export async function getCourseView(
  course: Course,
  readerLanguage: string,
  user: SessionUser | null,
): Promise<CourseView> {
  const language = displayLanguage(course, readerLanguage);
  const state = user ? await getCourseProgress(user.id, course) : null;
  const lessons = course.lessons.map((lesson): OutlineLesson => ({
    ...lessonHeading(lesson, pickVariant(lesson, readerLanguage)),
    done: state?.progress.completed.includes(lesson.slug) ?? false,
  }));
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
    quizRules: quizRules(course.meta.quiz),
    learner:
      user && state
        ? {
            enrolled: state.enrolled,
            decision: await canEnroll(user, course),
            previousVersion: state.previousVersion,
            progress: state.progress,
            status: learnerStatusView(
              course.slug,
              (await getLearnerStatuses(user.id, [{ course, enrolled: state.enrolled, progress: state.progress }])).get(
                course.slug,
              )!,
              lessonShownIn(course, readerLanguage),
            ),
          }
        : null,
  };
}

export type LessonPage = {
  course: { slug: string; title: string; language: ContentLanguage; lessonCount: number };
  lesson: LessonHeading & {
    fallback: boolean;
    html: string;
    toc: Array<{ id: string; text: string; level: 2 | 3 }>;
  };
  previous: { slug: string; title: string; language: ContentLanguage } | null;
  next: { slug: string; title: string; language: ContentLanguage } | null;
  done: boolean;
  enrolled: boolean;
  progress: CourseProgress;
  /** The learner's status once every lesson is read (the quiz, its result or the certificate); null while reading. */
  status: LearnerStatusView | null;
};

export type LessonPageResult =
  { status: "ok"; page: LessonPage } | { status: "not-entitled"; decision: EnrollDecision } | { status: "unavailable" };

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
  const [rendered, state] = await Promise.all([
    getContentStore().renderVariant(variant),
    getCourseProgress(user.id, course),
  ]);
  if (!rendered.ok) return { status: "unavailable" };
  // Only a move to another lesson is a write; re-reading the same lesson costs no update.
  if (options.recordVisit && state.enrolled && state.lastLessonSlug !== lesson.slug)
    await recordLessonVisit(user.id, course, lesson.slug);
  const neighbour = (i: number) => {
    const other = course.lessons[i];
    if (!other) return null;
    const shown = pickVariant(other, readerLanguage);
    return { slug: other.slug, title: shown.frontmatter.title, language: shown.language };
  };
  // Only a finished reader needs the quiz's state: the lesson page stays a few reads while reading.
  const status = state.progress.readyForQuiz
    ? (await getLearnerStatuses(user.id, [{ course, enrolled: state.enrolled, progress: state.progress }])).get(
        course.slug,
      )!
    : null;
  const courseLanguage = displayLanguage(course, readerLanguage);
  return {
    status: "ok",
    page: {
      course: {
        slug: course.slug,
        title: pickText(course.meta.title, courseLanguage),
        language: courseLanguage,
        lessonCount: course.lessons.length,
      },
      lesson: {
        ...lessonHeading(lesson, variant),
        fallback: variant.language !== readerLanguage,
        html: rendered.rendered.html,
        toc: rendered.rendered.toc,
      },
      previous: neighbour(index - 1),
      next: neighbour(index + 1),
      done: state.progress.completed.includes(lesson.slug),
      enrolled: state.enrolled,
      progress: state.progress,
      status: status ? learnerStatusView(course.slug, status, lessonShownIn(course, readerLanguage)) : null,
    },
  };
}
