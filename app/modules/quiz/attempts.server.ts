// The life of a quiz attempt, all on the server:
//   start   → checks readiness (every lesson done) and the attempt rules, draws a snapshot;
//             a second start while one is open resumes it (one open attempt per user and course)
//   save    → stores the learner's answers as they go (refused once the time is up)
//   submit  → grades ONCE: a conditional update (in_progress → graded/expired) in a transaction;
//             only the transaction that wins it grades and, when passed, issues the certificate
//   expire  → after the deadline, the answers saved by then are graded (status "expired")
// An attempt belongs to its learner: every lookup is by (id, userId), so anyone else gets 404.
import { randomBytes } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { pickText, type CourseMeta } from "~/modules/courses/course-schema";
import type { Course } from "~/modules/courses/content.server";
import { isReadyForQuiz } from "~/modules/courses/progress.server";
import { issueCertificateForAttempt } from "~/modules/certificates/issue.server";
import { validCertificateWhere } from "~/modules/certificates/validity.server";
import { nudgeMailDelivery } from "~/modules/mail/outbox.server";
import { getDb, QUEUED_TRANSACTION } from "~/utils/db.server";
import { NotFoundError } from "~/utils/domain-errors";
import { logger } from "~/utils/logger.server";
import { quizAvailability, type Availability } from "./availability";
import { gradeAnswers, normalizeAnswers, storedAnswersSchema, type Answers, type Grade } from "./grading";
import { upgradeToOpaqueIds } from "./option-ids";
import { quizRules, type QuizRules } from "./policy";
import { getCourseMeta, getQuizCourse, loadQuestionBank } from "./question-bank.server";
import { buildReview, type Review } from "./review";
import {
  buildSnapshot,
  learnerView,
  quizSnapshotSchema,
  snapshotQuestions,
  type LearnerEntry,
  type QuizSnapshot,
} from "./snapshot";
import { resolveSource, type ResolvedSource } from "./sources.server";
import { pageWindow } from "~/utils/pagination";

type Tx = Prisma.TransactionClient;

/** No such attempt or course for this learner (the route answers 404, never 403: do not confirm it exists). */
export class QuizNotFoundError extends NotFoundError {
  constructor(what = "quiz") {
    super(`${what} not found`);
    this.name = "QuizNotFoundError";
  }
}

// Grading may wait for other submits of the same attempt (they queue on its row lock).
const HISTORY_PAGE_SIZE = 10;

function requireCourse(slug: string): Course {
  const course = getQuizCourse(slug);
  if (!course) throw new QuizNotFoundError("course");
  return course;
}

function parseSnapshot(value: unknown): QuizSnapshot {
  return quizSnapshotSchema.parse(value);
}

