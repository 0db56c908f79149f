// The quiz engine against a real database (both engines): attempt lifecycle, attempt rules,
// the server-side time limit, ownership, and grading exactly once under 50 parallel submits.
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ContentStore, setContentStore } from "~/modules/courses/content.server";
import type * as IssueServer from "~/modules/certificates/issue.server";
import { issueCertificateForAttempt } from "~/modules/certificates/issue.server";
import {
  closeExpiredAttempts,
  getAttemptForLearner,
  getAttemptResult,
  getQuizIntro,
  QuizNotFoundError,
  saveAnswers,
  startAttempt,
  submitAttempt,
} from "~/modules/quiz/attempts.server";
import { InvalidAnswersError, type Answers } from "~/modules/quiz/grading";
import { OPAQUE_OPTION_ID } from "~/modules/quiz/option-ids";
import { getQuizCourse, loadQuestionBank } from "~/modules/quiz/question-bank.server";
import {
  buildSnapshot,
  quizSnapshotSchema,
  snapshotQuestions,
  type QuizSnapshot,
  type SnapshotQuestion,
} from "~/modules/quiz/snapshot";
import type { Prisma } from "~/generated/prisma/client";
import { getDb } from "~/utils/db.server";

// The certificate engine's function, wrapped so single tests can stand in for it (a fake that
// records a certificate row, or a failure); by default the real one runs.
type IssueModule = typeof IssueServer;
vi.mock("~/modules/certificates/issue.server", async (importOriginal) => {
  const real = await importOriginal<IssueModule>();
  return {
    issueCertificateForAttempt: vi.fn(real.issueCertificateForAttempt),
    realIssueCertificateForAttempt: real.issueCertificateForAttempt,
  };
});
const issuer = vi.mocked(issueCertificateForAttempt);

const COURSE = "introduktion-for-chefer";
/** Scored items per attempt of the criterion course (quiz/policy.ts). */
const QUIZ_LENGTH = 20;

/** Stands in for the certificate engine: one Certificate row per attempt, in the grading transaction. */
async function fakeIssuer(tx: Prisma.TransactionClient, attemptId: string) {
  const attempt = await tx.quizAttempt.findUniqueOrThrow({ where: { id: attemptId }, include: { user: true } });
  const certificate = await tx.certificate.create({
    data: {
      number: `TEST-${randomUUID().slice(0, 8)}`,
      userId: attempt.userId,
      attemptId,
      holderName: attempt.user.name ?? attempt.user.email,
      courseSlug: attempt.courseSlug,
      contentVersion: attempt.contentVersion,
      locale: attempt.locale,
      scorePercent: attempt.scorePercent ?? 0,
      expiresAt: new Date(Date.now() + 36 * 30 * 86_400_000),
    },
  });
  return { certificateId: certificate.id, number: certificate.number };
}

beforeAll(() => {
  // The content as shipped, without warming (compiling every lesson is not what this file tests).
  setContentStore(new ContentStore({ rootDir: resolve("content"), cacheDir: null, watch: false }));
});

afterEach(() => {
  issuer.mockReset();
  vi.mocked(issuer).mockImplementation((tx, id) => realIssuer(tx, id));
});

async function realIssuer(tx: Prisma.TransactionClient, attemptId: string) {
  const mod = (await import("~/modules/certificates/issue.server")) as unknown as {
    realIssueCertificateForAttempt: typeof issueCertificateForAttempt;
  };
  return mod.realIssueCertificateForAttempt(tx, attemptId);
}

async function createLearner(name = "Test Lärare") {
  const db = await getDb();
  return db.user.create({ data: { email: `quiz-${randomUUID().slice(0, 8)}@test.example`, name } });
}

async function completeAllLessons(userId: string, slug = COURSE) {
  const course = getQuizCourse(slug)!;
  const db = await getDb();
  await db.lessonCompletion.createMany({
    data: course.lessons.map((l) => ({ userId, courseSlug: slug, contentVersion: course.version, lessonSlug: l.slug })),
    skipDuplicates: true,
  });
}

async function readyLearner() {
  const user = await createLearner();
  await completeAllLessons(user.id);
  return user;
}

