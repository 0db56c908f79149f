// A learner's one status in one course, and the one next action, for every page that shows a
// course to its learner (My learning, the course page, the catalogue, the lesson page). Pure:
// learner-status.server.ts reads the rows, this decides. Order of precedence:
//   quiz in progress > valid certificate (expiring within EXPIRY_WARNING_DAYS, else passed) >
//   the newest of {failed attempt, revoked or expired certificate} > ready > reading > not started.
import { EXPIRY_WARNING_DAYS } from "~/modules/organizations/criterion";
import { quizAvailability, type AttemptSummary } from "~/modules/quiz/availability";
import type { QuizPolicy } from "./course-schema";
import type { CourseProgress } from "./progress";

export type LearnerCertificate = {
  number: string;
  contentVersion: string;
  issuedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

export type LearnerStatusInput = {
  now: Date;
  enrolled: boolean;
  progress: Pick<CourseProgress, "done" | "total" | "readyForQuiz" | "resumeLessonSlug">;
  firstLessonSlug: string;
  contentVersion: string;
  policy: Pick<QuizPolicy, "attemptsPerPeriod" | "cooldownMinutes">;
  /** The learner's attempts: every one started within the policy's period, any in progress, and the latest closed one. */
  attempts: Array<AttemptSummary & { scorePercent?: number | null }>;
  /** The learner's certificates of this course, any standing. */
  certificates: LearnerCertificate[];
};

/** The one primary action; the routes turn it into a link. */
export type NextAction =
  | { kind: "start" }
  | { kind: "continue-lesson"; lessonSlug: string }
  | { kind: "review-lessons"; lessonSlug: string }
  | { kind: "take-quiz" }
  | { kind: "retake-quiz" }
  | { kind: "resume-quiz"; attemptId: string }
  | { kind: "view-certificate"; number: string };

type CertificateRef = { number: string; expiresAt: Date | null };

export type LearnerStatus =
  | { kind: "not-started"; action: NextAction }
  | { kind: "reading"; done: number; total: number; action: NextAction }
  | { kind: "ready"; attemptsLeft: number; action: NextAction }
  | { kind: "in-quiz"; action: NextAction }
  | { kind: "failed"; scorePercent: number | null; nextTryAt: Date | null; action: NextAction }
  | { kind: "passed"; certificate: CertificateRef; action: NextAction }
  | { kind: "expiring"; certificate: CertificateRef; renewableFrom: Date | null; action: NextAction }
  | { kind: "expired"; certificate: CertificateRef; nextTryAt: Date | null; action: NextAction }
  | { kind: "revoked"; certificate: CertificateRef; nextTryAt: Date | null; action: NextAction };

export type LearnerStatusKind = LearnerStatus["kind"];

const DAY = 86_400_000;

const isValid = (c: LearnerCertificate, now: Date) => !c.revokedAt && (c.expiresAt === null || c.expiresAt > now);
const ref = (c: LearnerCertificate): CertificateRef => ({ number: c.number, expiresAt: c.expiresAt });
/** When a certificate stopped counting: its revocation, else its expiry. */
const endedAt = (c: LearnerCertificate) => (c.revokedAt ?? c.expiresAt ?? c.issuedAt).getTime();

export function learnerStatus(input: LearnerStatusInput): LearnerStatus {
  const { now, progress } = input;
  const valid = input.certificates.filter((c) => isValid(c, now));
  const availability = quizAvailability({
    policy: input.policy,
    contentVersion: input.contentVersion,
    now,
    attempts: input.attempts,
    certificates: valid.map((c) => ({ number: c.number, contentVersion: c.contentVersion, expiresAt: c.expiresAt })),
  });
  if (availability.state === "in-progress")
    return { kind: "in-quiz", action: { kind: "resume-quiz", attemptId: availability.attemptId } };

  // What a learner without a valid certificate does next: read what is left, take the quiz, or
  // review the lessons while the quiz is closed (cooldown, attempts used up).
  // The quiz's closed time is told whatever comes next (also to a learner with lessons left to read).
  const retake = (): { action: NextAction; nextTryAt: Date | null } => {
    const closedUntil =
      availability.state === "cooldown" || availability.state === "limit-reached" ? availability.until : null;
    if (!progress.readyForQuiz)
      return { action: { kind: "continue-lesson", lessonSlug: progress.resumeLessonSlug }, nextTryAt: closedUntil };
    if (closedUntil)
      return { action: { kind: "review-lessons", lessonSlug: input.firstLessonSlug }, nextTryAt: closedUntil };
    return { action: { kind: "retake-quiz" }, nextTryAt: null };
  };

  // The valid certificate that lasts longest (no end date beats any).
  const best = [...valid].sort(
    (a, b) => (b.expiresAt?.getTime() ?? Infinity) - (a.expiresAt?.getTime() ?? Infinity),
  )[0];
  if (best) {
    if (best.expiresAt && best.expiresAt.getTime() - now.getTime() <= EXPIRY_WARNING_DAYS * DAY) {
      const renewable = availability.state !== "passed";
      const renewableFrom = availability.state === "passed" ? availability.renewableFrom : null;
      const action: NextAction =
        renewable && progress.readyForQuiz && availability.state === "available"
          ? { kind: "retake-quiz" }
          : renewable && !progress.readyForQuiz
            ? { kind: "continue-lesson", lessonSlug: progress.resumeLessonSlug }
            : { kind: "view-certificate", number: best.number };
      return { kind: "expiring", certificate: ref(best), renewableFrom, action };
    }
    return { kind: "passed", certificate: ref(best), action: { kind: "view-certificate", number: best.number } };
  }

  const lastClosed = input.attempts
    .filter((a) => a.status !== "in_progress" && a.gradedAt)
    .sort((a, b) => b.gradedAt!.getTime() - a.gradedAt!.getTime())[0];
  const lastEnded = [...input.certificates].sort((a, b) => endedAt(b) - endedAt(a))[0];
  const failedAfterCertificate =
    lastClosed && lastClosed.passed === false && (!lastEnded || lastClosed.gradedAt!.getTime() > endedAt(lastEnded));
  if (failedAfterCertificate) {
    const { action, nextTryAt } = retake();
    return { kind: "failed", scorePercent: lastClosed.scorePercent ?? null, nextTryAt, action };
  }
  if (lastEnded) {
    const { action, nextTryAt } = retake();
    return { kind: lastEnded.revokedAt ? "revoked" : "expired", certificate: ref(lastEnded), nextTryAt, action };
  }

  if (progress.readyForQuiz) {
    return { kind: "ready", attemptsLeft: availability.attemptsLeft, action: { kind: "take-quiz" } };
  }
  if (progress.done > 0)
    return {
      kind: "reading",
      done: progress.done,
      total: progress.total,
      action: { kind: "continue-lesson", lessonSlug: progress.resumeLessonSlug },
    };
  return {
    kind: "not-started",
    action: input.enrolled ? { kind: "continue-lesson", lessonSlug: progress.resumeLessonSlug } : { kind: "start" },
  };
}

/** The status as a page shows it: flat, dates as ISO strings, the action resolved to a link. */
export type LearnerStatusView = {
  kind: LearnerStatusKind;
  done: number | null;
  total: number | null;
  attemptsLeft: number | null;
  scorePercent: number | null;
  nextTryAt: string | null;
  renewableFrom: string | null;
  certificate: { number: string; expiresAt: string | null } | null;
  action: { kind: NextAction["kind"]; href: string; lessonTitle: string | null; lessonLanguage: string | null };
};

export function learnerStatusView(
  courseSlug: string,
  status: LearnerStatus,
  lesson: (lessonSlug: string) => { title: string; language: string },
): LearnerStatusView {
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const { action } = status;
  const shownLesson =
    action.kind === "continue-lesson" || action.kind === "review-lessons" ? lesson(action.lessonSlug) : null;
  const href =
    action.kind === "start"
      ? `/courses/${courseSlug}`
      : action.kind === "continue-lesson" || action.kind === "review-lessons"
        ? `/courses/${courseSlug}/lessons/${action.lessonSlug}`
        : action.kind === "take-quiz" || action.kind === "retake-quiz"
          ? `/courses/${courseSlug}/quiz`
          : action.kind === "resume-quiz"
            ? `/quiz/${action.attemptId}`
            : `/certificates/${action.number}`;
  return {
    kind: status.kind,
    done: status.kind === "reading" ? status.done : null,
    total: status.kind === "reading" ? status.total : null,
    attemptsLeft: status.kind === "ready" ? status.attemptsLeft : null,
    scorePercent: status.kind === "failed" ? status.scorePercent : null,
    nextTryAt: "nextTryAt" in status ? iso(status.nextTryAt) : null,
    renewableFrom: status.kind === "expiring" ? iso(status.renewableFrom) : null,
    certificate:
      "certificate" in status
        ? { number: status.certificate.number, expiresAt: iso(status.certificate.expiresAt) }
        : null,
    action: {
      kind: action.kind,
      href,
      lessonTitle: shownLesson?.title ?? null,
      lessonLanguage: shownLesson?.language ?? null,
    },
  };
}
