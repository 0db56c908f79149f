// Reads what learnerStatus needs (attempts and certificates) for several courses of one learner in
// two queries, so My learning, the catalogue and the course page derive the status the same way.
import { getDb } from "~/utils/db.server";
import type { Course } from "./content.server";
import { learnerStatus, type LearnerStatus, type LearnerStatusInput } from "./learner-status";
import type { CourseProgress } from "./progress";

const HOUR = 3_600_000;

export type LearnerCourseState = { course: Course; enrolled: boolean; progress: CourseProgress };

export async function getLearnerStatuses(
  userId: string,
  states: LearnerCourseState[],
  now = new Date(),
): Promise<Map<string, LearnerStatus>> {
  const result = new Map<string, LearnerStatus>();
  if (!states.length) return result;
  const db = await getDb();
  const slugs = states.map((s) => s.course.slug);
  const longestPeriodHours = Math.max(...states.map((s) => s.course.meta.quiz.attemptsPerPeriod.periodHours));
  const since = new Date(now.getTime() - longestPeriodHours * HOUR);
  const select = {
    id: true,
    courseSlug: true,
    status: true,
    startedAt: true,
    gradedAt: true,
    passed: true,
    scorePercent: true,
  } as const;
  const [recent, lastClosed, certificates] = await Promise.all([
    db.quizAttempt.findMany({
      where: { userId, courseSlug: { in: slugs }, OR: [{ startedAt: { gt: since } }, { status: "in_progress" }] },
      select,
      orderBy: { startedAt: "desc" },
      take: 200 * slugs.length,
    }),
    // The latest closed attempt per course (the cooldown and "failed" read it even when it is old).
    db.quizAttempt.findMany({
      where: { userId, courseSlug: { in: slugs }, status: { not: "in_progress" }, gradedAt: { not: null } },
      select,
      orderBy: [{ courseSlug: "asc" }, { gradedAt: "desc" }],
      distinct: ["courseSlug"],
    }),
    db.certificate.findMany({
      where: { userId, courseSlug: { in: slugs } },
      select: {
        number: true,
        courseSlug: true,
        contentVersion: true,
        issuedAt: true,
        expiresAt: true,
        revokedAt: true,
      },
      orderBy: { issuedAt: "desc" },
    }),
  ]);
  for (const { course, enrolled, progress } of states) {
    const mine = recent.filter((a) => a.courseSlug === course.slug);
    const closed = lastClosed.find((a) => a.courseSlug === course.slug);
    const attempts: LearnerStatusInput["attempts"] =
      closed && !mine.some((a) => a.id === closed.id) ? [...mine, closed] : mine;
    result.set(
      course.slug,
      learnerStatus({
        now,
        enrolled,
        progress,
        firstLessonSlug: course.lessons[0]!.slug,
        contentVersion: course.version,
        policy: course.meta.quiz,
        attempts,
        certificates: certificates.filter((c) => c.courseSlug === course.slug),
      }),
    );
  }
  return result;
}