async function snapshotOf(attemptId: string): Promise<QuizSnapshot> {
  const db = await getDb();
  const row = await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  return quizSnapshotSchema.parse(row.snapshot);
}

const keyOf = (s: QuizSnapshot): Answers =>
  Object.fromEntries(snapshotQuestions(s).map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
/** One wrong choice per question (for a multiple-select with every option right: only one of them). */
const wrongChoice = (q: SnapshotQuestion) => [q.options.find((o) => !o.correct)?.id ?? q.options[0]!.id];
const wrongOf = (s: QuizSnapshot): Answers =>
  Object.fromEntries(snapshotQuestions(s).map((q) => [q.id, wrongChoice(q)]));

async function startNew(userId: string, language = "sv") {
  const started = await startAttempt(userId, COURSE, language);
  if (started.status !== "started") throw new Error(`expected a new attempt, got ${JSON.stringify(started)}`);
  return started.attemptId;
}

describe("starting an attempt", () => {
  it("requires every lesson of the current version to be done", async () => {
    const user = await createLearner();
    expect(await startAttempt(user.id, COURSE, "sv")).toEqual({ status: "not-ready" });
    const intro = await getQuizIntro(user.id, COURSE, "sv");
    expect(intro.ready).toBe(false);
    await completeAllLessons(user.id);
    expect((await getQuizIntro(user.id, COURSE, "sv")).ready).toBe(true);
    expect((await startAttempt(user.id, COURSE, "sv")).status).toBe("started");
  });

  it("answers 404 for a course that does not exist", async () => {
    const user = await readyLearner();
    await expect(startAttempt(user.id, "finns-inte", "sv")).rejects.toThrow(QuizNotFoundError);
    await expect(getQuizIntro(user.id, "../etc", "sv")).rejects.toThrow(QuizNotFoundError);
  });

  it("keeps one attempt in progress: a second start resumes it, also when ten starts race", async () => {
    const user = await readyLearner();
    const results = await Promise.all(Array.from({ length: 10 }, () => startAttempt(user.id, COURSE, "sv")));
    const ids = new Set(results.map((r) => ("attemptId" in r ? r.attemptId : null)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.status === "started")).toHaveLength(1);
    expect(results.filter((r) => r.status === "resumed")).toHaveLength(9);
    const db = await getDb();
    expect(await db.quizAttempt.count({ where: { userId: user.id } })).toBe(1);
  });

  it("stores a snapshot that rebuilds from its seed: question ids, option order, content version, locale", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id, "en");
    const db = await getDb();
    const row = await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    const snapshot = quizSnapshotSchema.parse(row.snapshot);
    const course = getQuizCourse(COURSE)!;
    expect(row).toMatchObject({ contentVersion: course.version, locale: "en", status: "in_progress" });
    expect(snapshot).toMatchObject({
      contentVersion: course.version,
      locale: "en",
      courseSlug: COURSE,
      passPercent: course.meta.quiz.passPercent,
    });
    expect(snapshotQuestions(snapshot)).toHaveLength(course.meta.quiz.draw.reduce((s, d) => s + d.count, 0));
    const rebuilt = buildSnapshot({
      bank: await loadQuestionBank(course),
      policy: course.meta.quiz,
      courseSlug: COURSE,
      contentVersion: course.version,
      locale: "en",
      seed: snapshot.seed,
    });
    expect(rebuilt).toEqual(snapshot);
    // The time limit is the server's: the deadline is set at start.
    expect(row.deadlineAt!.getTime() - row.startedAt.getTime()).toBe(course.meta.quiz.timeLimitMinutes! * 60_000);
  });
});

