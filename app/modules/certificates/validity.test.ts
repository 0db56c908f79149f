import { describe, expect, it } from "vitest";
import { criterionStatusOf } from "~/modules/organizations/criterion";
import { certificateStatus, EXPIRY_WARNING_DAYS, expiryWarningHorizon, isExpiringSoon, isValidAt } from "./validity";

const now = new Date("2026-06-15T10:00:00.000Z");
const DAY = 86_400_000;
const at = (ms: number) => new Date(now.getTime() + ms);

describe("the valid-certificate rule", () => {
  it.each([
    ["valid for a year", { revokedAt: null, expiresAt: at(365 * DAY) }, "valid"],
    ["expired yesterday", { revokedAt: null, expiresAt: at(-DAY) }, "expired"],
    ["expires exactly now", { revokedAt: null, expiresAt: now }, "expired"],
    ["expires a millisecond from now", { revokedAt: null, expiresAt: at(1) }, "valid"],
    ["never expires", { revokedAt: null, expiresAt: null }, "valid"],
    ["revoked, never expires", { revokedAt: at(-DAY), expiresAt: null }, "revoked"],
    ["revoked but not expired", { revokedAt: at(-DAY), expiresAt: at(DAY) }, "revoked"],
    ["revoked and expired", { revokedAt: at(-3 * DAY), expiresAt: at(-DAY) }, "revoked"],
    ["dates as ISO strings (a loader's JSON)", { revokedAt: null, expiresAt: at(DAY).toISOString() }, "valid"],
    ["expired, as an ISO string", { revokedAt: null, expiresAt: now.toISOString() }, "expired"],
  ] as const)("%s → %s", (_name, facts, expected) => {
    expect(certificateStatus(facts, now)).toBe(expected);
    expect(isValidAt(facts, now)).toBe(expected === "valid");
  });

  it(`"expires soon" is valid and within ${EXPIRY_WARNING_DAYS} days, the horizon included`, () => {
    expect(expiryWarningHorizon(now)).toEqual(at(EXPIRY_WARNING_DAYS * DAY));
    expect(isExpiringSoon({ revokedAt: null, expiresAt: at(59 * DAY) }, now)).toBe(true);
    expect(isExpiringSoon({ revokedAt: null, expiresAt: at(60 * DAY) }, now)).toBe(true);
    expect(isExpiringSoon({ revokedAt: null, expiresAt: at(60 * DAY + 1) }, now)).toBe(false);
    expect(isExpiringSoon({ revokedAt: null, expiresAt: at(61 * DAY) }, now)).toBe(false);
    expect(isExpiringSoon({ revokedAt: null, expiresAt: null }, now)).toBe(false);
    expect(isExpiringSoon({ revokedAt: null, expiresAt: now }, now)).toBe(false);
    expect(isExpiringSoon({ revokedAt: at(-DAY), expiresAt: at(DAY) }, now)).toBe(false);
  });
});

describe("the criterion's state from its evidence", () => {
  it.each([
    [{ met: false, validUntil: null }, "not_met"],
    [{ met: true, validUntil: null }, "met"],
    [{ met: true, validUntil: at(61 * DAY) }, "met"],
    [{ met: true, validUntil: at(60 * DAY) }, "expiring"],
    [{ met: true, validUntil: at(59 * DAY).toISOString() }, "expiring"],
  ] as const)("%o → %s", (evidence, expected) => {
    expect(criterionStatusOf(evidence, now)).toBe(expected);
  });
});
