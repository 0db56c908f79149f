import { describe, expect, it } from "vitest";
import { certificateTreatment, membershipRoles } from "./erasure-rules";

const now = new Date("2027-03-01T12:00:00Z");
const later = new Date("2028-03-01T12:00:00Z");
const earlier = new Date("2026-03-01T12:00:00Z");

describe("what erasure does with a certificate", () => {
  it("keeps a manager's valid criterion certificate as evidence until it expires", () => {
    expect(certificateTreatment({ criterionCourse: true, revokedAt: null, expiresAt: later }, true, now)).toEqual({
      treatment: "evidence",
      removeNameAt: later,
    });
  });

  it("withdraws every other valid certificate at once (not a manager, not the criterion course, or no end date)", () => {
    expect(certificateTreatment({ criterionCourse: true, revokedAt: null, expiresAt: later }, false, now)).toEqual({
      treatment: "withdrawn",
      removeNameAt: now,
    });
    expect(certificateTreatment({ criterionCourse: false, revokedAt: null, expiresAt: later }, true, now)).toEqual({
      treatment: "withdrawn",
      removeNameAt: now,
    });
    expect(certificateTreatment({ criterionCourse: true, revokedAt: null, expiresAt: null }, true, now)).toEqual({
      treatment: "withdrawn",
      removeNameAt: now,
    });
  });

  it("pseudonymises expired and revoked certificates at once", () => {
    expect(
      certificateTreatment({ criterionCourse: true, revokedAt: null, expiresAt: earlier }, true, now).treatment,
    ).toBe("pseudonymised");
    expect(
      certificateTreatment({ criterionCourse: true, revokedAt: earlier, expiresAt: later }, true, now).treatment,
    ).toBe("pseudonymised");
    // Expiring exactly now counts as expired (as certificateStatus says).
    expect(certificateTreatment({ criterionCourse: true, revokedAt: null, expiresAt: now }, true, now).treatment).toBe(
      "pseudonymised",
    );
  });

  it("reads a membership's roles whether the model holds one role or a set", () => {
    expect(membershipRoles({ role: "manager" })).toEqual(["manager"]);
    expect(membershipRoles({ roles: ["manager", "org_admin"] })).toEqual(["manager", "org_admin"]);
    expect(membershipRoles({})).toEqual([]);
  });
});
