// May this learner start a quiz attempt now? Pure rules over their recent attempts:
// - one attempt in progress at a time (starting again resumes it);
// - at most `attemptsPerPeriod.max` attempts started within any rolling `periodHours` window;
// - after a failed attempt, wait `cooldownMinutes` from its grading;
// - a valid certificate of the current content version makes a new attempt unnecessary until
//   the renewal window opens (when the expiry reminder goes out).
import type { QuizPolicy } from "~/modules/courses/course-schema";
import { isValidAt } from "~/modules/certificates/validity";

export const RENEWAL_WINDOW_DAYS = 30;

export type AttemptSummary = {
  id: string;
  status: "in_progress" | "graded" | "expired";
  startedAt: Date;
  gradedAt: Date | null;
  passed: boolean | null;
};

export type ActiveCertificate = { number: string; contentVersion: string; expiresAt: Date | null };

export type Availability =
  | { state: "in-progress"; attemptId: string; attemptsLeft: number }
  | { state: "available"; attemptsLeft: number }
  | { state: "cooldown"; until: Date; attemptsLeft: number }
  | { state: "limit-reached"; until: Date; attemptsLeft: 0 }
  | { state: "passed"; certificate: ActiveCertificate; renewableFrom: Date | null; attemptsLeft: number };

export type AvailabilityInput = {
  policy: Pick<QuizPolicy, "attemptsPerPeriod" | "cooldownMinutes">;
  contentVersion: string;
  now: Date;
  /** The learner's attempts at this course; at least every one started within the period and the latest closed one. */
  attempts: AttemptSummary[];
  /** Valid (not revoked, not expired) certificates of this course. */
  certificates: ActiveCertificate[];
};

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

export function quizAvailability({
  policy,
  contentVersion,
  now,
  attempts,
  certificates,
}: AvailabilityInput): Availability {
  const periodMs = policy.attemptsPerPeriod.periodHours * HOUR;
  const windowStart = now.getTime() - periodMs;
  const inWindow = attempts
    .filter((a) => a.startedAt.getTime() > windowStart)
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const attemptsLeft = Math.max(0, policy.attemptsPerPeriod.max - inWindow.length);

  const open = attempts.find((a) => a.status === "in_progress");
  if (open) return { state: "in-progress", attemptId: open.id, attemptsLeft };

  // The certificates passed in are not revoked (the loader asks for valid ones only).
  const current = certificates.find(
    (c) => c.contentVersion === contentVersion && isValidAt({ revokedAt: null, expiresAt: c.expiresAt }, now),
  );
  if (current) {
    const renewableFrom = current.expiresAt ? new Date(current.expiresAt.getTime() - RENEWAL_WINDOW_DAYS * DAY) : null;
    if (!renewableFrom || now < renewableFrom)
      return { state: "passed", certificate: current, renewableFrom, attemptsLeft };
  }

  const lastClosed = attempts
    .filter((a) => a.status !== "in_progress" && a.gradedAt)
    .sort((a, b) => b.gradedAt!.getTime() - a.gradedAt!.getTime())[0];
  const cooldownUntil =
    lastClosed && lastClosed.passed === false && policy.cooldownMinutes > 0
      ? new Date(lastClosed.gradedAt!.getTime() + policy.cooldownMinutes * MINUTE)
      : null;

  if (attemptsLeft === 0) {
    // The window frees a slot when the oldest attempt that still counts falls out of it.
    const freesAt = new Date(inWindow[inWindow.length - policy.attemptsPerPeriod.max]!.startedAt.getTime() + periodMs);
    const until = cooldownUntil && cooldownUntil > freesAt ? cooldownUntil : freesAt;
    return { state: "limit-reached", until, attemptsLeft: 0 };
  }
  if (cooldownUntil && cooldownUntil > now) return { state: "cooldown", until: cooldownUntil, attemptsLeft };
  return { state: "available", attemptsLeft };
}
