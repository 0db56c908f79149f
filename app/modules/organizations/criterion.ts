// The trained-manager criterion's vocabulary, shared by server and browser: its three states and
// the one mapping from a company's evidence to them, the list filters, and the causes a change
// can have.
import { EXPIRY_WARNING_DAYS, isExpiringSoon } from "~/modules/certificates/validity";

export { EXPIRY_WARNING_DAYS };

/** The criterion's three states, as the API, the webhooks, the history and the pages name them. */
export const criterionStatusValues = ["met", "expiring", "not_met"] as const;
export type CriterionStatusValue = (typeof criterionStatusValues)[number];

/**
 * The state from the evidence: not_met without a qualifying certificate; expiring when every one
 * expires within EXPIRY_WARNING_DAYS (the longest-lasting, `validUntil`, does); met otherwise.
 * `validUntil` null with `met`: a qualifying certificate never expires.
 */
export function criterionStatusOf(
  evidence: { met: boolean; validUntil: Date | string | null },
  now: Date,
): CriterionStatusValue {
  if (!evidence.met) return "not_met";
  return isExpiringSoon({ revokedAt: null, expiresAt: evidence.validUntil }, now) ? "expiring" : "met";
}

export const criterionCauses = [
  "certificate_issued",
  "certificate_revoked",
  "certificate_expired",
  // Time alone: every qualifying certificate now expires within EXPIRY_WARNING_DAYS (met → expiring).
  "certificate_expiring",
  "role_changed",
  "member_added",
  "member_removed",
  "membership_changed",
] as const;
export type CriterionCause = (typeof criterionCauses)[number];

export const criterionFilters = ["all", "met", "not_met", "expiring"] as const;
/** met: meets it (including those expiring soon); expiring: meets it, but not EXPIRY_WARNING_DAYS from now; not_met. */
export type CriterionFilter = (typeof criterionFilters)[number];
