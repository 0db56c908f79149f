// Progress in the database: enrolments (Enrollment) and lesson completions (LessonCompletion) per
// user and course VERSION. A new course version starts the reading over (the certificate is for
// that version); Enrollment.completedAt is set while every lesson of the current version is done.
// The quiz engineer calls isReadyForQuiz(userId, courseSlug).
import type { SessionUser } from "~/modules/auth/session.server";
import { getDb } from "~/utils/db.server";
import { getContentStore, type Course } from "./content.server";
import { canEnroll, type EnrollDecision } from "./entitlement.server";
import { computeProgress, type CourseProgress } from "./progress";

export type { CourseProgress } from "./progress";

export type EnrollmentState = {
  enrolled: boolean;
  /** The lesson "continue" remembers (null when not enrolled or not yet reading). */
  lastLessonSlug: string | null;
  /** The version the learner last worked on, when it differs from the course's current one. */
  previousVersion: string | null;
  lastActiveAt: Date | null;
  progress: CourseProgress;
};

const lessonSlugs = (course: Course) => course.lessons.map((l) => l.slug);

/** The learner's state in one course (not enrolled: zero progress, resume at lesson 1). */
type ProgressRow = {
  enrolled: boolean;
  contentVersion: string | null;
  lastLessonSlug: string | null;
  updatedAt: Date | string | null;
  completed: string[] | null;
};

export async function getCourseProgress(userId: string, course: Course): Promise<EnrollmentState> {
  const db = await getDb();
  // Every lesson page asks this, so it is one round trip: the enrolment (if any) and the lessons
  // done in the current version, in one statement instead of two ORM queries.
  const [row] = await db.$queryRaw<ProgressRow[]>`
    SELECT e."id" IS NOT NULL AS "enrolled", e."contentVersion", e."lastLessonSlug", e."updatedAt",
           (SELECT array_agg(c."lessonSlug")
              FROM "LessonCompletion" c
             WHERE c."userId" = ${userId} AND c."courseSlug" = ${course.slug}
               AND c."contentVersion" = ${course.version}) AS "completed"
      FROM (SELECT 1) AS one
      LEFT JOIN "Enrollment" e ON e."userId" = ${userId} AND e."courseSlug" = ${course.slug}`;
  const enrolled = Boolean(row?.enrolled);
  const lastLessonSlug = row?.lastLessonSlug ?? null;
  return {
    enrolled,
    lastLessonSlug,
    previousVersion: enrolled && row!.contentVersion !== course.version ? row!.contentVersion : null,
    lastActiveAt: enrolled && row!.updatedAt ? new Date(row!.updatedAt) : null,
    progress: computeProgress({ lessonSlugs: lessonSlugs(course), completed: row?.completed ?? [], lastLessonSlug }),
  };
}

/** Enrols the user (idempotent) if the entitlement check allows it; moves an old enrolment to the current version. */
export async function enroll(user: SessionUser, course: Course): Promise<EnrollDecision> {
  const decision = await canEnroll(user, course);
  if (!decision.allowed) return decision;
  const db = await getDb();
  const existing = await db.enrollment.findUnique({
    where: { userId_courseSlug: { userId: user.id, courseSlug: course.slug } },
  });
  if (!existing) {
    await db.enrollment.createMany({
      data: [{ userId: user.id, courseSlug: course.slug, contentVersion: course.version }],
      skipDuplicates: true,
    });
  } else if (existing.contentVersion !== course.version) {
    await syncVersion(user.id, course);
  }
  return decision;
}

async function syncVersion(userId: string, course: Course) {
  const db = await getDb();
  const done = await db.lessonCompletion.count({
    where: { userId, courseSlug: course.slug, contentVersion: course.version, lessonSlug: { in: lessonSlugs(course) } },
  });
  await db.enrollment.updateMany({
    where: { userId, courseSlug: course.slug, NOT: { contentVersion: course.version } },
    data: { contentVersion: course.version, completedAt: done === course.lessons.length ? new Date() : null },
  });
}

/** Remembers the lesson the learner is reading (for "continue"); only for enrolled learners. */
export async function recordLessonVisit(userId: string, course: Course, lessonSlug: string) {
  const db = await getDb();
  await db.enrollment.updateMany({
    where: { userId, courseSlug: course.slug, OR: [{ lastLessonSlug: null }, { NOT: { lastLessonSlug: lessonSlug } }] },
    data: { lastLessonSlug: lessonSlug },
  });
}

