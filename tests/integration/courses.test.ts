// Course progress in the database (on both engines): enrolment through the entitlement check,
// lesson completions per course version, readiness for the quiz, resume, "My learning", and the
// lesson page's request path, which must never compile MDX once the content is warm.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getOptionalUser, type SessionUser } from "~/modules/auth/session.server";
import { ContentStore, setContentStore } from "~/modules/courses/content.server";
import { canEnroll } from "~/modules/courses/entitlement.server";
import { getCompileStats } from "~/modules/courses/mdx-compiler.server";
import {
  completeLesson,
  enroll,
  getCourseProgress,
  getLearningPage,
  isReadyForQuiz,
  recordLessonVisit,
  uncompleteLesson,
} from "~/modules/courses/progress.server";
import { lessonMdx, writeCourseFixture } from "~/modules/courses/test-fixtures";
import * as courseRoute from "~/routes/courses.$slug._index";
import * as lessonRoute from "~/routes/courses.$slug.lessons.$lesson";
import { getDb } from "~/utils/db.server";

const APP = "http://localhost:3000";
let root: string;
let store: ContentStore;

const lesson = (title: string, body: string) => lessonMdx(title, `## ${title}\n\n${body}`, { summary: `Om ${title}.` });

function writeCourse(
  slug: string,
  version: string,
  lessons: Array<[string, string]>,
  audience: "manager" | "agent" | "all" = "agent",
) {
  const files: Record<string, string> = {};
  for (const [number, slugOfLesson] of lessons) {
    files[`${number}-${slugOfLesson}.sv.mdx`] = lesson(slugOfLesson, `Text om ${slugOfLesson} och ångerrätt.`);
    files[`${number}-${slugOfLesson}.en.mdx`] = lesson(slugOfLesson, `Text about ${slugOfLesson}.`);
  }
  writeCourseFixture(root, { slug, version, audience, estimatedMinutes: 30, topic: lessons[0]![1] }, files);
}

/** Waits until the clock has moved past `time`, so the next write's updatedAt is later. */
async function clockPast(time: number) {
  await vi.waitFor(
    () => {
      if (Date.now() <= time) throw new Error("the clock has not moved yet");
    },
    { interval: 1 },
  );
}

function reloadStore() {
  store = new ContentStore({ rootDir: root, cacheDir: null, watch: false });
  setContentStore(store);
  return store;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "ka-courses-it-"));
  writeFileSync(join(root, "sources.json"), "{}");
  writeCourse("etik", "2026.1", [
    ["01", "oppna"],
    ["02", "nix"],
    ["03", "accept"],
  ]);
  writeCourse("lag", "1", [["01", "distans"]], "all");
  writeCourse("chef", "1", [["01", "karta"]], "manager");
  reloadStore();
});

afterAll(() => {
  setContentStore(null);
  rmSync(root, { recursive: true, force: true });
});

async function createLearner(): Promise<{ user: SessionUser; cookie: string }> {
  const db = await getDb();
  const created = await db.user.create({
    data: { email: `learner-${randomUUID()}@courses.example`, name: "Lena Lärande", emailVerified: new Date() },
  });
  const token = randomUUID();
  await db.session.create({
    data: { sessionToken: token, userId: created.id, expires: new Date(Date.now() + 3_600_000) },
  });
  const cookie = `authjs.session-token=${token}`;
  const user = await getOptionalUser(new Request(APP, { headers: { cookie } }));
  return { user: user!, cookie };
}

const course = (slug: string) => store.getCourse(slug)!;

