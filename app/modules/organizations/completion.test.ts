import { describe, expect, it } from "vitest";
import { completionStage, isCriterionEvidence } from "./completion";

const now = new Date("2026-12-01T12:00:00Z");
const future = new Date("2029-01-01T00:00:00Z");
const past = new Date("2026-01-01T00:00:00Z");

describe("what completed means", () => {
  it("tells lessons-only, a passed quiz, an expired and a revoked certificate apart", () => {
    expect(completionStage(null, now)).toBe("lessons_completed");
    expect(completionStage({ revokedAt: null, expiresAt: future }, now)).toBe("quiz_passed");
    expect(completionStage({ revokedAt: null, expiresAt: null }, now)).toBe("quiz_passed");
    expect(completionStage({ revokedAt: null, expiresAt: past }, now)).toBe("certificate_expired");
    expect(completionStage({ revokedAt: past, expiresAt: past }, now)).toBe("certificate_revoked");
  });

  it("counts only a valid certificate of the criterion course as evidence, never lessons alone", () => {
    expect(isCriterionEvidence(null, now)).toBe(false);
    expect(isCriterionEvidence({ criterionCourse: true, revokedAt: null, expiresAt: future }, now)).toBe(true);
    expect(isCriterionEvidence({ criterionCourse: false, revokedAt: null, expiresAt: future }, now)).toBe(false);
    expect(isCriterionEvidence({ criterionCourse: true, revokedAt: null, expiresAt: past }, now)).toBe(false);
    expect(isCriterionEvidence({ criterionCourse: true, revokedAt: now, expiresAt: future }, now)).toBe(false);
  });
});
