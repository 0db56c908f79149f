// The learner's status per course is read in one SQL statement (learner-status.server.ts). Here it
// must give exactly what learnerStatus gives on the same rows read through Prisma's query API, on
// both engines: attempts in progress, failed within the cooldown, failed long ago, passed with a
// certificate that is valid, expired or revoked, and the times exact to the millisecond.
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/modules/auth/session.server";
import { ContentStore, readCatalogue, setContentStore, type Course } from "~/modules/courses/content.server";
import { learnerStatus } from "~/modules/courses/learner-status";
import { getLearnerStatuses, type LearnerCourseState } from "~/modules/courses/learner-status.server";
import { getCatalogueView } from "~/modules/courses/views.server";
import { getDb } from "~/utils/db.server";

const MINUTE = 60_000;
let courses: Course[];

beforeAll(() => {
  courses = readCatalogue(resolve("content")).courses;
  setContentStore(new ContentStore({ rootDir: resolve("content"), cacheDir: null, watch: false }));
});
afterAll(() => setContentStore(null));

/** The reference: the same rows through Prisma's query API, the way the status was read before. */
async function statusesThroughPrisma(userId: string, states: LearnerCourseState[], now: Date) {
  const db = await getDb();
  const slugs = states.map((s) => s.course.slug);
  const since = new Date(now.getTime() - 24 * 60 * MINUTE);
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
    }),
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
  return new Map(
    states.map(({ course, enrolled, progress }) => {
      const mine = recent.filter((a) => a.courseSlug === course.slug);
      const closed = lastClosed.find((a) => a.courseSlug === course.slug);
      return [
        course.slug,
        learnerStatus({
          now,
          enrolled,
          progress,
          firstLessonSlug: course.lessons[0]!.slug,
          contentVersion: course.version,
          policy: course.meta.quiz,
          attempts: closed && !mine.some((a) => a.id === closed.id) ? [...mine, closed] : mine,
          certificates: certificates.filter((c) => c.courseSlug === course.slug),
        }),
      ];
    }),
  );
}

/** A quiz attempt of the learner's: graded when it has a grading time, else in progress. */
async function createAttempt(
  user: { id: string },
  course: Course,
  fields: { startedAt?: Date; gradedAt?: Date; passed?: boolean; scorePercent?: number },
) {
  const db = await getDb();
  return db.quizAttempt.create({
    data: {
      userId: user.id,
      courseSlug: course.slug,
      contentVersion: course.version,
      locale: "sv",
      snapshot: {},
      status: fields.gradedAt ? "graded" : "in_progress",
      ...fields,
    },
  });
}

/** A passed attempt and the certificate it earned. */
async function createCertificate(
  user: { id: string; name: string | null },
  course: Course,
  at: { startedAt?: Date; gradedAt: Date; issuedAt?: Date; expiresAt?: Date; revokedAt?: Date; scorePercent: number },
) {
  const { startedAt, gradedAt, scorePercent, ...certificate } = at;
  const passed = await createAttempt(user, course, { startedAt, gradedAt, passed: true, scorePercent });
  const db = await getDb();
  await db.certificate.create({
    data: {
      number: `KA-T-${randomUUID()}`,
      userId: user.id,
      attemptId: passed.id,
      holderName: user.name ?? "",
      courseSlug: course.slug,
      contentVersion: course.version,
      locale: "sv",
      scorePercent,
      ...certificate,
    },
  });
}

