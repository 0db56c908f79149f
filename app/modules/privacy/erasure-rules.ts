// What erasure (GDPR art. 17) does with each certificate, as a pure rule shared by the erasure,
// the pages that explain it beforehand (the person's profile, the company admin's removal page)
// and the tests. The legal basis is recorded in docs/decisions/017.
//
// - evidence: a criterion-course certificate, valid, whose holder has the manager role in a
//   company. It is evidence that the company met the trained-manager criterion, so it is KEPT,
//   valid and with the holder's name on the public verification page and in the API, until its
//   validity ends; then the name is replaced (retention rule erasedHolderNames).
// - withdrawn: any other certificate that is still valid. It is revoked at once ("withdrawn at
//   the holder's request"), so its entry in the published status list says revoked and a copy of
//   the credential can no longer pass as current; the name is replaced at once.
// - pseudonymised: already expired or revoked. The record stays (its number must not start
//   answering "no such certificate", nor its status list bit flip back), the name is replaced at once.
// In every case the stored signed credential (which names the holder) goes with the name.
import { isValidAt } from "~/modules/certificates/validity";

export type CertificateTreatment = "evidence" | "withdrawn" | "pseudonymised";

export const WITHDRAWN_REASON = "Withdrawn at the holder's request (erasure of personal data)";

export function certificateTreatment(
  certificate: { criterionCourse: boolean; revokedAt: Date | string | null; expiresAt: Date | string | null },
  holderIsManager: boolean,
  now: Date,
): { treatment: CertificateTreatment; removeNameAt: Date } {
  const expiresAt = certificate.expiresAt ? new Date(certificate.expiresAt) : null;
  const current = isValidAt(certificate, now);
  if (!current) return { treatment: "pseudonymised", removeNameAt: now };
  // A certificate without an end date is never kept on these grounds: "for its validity" would be forever.
  if (certificate.criterionCourse && holderIsManager && expiresAt)
    return { treatment: "evidence", removeNameAt: expiresAt };
  return { treatment: "withdrawn", removeNameAt: now };
}

/**
 * The roles of a membership row, whether the model holds one role (`role`) or a set (`roles`):
 * read through the row rather than assuming one role.
 */
export function membershipRoles(membership: object): string[] {
  const row = membership as { role?: unknown; roles?: unknown };
  const value = row.roles ?? row.role;
  if (Array.isArray(value)) return value.filter((r): r is string => typeof r === "string");
  return typeof value === "string" ? [value] : [];
}
