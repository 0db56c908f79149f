import { describe, expect, it } from "vitest";
import { quizAvailability, RENEWAL_WINDOW_DAYS, type AttemptSummary } from "./availability";

const policy = { attemptsPerPeriod: { max: 3, periodHours: 24 }, cooldownMinutes: 15 };
const now = new Date("2026-03-10T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const attempt = (
  id: string,
  startedMinutesAgo: number,
  outcome: "failed" | "passed" | "open",
  gradedMinutesAgo = startedMinutesAgo - 10,
): AttemptSummary => ({
  id,
  status: outcome === "open" ? "in_progress" : "graded",
  startedAt: minutesAgo(startedMinutesAgo),
  gradedAt: outcome === "open" ? null : minutesAgo(gradedMinutesAgo),
  passed: outcome === "open" ? null : outcome === "passed",
});
const base = { policy, contentVersion: "2026.1", now, certificates: [] };

describe("quizAvailability", () => {
  it("is available with all attempts left when nothing was tried", () => {
    expect(quizAvailability({ ...base, attempts: [] })).toEqual({ state: "available", attemptsLeft: 3 });
  });

  it("resumes an attempt in progress instead of starting another", () => {
    expect(quizAvailability({ ...base, attempts: [attempt("a1", 5, "open")] })).toEqual({
      state: "in-progress",
      attemptId: "a1",
      attemptsLeft: 2,
    });
  });

  it("imposes the cooldown after a failed attempt, counted from its grading", () => {
    const result = quizAvailability({ ...base, attempts: [attempt("a1", 20, "failed", 10)] });
    expect(result).toEqual({ state: "cooldown", until: minutesAgo(-5), attemptsLeft: 2 });
    expect(quizAvailability({ ...base, attempts: [attempt("a1", 40, "failed", 16)] })).toEqual({
      state: "available",
      attemptsLeft: 2,
    });
  });

  it("has no cooldown with cooldownMinutes 0", () => {
    expect(
      quizAvailability({
        ...base,
        policy: { ...policy, cooldownMinutes: 0 },
        attempts: [attempt("a1", 20, "failed", 1)],
      }).state,
    ).toBe("available");
  });

  it("limits attempts per rolling period and says when the oldest one frees a slot", () => {
    const attempts = [attempt("a1", 23 * 60, "failed"), attempt("a2", 10 * 60, "failed"), attempt("a3", 120, "failed")];
    expect(quizAvailability({ ...base, attempts })).toEqual({
      state: "limit-reached",
      until: minutesAgo(23 * 60 - 24 * 60),
      attemptsLeft: 0,
    });
    // An attempt older than the period no longer counts.
    const older = [attempt("a0", 25 * 60, "failed"), ...attempts.slice(1)];
    expect(quizAvailability({ ...base, attempts: older })).toEqual({ state: "available", attemptsLeft: 1 });
  });

  it("reports the later of cooldown end and free slot when both apply", () => {
    const attempts = [
      attempt("a1", 24 * 60 - 1, "failed"),
      attempt("a2", 60, "failed"),
      attempt("a3", 12, "failed", 2),
    ];
    expect(quizAvailability({ ...base, attempts })).toEqual({
      state: "limit-reached",
      until: minutesAgo(-13),
      attemptsLeft: 0,
    });
  });

  it("does not offer a new attempt while a certificate of the current version is valid, until the renewal window", () => {
    const expiresAt = new Date(now.getTime() + 400 * 86_400_000);
    const certificates = [{ number: "KA-1", contentVersion: "2026.1", expiresAt }];
    const result = quizAvailability({ ...base, certificates, attempts: [attempt("a1", 60, "passed")] });
    expect(result).toMatchObject({
      state: "passed",
      renewableFrom: new Date(expiresAt.getTime() - RENEWAL_WINDOW_DAYS * 86_400_000),
    });
    const soon = [{ number: "KA-1", contentVersion: "2026.1", expiresAt: new Date(now.getTime() + 10 * 86_400_000) }];
    expect(quizAvailability({ ...base, certificates: soon, attempts: [] }).state).toBe("available");
    const never = [{ number: "KA-1", contentVersion: "2026.1", expiresAt: null }];
    expect(quizAvailability({ ...base, certificates: never, attempts: [] })).toMatchObject({
      state: "passed",
      renewableFrom: null,
    });
    // A certificate of an older content version: passing the current version renews it.
    expect(
      quizAvailability({ ...base, certificates: [{ ...never[0]!, contentVersion: "2025.1" }], attempts: [] }).state,
    ).toBe("available");
  });
});