describe("taking an attempt", () => {
  it("shows prompts and options only: no correct flags, explanations or sources before grading", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const view = await getAttemptForLearner(user.id, attemptId);
    expect(view.state).toBe("open");
    const json = JSON.stringify(view);
    expect(json).not.toMatch(/"correct"|"explanation"|"source"|"seed"/);
    for (const q of snapshotQuestions(await snapshotOf(attemptId)))
      expect(json).not.toContain(JSON.stringify(q.explanation).slice(1, -1));
    expect(view.state === "open" && view.attempt.remainingSeconds).toBeGreaterThan(29 * 60);
  });

  it("saves answers as the learner goes, and a reload resumes them", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const s = await snapshotOf(attemptId);
    const [q1, q2] = snapshotQuestions(s);
    const partial = { [q1!.id]: [q1!.options[0]!.id] };
    expect((await saveAnswers(user.id, attemptId, partial)).status).toBe("saved");
    let view = await getAttemptForLearner(user.id, attemptId);
    expect(view.state === "open" && view.attempt.answers).toEqual(partial);
    // A later save replaces the set (an answer taken back is gone).
    const next = { [q2!.id]: [q2!.options[1]!.id] };
    await saveAnswers(user.id, attemptId, next);
    view = await getAttemptForLearner(user.id, attemptId);
    expect(view.state === "open" && view.attempt.answers).toEqual(next);
  });

  it("ignores an autosave that arrives after a newer one (out of order), and says it was overtaken", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const [q1, q2] = snapshotQuestions(await snapshotOf(attemptId));
    const older = { [q1!.id]: [q1!.options[0]!.id] };
    const newer = { [q1!.id]: [q1!.options[1]!.id], [q2!.id]: [q2!.options[0]!.id] };
    expect((await saveAnswers(user.id, attemptId, newer, new Date(), 2000)).status).toBe("saved");
    expect((await saveAnswers(user.id, attemptId, older, new Date(), 1000)).status).toBe("stale");
    expect((await saveAnswers(user.id, attemptId, older, new Date(), 2000)).status).toBe("stale");
    let view = await getAttemptForLearner(user.id, attemptId);
    expect(view.state === "open" && view.attempt.answers).toEqual(newer);
    // Both in flight at once, the older one last: the newer one still wins.
    const newest = { [q2!.id]: [q2!.options[1]!.id] };
    await Promise.all([
      saveAnswers(user.id, attemptId, newest, new Date(), 4000),
      saveAnswers(user.id, attemptId, older, new Date(), 3000),
    ]);
    view = await getAttemptForLearner(user.id, attemptId);
    expect(view.state === "open" && view.attempt.answers).toEqual(newest);
    // The plain form's save button (no JavaScript) sends no number and always saves.
    expect((await saveAnswers(user.id, attemptId, older)).status).toBe("saved");
  });

  it("refuses answers to questions or options that were not shown, and saves nothing", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const [q1] = snapshotQuestions(await snapshotOf(attemptId));
    await expect(saveAnswers(user.id, attemptId, { "intro-not-drawn": ["a"] })).rejects.toThrow(InvalidAnswersError);
    await expect(saveAnswers(user.id, attemptId, { [q1!.id]: ["zz"] })).rejects.toThrow(InvalidAnswersError);
    await expect(submitAttempt(user.id, attemptId, { [q1!.id]: ["zz"] })).rejects.toThrow(InvalidAnswersError);
    const db = await getDb();
    expect(await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      status: "in_progress",
      answers: {},
    });
  });

  it("belongs to its learner: anyone else gets not-found for reading, saving, submitting and the result", async () => {
    const owner = await readyLearner();
    const other = await readyLearner();
    const attemptId = await startNew(owner.id);
    const s = await snapshotOf(attemptId);
    await expect(getAttemptForLearner(other.id, attemptId)).rejects.toThrow(QuizNotFoundError);
    await expect(saveAnswers(other.id, attemptId, {})).rejects.toThrow(QuizNotFoundError);
    await expect(submitAttempt(other.id, attemptId, wrongOf(s))).rejects.toThrow(QuizNotFoundError);
    await expect(getAttemptResult(other.id, attemptId)).rejects.toThrow(QuizNotFoundError);
    const db = await getDb();
    expect((await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).status).toBe("in_progress");
  });
});