function parseAnswers(value: unknown): Answers {
  const parsed = storedAnswersSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

function remainingSeconds(deadlineAt: Date | null, now: Date): number | null {
  return deadlineAt ? Math.max(0, Math.ceil((deadlineAt.getTime() - now.getTime()) / 1000)) : null;
}

function isPastDeadline(deadlineAt: Date | null, now: Date): boolean {
  return deadlineAt !== null && now.getTime() >= deadlineAt.getTime();
}

async function availabilityFor(db: Tx, userId: string, course: CourseMeta, now: Date): Promise<Availability> {
  const since = new Date(now.getTime() - course.quiz.attemptsPerPeriod.periodHours * 3_600_000);
  const select = { id: true, status: true, startedAt: true, gradedAt: true, passed: true } as const;
  const [recent, lastClosed, certificates] = await Promise.all([
    db.quizAttempt.findMany({
      where: { userId, courseSlug: course.slug, OR: [{ startedAt: { gt: since } }, { status: "in_progress" }] },
      select,
      orderBy: { startedAt: "desc" },
      take: 200,
    }),
    db.quizAttempt.findFirst({
      where: { userId, courseSlug: course.slug, status: { not: "in_progress" } },
      select,
      orderBy: { gradedAt: "desc" },
    }),
    db.certificate.findMany({
      where: { userId, courseSlug: course.slug, ...validCertificateWhere(now) },
      select: { number: true, contentVersion: true, expiresAt: true },
      orderBy: { issuedAt: "desc" },
      take: 10,
    }),
  ]);
  const attempts = lastClosed && !recent.some((a) => a.id === lastClosed.id) ? [...recent, lastClosed] : recent;
  return quizAvailability({ policy: course.quiz, contentVersion: course.version, now, attempts, certificates });
}

// ---------- Closing (grading) ----------

export type CloseOutcome =
  | { outcome: "graded" | "expired"; grade: Grade; certificate: { certificateId: string; number: string } | null }
  | { outcome: "already-closed" };

/**
 * Grades an open attempt exactly once. `posted` are answers sent with a submit (used only before
 * the deadline); after the deadline the answers saved by then are graded and the status is
 * "expired". Concurrent calls: the conditional update lets one transaction through; the others
 * wait for its row lock, then find the attempt closed and return "already-closed".
 */
async function closeAttempt(input: {
  attemptId: string;
  userId?: string;
  posted: Record<string, string[]> | null;
  now: Date;
}): Promise<CloseOutcome> {
  const { attemptId, userId, posted, now } = input;
  const db = await getDb();
  const closed = await db.$transaction(async (tx): Promise<CloseOutcome> => {
    const attempt = await tx.quizAttempt.findFirst({
      where: { id: attemptId, ...(userId ? { userId } : {}) },
      select: { id: true, status: true, deadlineAt: true, snapshot: true },
    });
    if (!attempt) throw new QuizNotFoundError("attempt");
    if (attempt.status !== "in_progress") return { outcome: "already-closed" };
    let snapshot = parseSnapshot(attempt.snapshot);
    const late = isPastDeadline(attempt.deadlineAt, now);
    // The browser only ever answers with opaque ids: an attempt from before them is moved to them
    // first, so its authored ids ("b") are refused like any other unknown id.
    const upgraded = posted !== null && !late && snapshot.format === 1;
    if (upgraded) snapshot = upgradeToOpaqueIds(snapshot, {}).snapshot;
    // Validate before claiming: a malformed submit changes nothing.
    const postedAnswers = posted && !late ? normalizeAnswers(snapshot, posted) : null;

    const claimed = await tx.quizAttempt.updateMany({
      where: { id: attempt.id, status: "in_progress" },
      data: { status: late ? "expired" : "graded" },
    });
    if (claimed.count !== 1) return { outcome: "already-closed" };

    // We hold the row now: the saved answers can no longer change under us.
    const saved = await tx.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id }, select: { answers: true } });
    const answers = postedAnswers ?? normalizeAnswers(snapshot, parseAnswers(saved.answers));
    const grade = gradeAnswers(snapshot, answers);
    await tx.quizAttempt.update({
      where: { id: attempt.id },
      data: {
        ...(upgraded ? { snapshot } : {}),
        answers,
        submittedAt: posted ? now : null,
        // An expired attempt ended at its deadline, whenever it is noticed.
        gradedAt: late ? attempt.deadlineAt : now,
        scorePoints: grade.scorePoints,
        maxPoints: grade.maxPoints,
        scorePercent: grade.scorePercent,
        passed: grade.passed,
        result: grade.result,
      },
    });
    const certificate = grade.passed ? await issueCertificateForAttempt(tx, attempt.id) : null;
    return { outcome: late ? "expired" : "graded", grade, certificate };
  }, QUEUED_TRANSACTION);
  // A certificate queued its mail (and maybe the criterion's): send it now, not at the next tick.
  if ("certificate" in closed && closed.certificate) nudgeMailDelivery();
  return closed;
}

/** Grades this learner's attempts at `courseSlug` whose time ran out. */
async function closeExpiredAttemptsOf(userId: string, courseSlug: string, now: Date) {
  const db = await getDb();
  const expired = await db.quizAttempt.findMany({
    where: { userId, courseSlug, status: "in_progress", deadlineAt: { lte: now } },
    select: { id: true },
  });
  for (const { id } of expired) {
    try {
      await closeAttempt({ attemptId: id, userId, posted: null, now });
    } catch (err) {
      // The intro page still renders; the attempt page reports the failure when opened.
      logger.error("could not close an expired quiz attempt", { attemptId: id, err });
    }
  }
}

