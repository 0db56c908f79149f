// The trained-manager criterion's vocabulary, shared by server and browser: the list filters,
// the causes a change can have, and the "expires soon" horizon.

/** A company whose evidence all expires within this many days is flagged "expires soon". */
export const EXPIRY_WARNING_DAYS = 60;

export const criterionCauses = [
  "certificate_issued",
  "certificate_revoked",
  "certificate_expired",
  "role_changed",
  "member_added",
  "member_removed",
  "membership_changed",
] as const;
export type CriterionCause = (typeof criterionCauses)[number];

export const criterionFilters = ["all", "met", "not_met", "expiring"] as const;
/** met: meets it (including those expiring soon); expiring: meets it, but not 60 days from now; not_met. */
export type CriterionFilter = (typeof criterionFilters)[number];