describe("opaque option ids", () => {
  const authoredKeyOf = (s: QuizSnapshot): Answers =>
    Object.fromEntries(
      snapshotQuestions(s).map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.authoredId!)]),
    );

  it("the learner's view carries per-attempt ids only; answers by authored id are refused and change nothing", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const s = await snapshotOf(attemptId);
    expect(s.format).toBe(2);
    const view = await getAttemptForLearner(user.id, attemptId);
    if (view.state !== "open") throw new Error("not open");
    const shown = view.attempt.entries.flatMap((e) => (e.kind === "scenario" ? e.items : [e.question]));
    expect(shown).toHaveLength(QUIZ_LENGTH);
    const authored = new Set(snapshotQuestions(s).flatMap((q) => q.options.map((o) => o.authoredId!)));
    for (const q of shown)
      for (const o of q.options) {
        expect(o.id).toMatch(OPAQUE_OPTION_ID);
        expect(authored.has(o.id)).toBe(false);
      }
    expect(JSON.stringify(view)).not.toContain("authoredId");
    await expect(saveAnswers(user.id, attemptId, authoredKeyOf(s))).rejects.toThrow(InvalidAnswersError);
    await expect(submitAttempt(user.id, attemptId, authoredKeyOf(s))).rejects.toThrow(InvalidAnswersError);
    const db = await getDb();
    expect(await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      status: "in_progress",
      answers: {},
    });
    // The ids of another attempt are no answers either.
    const other = await readyLearner();
    const otherAttempt = await startNew(other.id);
    await expect(submitAttempt(user.id, attemptId, keyOf(await snapshotOf(otherAttempt)))).rejects.toThrow(
      InvalidAnswersError,
    );
  });

  it("an attempt started before opaque ids keeps working: opened, it moves to them with its saved answers, and grades right", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const current = await snapshotOf(attemptId);
    // Make it look like one from before: format 1, options under their authored ids, answers too.
    const legacyQuestion = (q: SnapshotQuestion) => ({
      ...q,
      options: q.options.map((o) => ({ id: o.authoredId!, text: o.text, correct: o.correct })),
    });
    const legacy = {
      ...current,
      format: 1,
      entries: current.entries.map((e) =>
        e.kind === "scenario"
          ? { ...e, items: e.items.map(legacyQuestion) }
          : { ...e, question: legacyQuestion(e.question) },
      ),
    };
    const [q1] = snapshotQuestions(current);
    const savedKey = q1!.options.find((o) => o.correct)!;
    const db = await getDb();
    await db.quizAttempt.update({
      where: { id: attemptId },
      data: { snapshot: legacy, answers: { [q1!.id]: [savedKey.authoredId!] } },
    });
    // A stale page posting authored ids is refused, also for an old attempt.
    await expect(saveAnswers(user.id, attemptId, { [q1!.id]: [savedKey.authoredId!] })).rejects.toThrow(
      InvalidAnswersError,
    );

    const view = await getAttemptForLearner(user.id, attemptId);
    if (view.state !== "open") throw new Error("not open");
    expect(view.attempt.answers).toEqual({ [q1!.id]: [savedKey.id] });
    for (const e of view.attempt.entries)
      for (const q of e.kind === "scenario" ? e.items : [e.question])
        for (const o of q.options) expect(o.id).toMatch(OPAQUE_OPTION_ID);
    const upgraded = await snapshotOf(attemptId);
    expect(upgraded).toEqual(current);
    expect((await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).answers).toEqual({
      [q1!.id]: [savedKey.id],
    });
    issuer.mockImplementation(fakeIssuer);
    expect(await submitAttempt(user.id, attemptId, keyOf(upgraded))).toMatchObject({ status: "graded", passed: true });
  });

  it("an old attempt whose time ran out is graded on its saved authored ids as before", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const current = await snapshotOf(attemptId);
    const legacyQuestion = (q: SnapshotQuestion) => ({
      ...q,
      options: q.options.map((o) => ({ id: o.authoredId!, text: o.text, correct: o.correct })),
    });
    const legacy = {
      ...current,
      format: 1,
      entries: current.entries.map((e) =>
        e.kind === "scenario"
          ? { ...e, items: e.items.map(legacyQuestion) }
          : { ...e, question: legacyQuestion(e.question) },
      ),
    };
    const db = await getDb();
    await db.quizAttempt.update({
      where: { id: attemptId },
      data: { snapshot: legacy, answers: authoredKeyOf(current), deadlineAt: new Date(Date.now() - 1000) },
    });
    issuer.mockImplementation(fakeIssuer);
    expect(await closeExpiredAttempts()).toBeGreaterThanOrEqual(1);
    expect(await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      status: "expired",
      passed: true,
      scorePercent: 100,
    });
  });
});

