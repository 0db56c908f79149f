import { describe, expect, it } from "vitest";
import { QUIZ_POLICIES } from "~/modules/quiz/policy";
import { learnerStatus, type LearnerCertificate, type LearnerStatusInput } from "./learner-status";

const now = new Date("2026-12-02T12:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

const reading = { done: 3, total: 7, readyForQuiz: false, resumeLessonSlug: "l4" };
const allRead = { done: 7, total: 7, readyForQuiz: true, resumeLessonSlug: "l7" };
const untouched = { done: 0, total: 7, readyForQuiz: false, resumeLessonSlug: "l1" };

function input(overrides: Partial<LearnerStatusInput>): LearnerStatusInput {
  return {
    now,
    enrolled: true,
    progress: allRead,
    firstLessonSlug: "l1",
    contentVersion: "2026.1",
    policy: QUIZ_POLICIES.criterion,
    attempts: [],
    certificates: [],
    ...overrides,
  };
}

const failedAt = (gradedAt: Date, scorePercent = 55) => ({
  id: `a-${gradedAt.getTime()}`,
  status: "graded" as const,
  startedAt: new Date(gradedAt.getTime() - 20 * 60_000),
  gradedAt,
  passed: false,
  scorePercent,
});
const passedAt = (gradedAt: Date) => ({ ...failedAt(gradedAt, 100), passed: true });
const certificate = (overrides: Partial<LearnerCertificate> = {}): LearnerCertificate => ({
  number: "KA-7K3M-9QXD-A",
  contentVersion: "2026.1",
  issuedAt: minutes(-30),
  expiresAt: days(365),
  revokedAt: null,
  ...overrides,
});

describe("learnerStatus", () => {
  const cases: Array<[string, LearnerStatusInput, { kind: string; action: unknown; [key: string]: unknown }]> = [
    [
      "not enrolled: start",
      input({ enrolled: false, progress: untouched }),
      { kind: "not-started", action: { kind: "start" } },
    ],
    [
      "enrolled, nothing read: the first lesson",
      input({ progress: untouched }),
      { kind: "not-started", action: { kind: "continue-lesson", lessonSlug: "l1" } },
    ],
    [
      "reading: the lesson to resume",
      input({ progress: reading }),
      { kind: "reading", done: 3, total: 7, action: { kind: "continue-lesson", lessonSlug: "l4" } },
    ],
    ["every lesson read: the quiz", input({}), { kind: "ready", attemptsLeft: 3, action: { kind: "take-quiz" } }],
    [
      "a quiz in progress beats everything",
      input({
        attempts: [{ id: "open", status: "in_progress", startedAt: minutes(-5), gradedAt: null, passed: null }],
        certificates: [certificate()],
      }),
      { kind: "in-quiz", action: { kind: "resume-quiz", attemptId: "open" } },
    ],
    [
      "passed with 100 %: the certificate, not the quiz",
      input({ attempts: [passedAt(minutes(-30))], certificates: [certificate()] }),
      {
        kind: "passed",
        certificate: { number: "KA-7K3M-9QXD-A", expiresAt: days(365) },
        action: { kind: "view-certificate", number: "KA-7K3M-9QXD-A" },
      },
    ],
    [
      "passed, certificate without end date",
      input({ certificates: [certificate({ expiresAt: null })] }),
      {
        kind: "passed",
        certificate: { number: "KA-7K3M-9QXD-A", expiresAt: null },
        action: { kind: "view-certificate", number: "KA-7K3M-9QXD-A" },
      },
    ],
    [
      "expiring in 45 days, renewal not open yet (30 days): still the certificate",
      input({ certificates: [certificate({ expiresAt: days(45) })] }),
      {
        kind: "expiring",
        certificate: { number: "KA-7K3M-9QXD-A", expiresAt: days(45) },
        renewableFrom: days(15),
        action: { kind: "view-certificate", number: "KA-7K3M-9QXD-A" },
      },
    ],
    [
      "expiring in 61 days is not expiring yet",
      input({ certificates: [certificate({ expiresAt: days(61) })] }),
      {
        kind: "passed",
        certificate: { number: "KA-7K3M-9QXD-A", expiresAt: days(61) },
        action: { kind: "view-certificate", number: "KA-7K3M-9QXD-A" },
      },
    ],
    [
      "expiring in 10 days, renewal open: retake",
      input({ certificates: [certificate({ expiresAt: days(10) })] }),
      {
        kind: "expiring",
        certificate: { number: "KA-7K3M-9QXD-A", expiresAt: days(10) },
        renewableFrom: null,
        action: { kind: "retake-quiz" },
      },
    ],
    [
      "expiring, certificate of an old version, new version not read: read",
      input({ progress: reading, certificates: [certificate({ contentVersion: "2025.2", expiresAt: days(20) })] }),
      {
        kind: "expiring",
        certificate: { number: "KA-7K3M-9QXD-A", expiresAt: days(20) },
        renewableFrom: null,
        action: { kind: "continue-lesson", lessonSlug: "l4" },
      },
    ],
    [
      "failed, in the cooldown, lessons left to read (a new version): read on, and still told when the quiz opens",
      input({ progress: reading, attempts: [failedAt(minutes(-5), 60)] }),
      {
        kind: "failed",
        scorePercent: 60,
        nextTryAt: minutes(10),
        action: { kind: "continue-lesson", lessonSlug: "l4" },
      },
    ],
    [
      "failed, in the 15 min cooldown: review, next try at the end of it",
      input({ attempts: [failedAt(minutes(-5), 60)] }),
      {
        kind: "failed",
        scorePercent: 60,
        nextTryAt: minutes(10),
        action: { kind: "review-lessons", lessonSlug: "l1" },
      },
    ],
    [
      "failed, cooldown over: retake now",
      input({ attempts: [failedAt(minutes(-20), 60)] }),
      { kind: "failed", scorePercent: 60, nextTryAt: null, action: { kind: "retake-quiz" } },
    ],
    [
      "failed three times in 24 h: next try when the first falls out of the window",
      input({ attempts: [failedAt(minutes(-600)), failedAt(minutes(-300)), failedAt(minutes(-60))] }),
      {
        kind: "failed",
        scorePercent: 55,
        nextTryAt: minutes(-620 + 24 * 60),
        action: { kind: "review-lessons", lessonSlug: "l1" },
      },
    ],
    [
      "expired certificate: retake",
      input({
        attempts: [passedAt(days(-400))],
        certificates: [certificate({ issuedAt: days(-400), expiresAt: days(-35) })],
      }),
      {
        kind: "expired",
        certificate: { number: "KA-7K3M-9QXD-A", expiresAt: days(-35) },
        nextTryAt: null,
        action: { kind: "retake-quiz" },
      },
    ],
    [
      "revoked certificate: retake",
      input({
        attempts: [passedAt(days(-10))],
        certificates: [certificate({ issuedAt: days(-10), revokedAt: days(-2) })],
      }),
      {
        kind: "revoked",
        certificate: { number: "KA-7K3M-9QXD-A", expiresAt: days(365) },
        nextTryAt: null,
        action: { kind: "retake-quiz" },
      },
    ],
    [
      "revoked, then failed a retake: failed wins (newer)",
      input({
        attempts: [passedAt(days(-10)), failedAt(minutes(-3))],
        certificates: [certificate({ issuedAt: days(-10), revokedAt: days(-2) })],
      }),
      {
        kind: "failed",
        scorePercent: 55,
        nextTryAt: minutes(12),
        action: { kind: "review-lessons", lessonSlug: "l1" },
      },
    ],
    [
      "failed long ago, then passed: passed",
      input({
        attempts: [failedAt(days(-3)), passedAt(days(-2))],
        certificates: [certificate({ issuedAt: days(-2) })],
      }),
      {
        kind: "passed",
        certificate: { number: "KA-7K3M-9QXD-A", expiresAt: days(365) },
        action: { kind: "view-certificate", number: "KA-7K3M-9QXD-A" },
      },
    ],
    [
      "a valid certificate beats an older revoked one",
      input({
        certificates: [
          certificate({ number: "KA-OLD", revokedAt: days(-30), issuedAt: days(-60) }),
          certificate({ issuedAt: days(-1) }),
        ],
      }),
      {
        kind: "passed",
        certificate: { number: "KA-7K3M-9QXD-A", expiresAt: days(365) },
        action: { kind: "view-certificate", number: "KA-7K3M-9QXD-A" },
      },
    ],
    [
      "expired, new version not read yet: read first",
      input({
        progress: reading,
        certificates: [certificate({ contentVersion: "2025.2", issuedAt: days(-400), expiresAt: days(-1) })],
      }),
      {
        kind: "expired",
        certificate: { number: "KA-7K3M-9QXD-A", expiresAt: days(-1) },
        nextTryAt: null,
        action: { kind: "continue-lesson", lessonSlug: "l4" },
      },
    ],
  ];

  it.each(cases)("%s", (_name, given, expected) => {
    expect(learnerStatus(given)).toEqual(expected);
  });

  it("expires exactly at the 60-day line: expiring", () => {
    expect(learnerStatus(input({ certificates: [certificate({ expiresAt: days(60) })] })).kind).toBe("expiring");
  });
});