describe("enrolment and progress", () => {
  it("enrols through the entitlement check, once", async () => {
    expect(await canEnroll(null, course("etik"))).toEqual({ allowed: false, reason: "sign-in-required" });
    const { user } = await createLearner();
    expect(await enroll(user, course("etik"))).toEqual({ allowed: true, basis: "free" });
    expect(await enroll(user, course("etik"))).toEqual({ allowed: true, basis: "free" });
    const db = await getDb();
    expect(await db.enrollment.count({ where: { userId: user.id } })).toBe(1);
    const state = await getCourseProgress(user.id, course("etik"));
    expect(state).toMatchObject({
      enrolled: true,
      previousVersion: null,
      progress: { done: 0, total: 3, percent: 0, resumeLessonSlug: "oppna" },
    });
    // Read in one raw statement: the enrolment's time comes back as the same instant.
    const row = await db.enrollment.findUniqueOrThrow({
      where: { userId_courseSlug: { userId: user.id, courseSlug: "etik" } },
    });
    expect(state.lastActiveAt).toBeInstanceOf(Date);
    expect(state.lastActiveAt!.toISOString()).toBe(row.updatedAt.toISOString());
    const stranger = await createLearner();
    expect(await getCourseProgress(stranger.user.id, course("etik"))).toMatchObject({
      enrolled: false,
      lastLessonSlug: null,
      previousVersion: null,
      lastActiveAt: null,
      progress: { done: 0, total: 3 },
    });
  });

  it("counts completions per course version, is ready for the quiz only when every lesson is done, and resumes at the next lesson", async () => {
    const { user } = await createLearner();
    const etik = course("etik");
    expect(await isReadyForQuiz(user.id, "etik")).toBe(false);

    const first = await completeLesson(user, etik, "oppna");
    expect(first.progress).toMatchObject({ done: 1, percent: 33, readyForQuiz: false, resumeLessonSlug: "nix" });
    // Idempotent: marking again changes nothing.
    await completeLesson(user, etik, "oppna");
    await completeLesson(user, etik, "accept");
    expect(await isReadyForQuiz(user.id, "etik")).toBe(false);
    const last = await completeLesson(user, etik, "nix");
    expect(last.progress).toMatchObject({ done: 3, percent: 100, readyForQuiz: true });
    expect(await isReadyForQuiz(user.id, "etik")).toBe(true);

    const db = await getDb();
    const enrollment = await db.enrollment.findUniqueOrThrow({
      where: { userId_courseSlug: { userId: user.id, courseSlug: "etik" } },
    });
    expect(enrollment.completedAt).toBeInstanceOf(Date);
    expect(enrollment.contentVersion).toBe("2026.1");
    expect(await db.lessonCompletion.count({ where: { userId: user.id } })).toBe(3);

    await uncompleteLesson(user.id, etik, "nix");
    expect(await isReadyForQuiz(user.id, "etik")).toBe(false);
    const after = await db.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } });
    expect(after.completedAt).toBeNull();
    expect((await getCourseProgress(user.id, etik)).progress.resumeLessonSlug).toBe("nix");
  });

  it("survives the same lesson being marked done by several requests at once", async () => {
    const { user } = await createLearner();
    await Promise.all(Array.from({ length: 6 }, () => completeLesson(user, course("etik"), "nix")));
    const db = await getDb();
    expect(await db.lessonCompletion.count({ where: { userId: user.id, courseSlug: "etik" } })).toBe(1);
    expect(await db.enrollment.count({ where: { userId: user.id } })).toBe(1);
  });

  it("keeps learners apart", async () => {
    const a = await createLearner();
    const b = await createLearner();
    for (const slug of ["oppna", "nix", "accept"]) await completeLesson(a.user, course("etik"), slug);
    expect(await isReadyForQuiz(a.user.id, "etik")).toBe(true);
    expect(await isReadyForQuiz(b.user.id, "etik")).toBe(false);
    expect((await getCourseProgress(b.user.id, course("etik"))).progress.done).toBe(0);
  });

  it("starts the reading over when the course gets a new version, and says so", async () => {
    const { user } = await createLearner();
    for (const slug of ["oppna", "nix", "accept"]) await completeLesson(user, course("etik"), slug);
    await completeLesson(user, course("lag"), "distans");
    expect(await isReadyForQuiz(user.id, "lag")).toBe(true);

    writeCourse(
      "lag",
      "2",
      [
        ["01", "distans"],
        ["02", "ny-lektion"],
      ],
      "all",
    );
    reloadStore();
    try {
      expect(await isReadyForQuiz(user.id, "lag")).toBe(false);
      const state = await getCourseProgress(user.id, course("lag"));
      expect(state).toMatchObject({ enrolled: true, previousVersion: "1", progress: { done: 0, total: 2 } });
      await completeLesson(user, course("lag"), "distans");
      const db = await getDb();
      const enrollment = await db.enrollment.findUniqueOrThrow({
        where: { userId_courseSlug: { userId: user.id, courseSlug: "lag" } },
      });
      expect(enrollment).toMatchObject({ contentVersion: "2", completedAt: null, lastLessonSlug: "ny-lektion" });
      // The other course's progress is untouched by this course's new version.
      expect(await isReadyForQuiz(user.id, "etik")).toBe(true);
    } finally {
      writeCourse("lag", "1", [["01", "distans"]], "all");
      rmSync(join(root, "courses", "lag", "lessons", "02-ny-lektion.sv.mdx"));
      rmSync(join(root, "courses", "lag", "lessons", "02-ny-lektion.en.mdx"));
      reloadStore();
    }
  });

  it("lists My learning most recently active first, one page at a time", async () => {
    const { user } = await createLearner();
    await enroll(user, course("chef"));
    await clockPast(Date.now());
    await enroll(user, course("lag"));
    await clockPast(Date.now());
    await completeLesson(user, course("etik"), "oppna");
    const first = await getLearningPage(user.id, { page: 1, pageSize: 2 });
    expect(first).toMatchObject({ total: 3, page: 1, pages: 2 });
    expect(first.entries.map((e) => [e.courseSlug, e.progress?.done])).toEqual([
      ["etik", 1],
      ["lag", 0],
    ]);
    const second = await getLearningPage(user.id, { page: 2, pageSize: 2 });
    expect(second.entries.map((e) => e.courseSlug)).toEqual(["chef"]);
  });

  it("remembers the lesson being read, for enrolled learners only", async () => {
    const { user } = await createLearner();
    await recordLessonVisit(user.id, course("etik"), "nix");
    const db = await getDb();
    expect(await db.enrollment.count({ where: { userId: user.id } })).toBe(0);
    await enroll(user, course("etik"));
    await recordLessonVisit(user.id, course("etik"), "accept");
    expect((await getCourseProgress(user.id, course("etik"))).progress.resumeLessonSlug).toBe("accept");
  });
});