describe("submitting", () => {
  it("grades on the server, once: a second submit changes nothing and saving is refused", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const s = await snapshotOf(attemptId);
    const first = await submitAttempt(user.id, attemptId, wrongOf(s));
    expect(first).toEqual({ status: "graded", passed: false, certificateNumber: null });
    const db = await getDb();
    const row = await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(row).toMatchObject({
      status: "graded",
      scorePoints: 0,
      maxPoints: QUIZ_LENGTH,
      scorePercent: 0,
      passed: false,
    });
    expect(row.submittedAt).not.toBeNull();
    expect(await submitAttempt(user.id, attemptId, keyOf(s))).toEqual({
      status: "already-closed",
      passed: null,
      certificateNumber: null,
    });
    expect(await saveAnswers(user.id, attemptId, keyOf(s))).toEqual({ status: "closed" });
    expect(await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      scorePoints: 0,
      passed: false,
    });
    expect(await getAttemptForLearner(user.id, attemptId)).toEqual({ state: "closed" });
  });

  it("shows the review the policy allows: which were wrong after a failed attempt of an answers-after-pass course, no key", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const s = await snapshotOf(attemptId);
    const answers = keyOf(s);
    const questions = snapshotQuestions(s);
    for (const q of questions.slice(0, 4)) answers[q.id] = wrongChoice(q);
    delete answers[questions[4]!.id];
    await submitAttempt(user.id, attemptId, answers);
    const result = await getAttemptResult(user.id, attemptId);
    if (result.state !== "graded") throw new Error("not graded");
    expect(result.result).toMatchObject({
      scorePoints: QUIZ_LENGTH - 5,
      maxPoints: QUIZ_LENGTH,
      scorePercent: 75,
      passed: false,
      passPercent: 80,
    });
    expect(result.result.review.level).toBe("wrong");
    const json = JSON.stringify(result.result.review);
    expect(json).not.toMatch(/"correct":|"explanation"/);
    const outcomes = result.result.review.entries
      .flatMap((e) => (e.kind === "scenario" ? e.items : [e.question]))
      .map((q) => q.outcome);
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(4);
    expect(outcomes.filter((o) => o === "unanswered")).toHaveLength(1);
  });

  it("50 parallel submits of one attempt give exactly one grade", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const s = await snapshotOf(attemptId);
    const results = await Promise.all(Array.from({ length: 50 }, () => submitAttempt(user.id, attemptId, wrongOf(s))));
    expect(results.filter((r) => r.status === "graded")).toHaveLength(1);
    expect(results.filter((r) => r.status === "already-closed")).toHaveLength(49);
    const db = await getDb();
    expect(await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      status: "graded",
      passed: false,
      scorePoints: 0,
    });
  });

  it("50 parallel passing submits issue the certificate once (engine contract, with a stand-in issuer)", async () => {
    issuer.mockImplementation(fakeIssuer);
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const s = await snapshotOf(attemptId);
    const results = await Promise.all(Array.from({ length: 50 }, () => submitAttempt(user.id, attemptId, keyOf(s))));
    expect(results.filter((r) => r.status === "graded")).toHaveLength(1);
    expect(issuer).toHaveBeenCalledTimes(1);
    const db = await getDb();
    expect(await db.certificate.count({ where: { attemptId } })).toBe(1);
    const winner = results.find((r) => r.status === "graded")!;
    expect(winner.passed).toBe(true);
    expect(winner.certificateNumber).toBe((await db.certificate.findUniqueOrThrow({ where: { attemptId } })).number);
  });

  it("50 parallel passing submits give one grade and one certificate with the certificate engine's issuer", async (ctx) => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const s = await snapshotOf(attemptId);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => submitAttempt(user.id, attemptId, keyOf(s))),
    );
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (rejected.length === 50 && rejected.every((r) => (r.reason as Error).message === "not available")) {
      ctx.skip("issueCertificateForAttempt is not implemented yet (certificates module)");
    }
    expect(rejected.map((r) => String(r.reason))).toEqual([]);
    const outcomes = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof submitAttempt>>>).value);
    expect(outcomes.filter((o) => o.status === "graded")).toHaveLength(1);
    const db = await getDb();
    expect(await db.certificate.count({ where: { attemptId } })).toBe(1);
    expect(await db.certificate.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      status: "graded",
      passed: true,
      scorePercent: 100,
    });
  });

  it("grades and certifies together: when issuing fails, the attempt stays open and ungraded", async () => {
    issuer.mockImplementation(async () => {
      throw new Error("signing key unavailable");
    });
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const s = await snapshotOf(attemptId);
    await expect(submitAttempt(user.id, attemptId, keyOf(s))).rejects.toThrow("signing key unavailable");
    const db = await getDb();
    expect(await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      status: "in_progress",
      passed: null,
      scorePoints: null,
    });
    issuer.mockImplementation(fakeIssuer);
    expect(await submitAttempt(user.id, attemptId, keyOf(s))).toMatchObject({ status: "graded", passed: true });
  });

  it("after passing: the result links the certificate, shows answers and explanations, and no new attempt is offered", async () => {
    issuer.mockImplementation(fakeIssuer);
    const user = await readyLearner();
    const attemptId = await startNew(user.id, "en");
    const s = await snapshotOf(attemptId);
    const { certificateNumber } = await submitAttempt(user.id, attemptId, keyOf(s));
    const result = await getAttemptResult(user.id, attemptId);
    if (result.state !== "graded") throw new Error("not graded");
    expect(result.result).toMatchObject({
      passed: true,
      scorePercent: 100,
      certificate: { number: certificateNumber, revoked: false },
    });
    expect(result.result.review.level).toBe("answers");
    const first = result.result.review.entries.flatMap((e) => (e.kind === "scenario" ? e.items : [e.question]))[0]!;
    expect(first.explanation).toBe(snapshotQuestions(s)[0]!.explanation);
    expect(first.options.some((o) => o.correct)).toBe(true);
    const source = result.result.sources[first.source!];
    expect(source?.label).toBeTruthy();
    const intro = await getQuizIntro(user.id, COURSE, "en");
    expect(intro.availability).toMatchObject({ state: "passed", certificate: { number: certificateNumber } });
    expect(await startAttempt(user.id, COURSE, "en")).toMatchObject({
      status: "unavailable",
      availability: { state: "passed" },
    });
  });
});