/** Background job: grades attempts whose time ran out (a batch per run). Returns how many it closed. */
export async function closeExpiredAttempts(now = new Date(), batch = 200): Promise<number> {
  const db = await getDb();
  const expired = await db.quizAttempt.findMany({
    where: { status: "in_progress", deadlineAt: { lte: now } },
    select: { id: true },
    orderBy: { deadlineAt: "asc" },
    take: batch,
  });
  let closed = 0;
  for (const { id } of expired) {
    try {
      if ((await closeAttempt({ attemptId: id, posted: null, now })).outcome !== "already-closed") closed++;
    } catch (err) {
      logger.error("could not close an expired quiz attempt", { attemptId: id, err });
    }
  }
  return closed;
}

/** Which attempt of which course, titled in the attempt's language (the slug when the course is gone). */
function attemptHeading(attempt: { id: string; courseSlug: string; locale: string }) {
  const course = getCourseMeta(attempt.courseSlug);
  return {
    id: attempt.id,
    courseSlug: attempt.courseSlug,
    courseTitle: course ? pickText(course.title, attempt.locale) : attempt.courseSlug,
    locale: attempt.locale,
  };
}

// ---------- The intro page ----------

export type AttemptHistoryItem = {
  id: string;
  status: "in_progress" | "graded" | "expired";
  startedAt: string;
  scorePercent: number | null;
  passed: boolean | null;
};

export type QuizIntro = {
  course: { slug: string; title: string; version: string };
  rules: QuizRules;
  ready: boolean;
  availability: Availability;
  history: { items: AttemptHistoryItem[]; page: number; pages: number; total: number };
};

export async function getQuizIntro(
  userId: string,
  slug: string,
  language: string,
  { page = 1, now = new Date() } = {},
): Promise<QuizIntro> {
  const course = requireCourse(slug).meta;
  await closeExpiredAttemptsOf(userId, slug, now);
  const db = await getDb();
  const where = { userId, courseSlug: slug };
  const [ready, availability, total] = await Promise.all([
    isReadyForQuiz(userId, slug),
    availabilityFor(db, userId, course, now),
    db.quizAttempt.count({ where }),
  ]);
  const history = pageWindow(total, page, HISTORY_PAGE_SIZE);
  const rows = await db.quizAttempt.findMany({
    where,
    select: { id: true, status: true, startedAt: true, scorePercent: true, passed: true },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    skip: history.skip,
    take: history.take,
  });
  return {
    course: { slug: course.slug, title: pickText(course.title, language), version: course.version },
    rules: quizRules(course.quiz),
    ready,
    availability,
    history: {
      items: rows.map((r) => ({ ...r, startedAt: r.startedAt.toISOString() })),
      page: history.page,
      pages: history.pages,
      total,
    },
  };
}

// ---------- Start ----------

export type StartOutcome =
  | { status: "started" | "resumed"; attemptId: string }
  | { status: "not-ready" }
  | { status: "unavailable"; availability: Availability };

export async function startAttempt(
  userId: string,
  slug: string,
  language: string,
  now = new Date(),
): Promise<StartOutcome> {
  const content = requireCourse(slug);
  const course = content.meta;
  if (!(await isReadyForQuiz(userId, slug))) return { status: "not-ready" };
  const bank = await loadQuestionBank(content);
  await closeExpiredAttemptsOf(userId, slug, now);
  const db = await getDb();
  return db.$transaction(async (tx): Promise<StartOutcome> => {
    // One start at a time per learner: concurrent starts queue here, so the second sees the first.
    await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    const availability = await availabilityFor(tx, userId, course, now);
    if (availability.state === "in-progress") return { status: "resumed", attemptId: availability.attemptId };
    if (availability.state !== "available") return { status: "unavailable", availability };
    const snapshot = buildSnapshot({
      bank,
      policy: course.quiz,
      courseSlug: course.slug,
      contentVersion: course.version,
      locale: language,
      seed: randomBytes(16).toString("hex"),
    });
    const attempt = await tx.quizAttempt.create({
      data: {
        userId,
        courseSlug: course.slug,
        contentVersion: course.version,
        locale: language,
        snapshot,
        answers: {},
        startedAt: now,
        deadlineAt: course.quiz.timeLimitMinutes
          ? new Date(now.getTime() + course.quiz.timeLimitMinutes * 60_000)
          : null,
      },
      select: { id: true },
    });
    return { status: "started", attemptId: attempt.id };
  }, QUEUED_TRANSACTION);
}