describe("course and lesson routes", () => {
  const loaderArgs = (
    path: string,
    params: Record<string, string>,
    cookie: string,
    headers: Record<string, string> = {},
  ) =>
    ({
      request: new Request(`${APP}${path}`, { headers: { cookie, ...headers } }),
      params,
      context: {},
    }) as unknown as LoaderFunctionArgs;
  const actionArgs = (path: string, params: Record<string, string>, cookie: string, form: Record<string, string>) =>
    ({
      request: new Request(`${APP}${path}`, { method: "POST", headers: { cookie }, body: new URLSearchParams(form) }),
      params,
      context: {},
    }) as unknown as ActionFunctionArgs;

  it("serves lesson pages without compiling MDX once the content is warm", async () => {
    const { user, cookie } = await createLearner();
    await enroll(user, course("etik"));
    await store.warm();
    const before = getCompileStats();
    for (let i = 0; i < 12; i++) {
      const slug = ["oppna", "nix", "accept"][i % 3]!;
      const page = await lessonRoute.loader(
        loaderArgs(`/courses/etik/lessons/${slug}`, { slug: "etik", lesson: slug }, cookie),
      );
      expect(page.lesson.html).toContain(`<h2 id="${slug}">`);
      expect(page.lesson.toc[0]).toEqual({ id: slug, text: slug, level: 2 });
    }
    const after = getCompileStats();
    expect(after.compiles).toBe(before.compiles);
    // The rendered HTML is cached per content version: not even the compile cache is consulted.
    expect(after.memoryHits).toBe(before.memoryHits);
  });

  it("marks done through the form, moves on to the next lesson, and reports 100 % at the end", async () => {
    const { cookie, user } = await createLearner();
    const args = (slug: string, form: Record<string, string>) =>
      actionArgs(`/courses/etik/lessons/${slug}`, { slug: "etik", lesson: slug }, cookie, form);
    const first = (await lessonRoute.action(args("oppna", { intent: "complete" }))) as Response;
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/courses/etik/lessons/nix");
    await lessonRoute.action(args("nix", { intent: "complete" }));
    const last = (await lessonRoute.action(args("accept", { intent: "complete" }))) as Response;
    expect(last.headers.get("location")).toBe("/courses/etik/lessons/accept");
    const page = await lessonRoute.loader(
      loaderArgs("/courses/etik/lessons/accept", { slug: "etik", lesson: "accept" }, cookie),
    );
    expect(page).toMatchObject({
      done: true,
      progress: { percent: 100, readyForQuiz: true },
      status: { kind: "ready", action: { kind: "take-quiz", href: "/courses/etik/quiz" } },
    });
    expect(await isReadyForQuiz(user.id, "etik")).toBe(true);

    await expect(lessonRoute.action(args("accept", { intent: "delete-everything" }))).rejects.toMatchObject({
      init: { status: 400 },
    });
    await expect(
      lessonRoute.loader(loaderArgs("/courses/etik/lessons/nope", { slug: "etik", lesson: "nope" }, cookie)),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      lessonRoute.loader(loaderArgs("/courses/x/lessons/y", { slug: "Not A Slug", lesson: "y" }, cookie)),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("resumes where the learner left off, and a prefetch does not move that place", async () => {
    const { cookie } = await createLearner();
    const start = (await courseRoute.action(
      actionArgs("/courses/etik", { slug: "etik" }, cookie, { intent: "enroll" }),
    )) as Response;
    expect(start.headers.get("location")).toBe("/courses/etik/lessons/oppna");
    await lessonRoute.loader(loaderArgs("/courses/etik/lessons/nix", { slug: "etik", lesson: "nix" }, cookie));
    await lessonRoute.loader(
      loaderArgs("/courses/etik/lessons/accept", { slug: "etik", lesson: "accept" }, cookie, {
        "sec-purpose": "prefetch",
      }),
    );
    const overview = await courseRoute.loader(loaderArgs("/courses/etik", { slug: "etik" }, cookie));
    expect(overview.course.learner).toMatchObject({
      enrolled: true,
      progress: { done: 0, resumeLessonSlug: "nix" },
      status: {
        kind: "not-started",
        action: { kind: "continue-lesson", href: "/courses/etik/lessons/nix", lessonTitle: "nix" },
      },
    });
  });

  it("sends signed-out readers to sign in, and shows the course page without a learner", async () => {
    await expect(
      lessonRoute.loader(loaderArgs("/courses/etik/lessons/oppna", { slug: "etik", lesson: "oppna" }, "")),
    ).rejects.toMatchObject({ status: 302 });
    const overview = await courseRoute.loader(loaderArgs("/courses/etik", { slug: "etik" }, ""));
    expect(overview.course).toMatchObject({
      slug: "etik",
      learner: null,
      lessons: [{ slug: "oppna" }, { slug: "nix" }, { slug: "accept" }],
    });
  });
});