describe("attempt rules", () => {
  it("imposes the cooldown after a failed attempt, then allows the next", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    await submitAttempt(user.id, attemptId, wrongOf(await snapshotOf(attemptId)));
    const blocked = await startAttempt(user.id, COURSE, "sv");
    expect(blocked).toMatchObject({ status: "unavailable", availability: { state: "cooldown", attemptsLeft: 2 } });
    const until =
      blocked.status === "unavailable" && "until" in blocked.availability ? blocked.availability.until : null;
    expect(until!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    const db = await getDb();
    await db.quizAttempt.update({ where: { id: attemptId }, data: { gradedAt: new Date(Date.now() - 16 * 60_000) } });
    expect((await startAttempt(user.id, COURSE, "sv")).status).toBe("started");
  });

  it("allows three attempts per 24 hours, then says when the next one is possible", async () => {
    const user = await readyLearner();
    const db = await getDb();
    for (let i = 0; i < 3; i++) {
      const id = await startNew(user.id);
      await submitAttempt(user.id, id, wrongOf(await snapshotOf(id)));
      await db.quizAttempt.update({ where: { id }, data: { gradedAt: new Date(Date.now() - 60 * 60_000) } }); // past the cooldown
    }
    const blocked = await startAttempt(user.id, COURSE, "sv");
    expect(blocked).toMatchObject({ status: "unavailable", availability: { state: "limit-reached", attemptsLeft: 0 } });
    const intro = await getQuizIntro(user.id, COURSE, "sv");
    expect(intro.availability.state).toBe("limit-reached");
    expect(intro.history).toMatchObject({ total: 3, page: 1, pages: 1 });
    // The oldest attempt leaves the window: one slot again.
    const oldest = await db.quizAttempt.findFirstOrThrow({ where: { userId: user.id }, orderBy: { startedAt: "asc" } });
    await db.quizAttempt.update({
      where: { id: oldest.id },
      data: { startedAt: new Date(Date.now() - 25 * 3_600_000) },
    });
    expect((await startAttempt(user.id, COURSE, "sv")).status).toBe("started");
  });
});

