// Reads what learnerStatus needs (attempts and certificates) for several courses of one learner in
// one statement, so My learning, the catalogue and the course page derive the status the same way.
// One statement, not three ORM queries: the catalogue and the course page ask it on every view,
// and each query cost more CPU in Prisma's query interpreter and the socket write than the
// statement costs PostgreSQL (docs/decisions/029-page-cost.md).
import { Prisma, type AttemptStatus } from "~/generated/prisma/client";
import { getDb } from "~/utils/db.server";
import type { Course } from "./content.server";
import { learnerStatus, type LearnerStatus, type LearnerStatusInput } from "./learner-status";
import type { CourseProgress } from "./progress";

const HOUR = 3_600_000;

/**
 * A timestamp column as milliseconds since the epoch, for JSON: json_agg would write it without a
 * zone, which JavaScript would read as local time. Our columns hold UTC, and extract(epoch) reads
 * a timestamp without zone as UTC.
 */
const epochMs = (alias: string, column: string) =>
  Prisma.raw(`(extract(epoch from ${alias}."${column}") * 1000)::bigint`);

const attemptJson = Prisma.sql`json_build_object('id', a."id", 'courseSlug', a."courseSlug", 'status', a."status",
  'startedAt', ${epochMs("a", "startedAt")}, 'gradedAt', ${epochMs("a", "gradedAt")},
  'passed', a."passed", 'scorePercent', a."scorePercent")`;

type AttemptJson = {
  id: string;
  courseSlug: string;
  status: AttemptStatus;
  startedAt: number;
  gradedAt: number | null;
  passed: boolean | null;
  scorePercent: number | null;
};
type LearnerRecordsRow = {
  recent: AttemptJson[];
  lastClosed: AttemptJson[];
  certificates: Array<{
    number: string;
    courseSlug: string;
    contentVersion: string;
    issuedAt: number;
    expiresAt: number | null;
    revokedAt: number | null;
  }>;
};

const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms));
const attemptFromJson = (a: AttemptJson) => ({
  ...a,
  startedAt: new Date(a.startedAt),
  gradedAt: dateOrNull(a.gradedAt),
});

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
  const records = await db.$queryRaw<LearnerRecordsRow[]>`
    SELECT
      COALESCE((SELECT json_agg(${attemptJson} ORDER BY a."startedAt" DESC) FROM (
          SELECT "id", "courseSlug", "status", "startedAt", "gradedAt", "passed", "scorePercent" FROM "QuizAttempt"
           WHERE "userId" = ${userId} AND "courseSlug" IN (${Prisma.join(slugs)})
             AND ("startedAt" > ${since} OR "status" = 'in_progress')
           ORDER BY "startedAt" DESC LIMIT ${200 * slugs.length}) a), '[]'::json) AS "recent",
      -- The latest closed attempt per course (the cooldown and "failed" read it even when it is old).
      COALESCE((SELECT json_agg(${attemptJson}) FROM (
          SELECT DISTINCT ON ("courseSlug") "id", "courseSlug", "status", "startedAt", "gradedAt", "passed", "scorePercent"
            FROM "QuizAttempt"
           WHERE "userId" = ${userId} AND "courseSlug" IN (${Prisma.join(slugs)})
             AND "status" <> 'in_progress' AND "gradedAt" IS NOT NULL
           ORDER BY "courseSlug", "gradedAt" DESC) a), '[]'::json) AS "lastClosed",
      COALESCE((SELECT json_agg(json_build_object(
          'number', c."number", 'courseSlug', c."courseSlug", 'contentVersion', c."contentVersion",
          'issuedAt', ${epochMs("c", "issuedAt")}, 'expiresAt', ${epochMs("c", "expiresAt")},
          'revokedAt', ${epochMs("c", "revokedAt")}) ORDER BY c."issuedAt" DESC)
        FROM "Certificate" c
       WHERE c."userId" = ${userId} AND c."courseSlug" IN (${Prisma.join(slugs)})), '[]'::json) AS "certificates"`;
  const row = records[0]!;
  const recent = row.recent.map(attemptFromJson);
  const lastClosed = row.lastClosed.map(attemptFromJson);
  const certificates = row.certificates.map((c) => ({
    number: c.number,
    courseSlug: c.courseSlug,
    contentVersion: c.contentVersion,
    issuedAt: new Date(c.issuedAt),
    expiresAt: dateOrNull(c.expiresAt),
    revokedAt: dateOrNull(c.revokedAt),
  }));
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
