// When a certificate counts as valid: the one rule, for every page, the PDF, the API, the
// criterion and the jobs. A certificate is valid at a moment when it is not revoked and either
// never expires or expires strictly after that moment (at its expiry instant it is expired).
// Revoked beats expired beats valid. The course version does not matter: a certificate of an
// older version of a course stays valid until its own expiry.
// The same rule as a Prisma `where` and as an SQL fragment lives in validity.server.ts, built
// from the constants below; tests/integration/certificate-validity.test.ts checks that the three
// agree on a table of cases, on both database engines.

/** The Certificate columns the rule reads. */
export const REVOKED_AT = "revokedAt";
export const EXPIRES_AT = "expiresAt";

/** A valid certificate that expires within this many days "expires soon" (and a company whose evidence all does is "expiring"). */
export const EXPIRY_WARNING_DAYS = 60;
const DAY_MS = 86_400_000;

export type CertificateStatus = "valid" | "expired" | "revoked";

/** The two facts the rule needs (dates as Date, or ISO strings as loaders serialise them). */
export type ValidityFacts = { [REVOKED_AT]: Date | string | null; [EXPIRES_AT]: Date | string | null };

const time = (d: Date | string) => (typeof d === "string" ? new Date(d) : d).getTime();

/** A certificate's standing at `now`: revoked beats expired beats valid. */
export function certificateStatus(certificate: ValidityFacts, now = new Date()): CertificateStatus {
  if (certificate[REVOKED_AT]) return "revoked";
  const expiresAt = certificate[EXPIRES_AT];
  if (expiresAt !== null && time(expiresAt) <= now.getTime()) return "expired";
  return "valid";
}

export function isValidAt(certificate: ValidityFacts, now = new Date()): boolean {
  return certificateStatus(certificate, now) === "valid";
}

/** The end of the "expires soon" window that starts at `now`. */
export function expiryWarningHorizon(now: Date): Date {
  return new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS);
}

/** Valid now, and expires within EXPIRY_WARNING_DAYS (the horizon itself included). */
export function isExpiringSoon(certificate: ValidityFacts, now = new Date()): boolean {
  const expiresAt = certificate[EXPIRES_AT];
  return isValidAt(certificate, now) && expiresAt !== null && time(expiresAt) <= expiryWarningHorizon(now).getTime();
}