describe("the time limit, enforced by the server", () => {
  it("refuses answers after the deadline and grades what was saved by then (status expired)", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const s = await snapshotOf(attemptId);
    const [q1] = snapshotQuestions(s);
    const savedAnswer = { [q1!.id]: q1!.options.filter((o) => o.correct).map((o) => o.id) };
    await saveAnswers(user.id, attemptId, savedAnswer);
    const db = await getDb();
    await db.quizAttempt.update({ where: { id: attemptId }, data: { deadlineAt: new Date(Date.now() - 1000) } });
    // A late save is refused; a late submit with every right answer still grades only what was saved.
    expect(await saveAnswers(user.id, attemptId, keyOf(s))).toEqual({ status: "expired" });
    expect(await submitAttempt(user.id, attemptId, keyOf(s))).toMatchObject({ status: "already-closed" });
    const row = await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(row).toMatchObject({
      status: "expired",
      scorePoints: 1,
      maxPoints: QUIZ_LENGTH,
      passed: false,
      submittedAt: null,
    });
    // Stored answers keep the options in a canonical order, whatever order they were shown in.
    const stored = row.answers as Record<string, string[]>;
    expect(Object.keys(stored)).toEqual([q1!.id]);
    expect([...stored[q1!.id]!].sort()).toEqual([...savedAnswer[q1!.id]!].sort());
    expect(row.gradedAt!.getTime()).toBe(row.deadlineAt!.getTime());
  });

  it("a submit after the deadline is graded on the saved answers, not the posted ones", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const s = await snapshotOf(attemptId);
    const db = await getDb();
    await db.quizAttempt.update({ where: { id: attemptId }, data: { deadlineAt: new Date(Date.now() - 1000) } });
    expect(await submitAttempt(user.id, attemptId, keyOf(s))).toEqual({
      status: "expired",
      passed: false,
      certificateNumber: null,
    });
    expect(await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      status: "expired",
      scorePoints: 0,
      answers: {},
    });
  });

  it("an expired attempt whose saved answers pass is graded as passed (and certified) when the time runs out", async () => {
    issuer.mockImplementation(fakeIssuer);
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const s = await snapshotOf(attemptId);
    await saveAnswers(user.id, attemptId, keyOf(s));
    const db = await getDb();
    await db.quizAttempt.update({ where: { id: attemptId }, data: { deadlineAt: new Date(Date.now() - 1000) } });
    expect(await closeExpiredAttempts()).toBeGreaterThanOrEqual(1);
    expect(await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      status: "expired",
      passed: true,
      scorePercent: 100,
    });
    expect(await db.certificate.count({ where: { attemptId } })).toBe(1);
    expect(await closeExpiredAttempts()).toBe(0);
  });

  it("opening an attempt whose time ran out closes it and offers the result instead", async () => {
    const user = await readyLearner();
    const attemptId = await startNew(user.id);
    const db = await getDb();
    await db.quizAttempt.update({ where: { id: attemptId }, data: { deadlineAt: new Date(Date.now() - 1000) } });
    expect(await getAttemptForLearner(user.id, attemptId)).toEqual({ state: "closed" });
    const result = await getAttemptResult(user.id, attemptId);
    expect(result.state === "graded" && result.result.status).toBe("expired");
    // And the intro shows the cooldown that follows a failed attempt.
    expect((await getQuizIntro(user.id, COURSE, "sv")).availability.state).toBe("cooldown");
  });
});