describe("the learner's status per course, in one statement", () => {
  it("matches learnerStatus on the same rows read through Prisma, for every kind of history", async () => {
    const db = await getDb();
    const user = await db.user.create({
      data: { email: `status-${randomUUID()}@status.example`, name: "Stina Status" },
    });
    const now = new Date();
    // Odd milliseconds, so a time read as local time or rounded would show.
    const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE - 123);
    const passedLongAgo = { startedAt: ago(90), gradedAt: ago(80), issuedAt: ago(79), scorePercent: 90 };
    if (courses.length < 5) throw new Error("the sample content needs five courses");
    const [inQuiz, failedNow, failedLongAgo, valid, lapsed] = courses as [Course, Course, Course, Course, Course];
    await createAttempt(user, inQuiz, { startedAt: ago(3) });
    await createAttempt(user, failedNow, { startedAt: ago(10), gradedAt: ago(4), passed: false, scorePercent: 40 });
    await createAttempt(user, failedNow, { startedAt: ago(30), gradedAt: ago(25), passed: false, scorePercent: 55 });
    // Both outside the 24 h period: only the latest closed one is read, for its score.
    await createAttempt(user, failedLongAgo, {
      startedAt: ago(60 * 24 * 10),
      gradedAt: ago(60 * 24 * 10 - 5),
      passed: false,
      scorePercent: 20,
    });
    await createAttempt(user, failedLongAgo, {
      startedAt: ago(60 * 24 * 3),
      gradedAt: ago(60 * 24 * 3 - 5),
      passed: false,
      scorePercent: 35,
    });
    await createCertificate(user, valid, {
      ...passedLongAgo,
      expiresAt: new Date(now.getTime() + 365 * 24 * 60 * MINUTE),
    });
    // One course's certificates have all stopped counting: one expired, a later one revoked.
    await createCertificate(user, lapsed, { ...passedLongAgo, expiresAt: ago(1) });
    await createCertificate(user, lapsed, { ...passedLongAgo, revokedAt: ago(2) });

    const states: LearnerCourseState[] = courses.map((course) => ({
      course,
      enrolled: true,
      progress: {
        total: course.lessons.length,
        done: course.lessons.length,
        percent: 100,
        completed: course.lessons.map((l) => l.slug),
        readyForQuiz: true,
        resumeLessonSlug: course.lessons[0]!.slug,
      },
    }));
    const statuses = await getLearnerStatuses(user.id, states, now);
    expect(statuses).toEqual(await statusesThroughPrisma(user.id, states, now));
    // And they are the statuses this history means.
    expect(statuses.get(inQuiz.slug)?.kind).toBe("in-quiz");
    const failed = statuses.get(failedNow.slug);
    expect(failed?.kind).toBe("failed");
    if (failed?.kind === "failed") {
      expect(failed.scorePercent).toBe(40);
      expect(failed.nextTryAt?.getTime()).toBe(ago(4).getTime() + 15 * MINUTE);
    }
    expect(statuses.get(failedLongAgo.slug)).toMatchObject({ kind: "failed", scorePercent: 35 });
    expect(statuses.get(valid.slug)?.action).toMatchObject({ kind: "view-certificate" });
    expect(statuses.get(lapsed.slug)?.action.kind).not.toBe("view-certificate");
  });

  it("the catalogue shows a status for the courses started (enrolled, or certified), with this version's lessons done", async () => {
    const db = await getDb();
    const created = await db.user.create({
      data: { email: `catalogue-${randomUUID()}@status.example`, name: "Kalle Katalog" },
    });
    const user: SessionUser = {
      id: created.id,
      name: created.name,
      email: created.email,
      locale: null,
      platformRole: "user",
      memberships: [],
    };
    const [reading, certified, untouched] = courses as [Course, Course, Course];
    await db.enrollment.create({
      data: {
        userId: user.id,
        courseSlug: reading.slug,
        contentVersion: reading.version,
        lastLessonSlug: reading.lessons[1]!.slug,
      },
    });
    for (const [lessonSlug, contentVersion] of [
      [reading.lessons[0]!.slug, reading.version],
      [reading.lessons[1]!.slug, "an-older-version"],
    ] as const)
      await db.lessonCompletion.create({
        data: { userId: user.id, courseSlug: reading.slug, contentVersion, lessonSlug },
      });
    await createCertificate(user, certified, { gradedAt: new Date(), scorePercent: 95 });

    const { courses: cards } = await getCatalogueView({ audience: null, language: null }, "sv", user);
    const card = (slug: string) => cards.find((c) => c.slug === slug)!;
    expect(card(reading.slug).status).toMatchObject({ kind: "reading", done: 1, total: reading.lessons.length });
    expect(card(certified.slug).status?.action).toMatchObject({ kind: "view-certificate" });
    expect(card(untouched.slug).status).toBeNull();
  });
});