// ---------- The attempt page ----------

export type LearnerAttempt = {
  id: string;
  courseSlug: string;
  courseTitle: string;
  locale: string;
  entries: LearnerEntry[];
  answers: Answers;
  questionCount: number;
  passPercent: number;
  /** Seconds left by the server's clock, or null without a time limit. */
  remainingSeconds: number | null;
  deadlineAt: string | null;
};

/** The open attempt as the learner may see it, or "closed" once graded (also when its time just ran out). */
export async function getAttemptForLearner(
  userId: string,
  attemptId: string,
  now = new Date(),
): Promise<{ state: "open"; attempt: LearnerAttempt } | { state: "closed" }> {
  const db = await getDb();
  const attempt = await db.quizAttempt.findFirst({
    where: { id: attemptId, userId },
    select: { id: true, status: true, courseSlug: true, locale: true, snapshot: true, answers: true, deadlineAt: true },
  });
  if (!attempt) throw new QuizNotFoundError("attempt");
  if (attempt.status === "in_progress" && isPastDeadline(attempt.deadlineAt, now)) {
    await closeAttempt({ attemptId, userId, posted: null, now });
    return { state: "closed" };
  }
  if (attempt.status !== "in_progress") return { state: "closed" };
  let snapshot = parseSnapshot(attempt.snapshot);
  let answers = parseAnswers(attempt.answers);
  if (snapshot.format === 1) {
    // Started before opaque option ids: move it (and what was saved) to them before showing it.
    const upgraded = upgradeToOpaqueIds(snapshot, answers);
    ({ snapshot, answers } = upgraded);
    await db.quizAttempt.updateMany({
      where: { id: attempt.id, userId, status: "in_progress" },
      data: { snapshot, answers },
    });
  }
  return {
    state: "open",
    attempt: {
      ...attemptHeading(attempt),
      entries: learnerView(snapshot),
      answers,
      questionCount: snapshotQuestions(snapshot).length,
      passPercent: snapshot.passPercent,
      remainingSeconds: remainingSeconds(attempt.deadlineAt, now),
      deadlineAt: attempt.deadlineAt?.toISOString() ?? null,
    },
  };
}

// ---------- Save and submit ----------

export type SaveOutcome =
  | { status: "saved"; savedAt: string; remainingSeconds: number | null }
  | { status: "stale"; remainingSeconds: number | null }
  | { status: "closed" }
  | { status: "expired" };

/**
 * Saves the learner's current answers (the whole set, replacing what was saved). `seq` orders autosaves: a save numbered at or below the newest one
 * applied changes nothing (two saves can reach the server out of order), and says so ("stale").
 */
export async function saveAnswers(
  userId: string,
  attemptId: string,
  raw: Record<string, string[]>,
  now = new Date(),
  seq?: number,
): Promise<SaveOutcome> {
  const db = await getDb();
  const attempt = await db.quizAttempt.findFirst({
    where: { id: attemptId, userId },
    select: { status: true, deadlineAt: true, snapshot: true },
  });
  if (!attempt) throw new QuizNotFoundError("attempt");
  if (attempt.status !== "in_progress") return { status: "closed" };
  if (isPastDeadline(attempt.deadlineAt, now)) {
    await closeAttempt({ attemptId, userId, posted: null, now });
    return { status: "expired" };
  }
  let snapshot = parseSnapshot(attempt.snapshot);
  // As in closeAttempt: the browser's ids are opaque ones, also for an attempt from before them.
  const upgraded = snapshot.format === 1;
  if (upgraded) snapshot = upgradeToOpaqueIds(snapshot, {}).snapshot;
  const answers = normalizeAnswers(snapshot, raw);
  // Conditional: nothing is written once the attempt is closed or its time is up.
  const ordered = seq === undefined ? {} : { lastSaveSeq: { lt: BigInt(seq) } };
  const updated = await db.quizAttempt.updateMany({
    where: {
      id: attemptId,
      userId,
      status: "in_progress",
      OR: [{ deadlineAt: null }, { deadlineAt: { gt: now } }],
      ...ordered,
    },
    data: { answers, ...(upgraded ? { snapshot } : {}), ...(seq === undefined ? {} : { lastSaveSeq: BigInt(seq) }) },
  });
  if (updated.count === 1)
    return { status: "saved", savedAt: now.toISOString(), remainingSeconds: remainingSeconds(attempt.deadlineAt, now) };
  if (isPastDeadline(attempt.deadlineAt, now)) return { status: "expired" };
  if (seq !== undefined) {
    const current = await db.quizAttempt.findFirst({ where: { id: attemptId, userId }, select: { status: true } });
    if (current?.status === "in_progress")
      return { status: "stale", remainingSeconds: remainingSeconds(attempt.deadlineAt, now) };
  }
  return { status: "closed" };
}