/**
 * Marks a lesson done for the current version (idempotent; enrols first through canEnroll) and
 * moves "continue" to the next lesson not yet done. One transaction.
 */
export async function completeLesson(
  user: SessionUser,
  course: Course,
  lessonSlug: string,
): Promise<{ decision: EnrollDecision; progress?: CourseProgress }> {
  if (!course.lessons.some((l) => l.slug === lessonSlug))
    throw new Error(`no lesson "${lessonSlug}" in ${course.slug}`);
  const decision = await enroll(user, course);
  if (!decision.allowed) return { decision };
  const db = await getDb();
  const progress = await db.$transaction(async (tx) => {
    await tx.lessonCompletion.createMany({
      data: [{ userId: user.id, courseSlug: course.slug, contentVersion: course.version, lessonSlug }],
      skipDuplicates: true,
    });
    const completions = await tx.lessonCompletion.findMany({
      where: { userId: user.id, courseSlug: course.slug, contentVersion: course.version },
      select: { lessonSlug: true },
    });
    const after = computeProgress({
      lessonSlugs: lessonSlugs(course),
      completed: completions.map((c) => c.lessonSlug),
      lastLessonSlug: lessonSlug,
    });
    const current = await tx.enrollment.findUniqueOrThrow({
      where: { userId_courseSlug: { userId: user.id, courseSlug: course.slug } },
    });
    await tx.enrollment.update({
      where: { id: current.id },
      data: {
        lastLessonSlug: after.resumeLessonSlug,
        completedAt: after.readyForQuiz ? (current.completedAt ?? new Date()) : null,
      },
    });
    return after;
  });
  return { decision, progress };
}

/** Takes back a "done" mark (the learner wants to re-read before the quiz). */
export async function uncompleteLesson(userId: string, course: Course, lessonSlug: string) {
  const db = await getDb();
  await db.$transaction([
    db.lessonCompletion.deleteMany({
      where: { userId, courseSlug: course.slug, contentVersion: course.version, lessonSlug },
    }),
    db.enrollment.updateMany({
      where: { userId, courseSlug: course.slug },
      data: { completedAt: null, lastLessonSlug: lessonSlug },
    }),
  ]);
}

/** True when the user has completed every lesson of the course's current version. */
export async function isReadyForQuiz(userId: string, courseSlug: string): Promise<boolean> {
  const course = getContentStore().getCourse(courseSlug);
  if (!course) return false;
  const db = await getDb();
  const done = await db.lessonCompletion.count({
    where: { userId, courseSlug, contentVersion: course.version, lessonSlug: { in: lessonSlugs(course) } },
  });
  return done === course.lessons.length;
}

export type LearningEntry = {
  courseSlug: string;
  course: Course | null;
  enrolledAt: Date;
  lastActiveAt: Date;
  progress: CourseProgress | null;
};

/** "My learning": the user's enrolments, most recently active first, one page at a time. */
export async function getLearningPage(userId: string, { page, pageSize }: { page: number; pageSize: number }) {
  const db = await getDb();
  const where = { userId };
  const [total, enrollments] = await Promise.all([
    db.enrollment.count({ where }),
    db.enrollment.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
  ]);
  const store = getContentStore();
  const courses = new Map(enrollments.map((e) => [e.courseSlug, store.getCourse(e.courseSlug)]));
  const completions = enrollments.length
    ? await db.lessonCompletion.findMany({
        where: {
          userId,
          OR: [...courses.entries()]
            .filter(([, c]) => c)
            .map(([slug, c]) => ({ courseSlug: slug, contentVersion: c!.version })),
        },
        select: { courseSlug: true, lessonSlug: true },
      })
    : [];
  const entries: LearningEntry[] = enrollments.map((e) => {
    const course = courses.get(e.courseSlug) ?? null;
    return {
      courseSlug: e.courseSlug,
      course,
      enrolledAt: e.enrolledAt,
      lastActiveAt: e.updatedAt,
      progress: course
        ? computeProgress({
            lessonSlugs: lessonSlugs(course),
            completed: completions.filter((c) => c.courseSlug === e.courseSlug).map((c) => c.lessonSlug),
            lastLessonSlug: e.lastLessonSlug,
          })
        : null,
    };
  });
  return { total, page, pages: Math.max(1, Math.ceil(total / pageSize)), entries };
}