export type SubmitOutcome = {
  status: "graded" | "expired" | "already-closed";
  passed: boolean | null;
  certificateNumber: string | null;
};

/** Submits with the answers on the form (ignored after the deadline, when the saved ones count). */
export async function submitAttempt(
  userId: string,
  attemptId: string,
  raw: Record<string, string[]>,
  now = new Date(),
): Promise<SubmitOutcome> {
  const closed = await closeAttempt({ attemptId, userId, posted: raw, now });
  if (closed.outcome === "already-closed") return { status: "already-closed", passed: null, certificateNumber: null };
  return { status: closed.outcome, passed: closed.grade.passed, certificateNumber: closed.certificate?.number ?? null };
}

// ---------- The result page ----------

export type ReviewSourceMap = Record<string, ResolvedSource>;

export type AttemptResult = {
  id: string;
  courseSlug: string;
  courseTitle: string;
  locale: string;
  status: "graded" | "expired";
  startedAt: string;
  gradedAt: string | null;
  scorePoints: number;
  maxPoints: number;
  scorePercent: number;
  passed: boolean;
  passPercent: number;
  reviewPolicy: QuizSnapshot["review"];
  review: Review;
  sources: ReviewSourceMap;
  certificate: { number: string; revoked: boolean } | null;
};

/** The graded attempt with the review its policy allows, or "open" while it is still running. */
export async function getAttemptResult(
  userId: string,
  attemptId: string,
  now = new Date(),
): Promise<{ state: "open" } | { state: "graded"; result: AttemptResult }> {
  const db = await getDb();
  const load = () =>
    db.quizAttempt.findFirst({
      where: { id: attemptId, userId },
      select: {
        id: true,
        status: true,
        courseSlug: true,
        locale: true,
        snapshot: true,
        answers: true,
        result: true,
        deadlineAt: true,
        startedAt: true,
        gradedAt: true,
        scorePoints: true,
        maxPoints: true,
        scorePercent: true,
        passed: true,
        certificate: { select: { number: true, revokedAt: true } },
      },
    });
  let attempt = await load();
  if (!attempt) throw new QuizNotFoundError("attempt");
  if (attempt.status === "in_progress") {
    if (!isPastDeadline(attempt.deadlineAt, now)) return { state: "open" };
    await closeAttempt({ attemptId, userId, posted: null, now });
    attempt = (await load())!;
  }
  const snapshot = parseSnapshot(attempt.snapshot);
  const passed = attempt.passed === true;
  const outcomes = (attempt.result ?? {}) as Record<string, { correct: boolean }>;
  const review = buildReview(snapshot, parseAnswers(attempt.answers), outcomes, passed);
  const sources: ReviewSourceMap = {};
  if (review.level === "answers") {
    for (const q of snapshotQuestions(snapshot)) sources[q.source] ??= resolveSource(q.source, attempt.locale);
  }
  return {
    state: "graded",
    result: {
      ...attemptHeading(attempt),
      status: attempt.status === "expired" ? "expired" : "graded",
      startedAt: attempt.startedAt.toISOString(),
      gradedAt: attempt.gradedAt?.toISOString() ?? null,
      scorePoints: attempt.scorePoints ?? 0,
      maxPoints: attempt.maxPoints ?? snapshotQuestions(snapshot).length,
      scorePercent: attempt.scorePercent ?? 0,
      passed,
      passPercent: snapshot.passPercent,
      reviewPolicy: snapshot.review,
      review,
      sources,
      certificate: attempt.certificate
        ? { number: attempt.certificate.number, revoked: attempt.certificate.revokedAt !== null }
        : null,
    },
  };
}
