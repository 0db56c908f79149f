// THE RETENTION TABLE: how long each kind of row holding personal data is kept, and what starts
// the clock. One table, read by the retention job (retention.server.ts, which deletes or
// pseudonymises what is due), the privacy notice page (/privacy, sv/en/fi) and the README, so
// the three cannot drift apart. A test checks every `enforced` kind against the job.
// Shared by server and browser (no server imports).

export type RetentionKind =
  | "expiredSessions"
  | "expiredVerificationTokens"
  | "apiRequestLog"
  | "webhookEvents"
  | "rateLimitRows"
  | "failedQuizAttempts"
  | "unfinishedQuizAttempts"
  | "invitations"
  | "devOutbox"
  | "sentMail"
  | "erasedHolderNames";

export type RetentionRule = {
  kind: RetentionKind;
  /** What is kept (English; the notice page has its own sv/en/fi text under privacy:retention.<kind>). */
  what: string;
  /** The event that starts the clock. */
  from: "expiry" | "creation" | "grading" | "start" | "validity_end";
  /** Days after `from` the row goes (0: as soon as the job runs after `from`). */
  days: number;
  /** What happens: the row is deleted, or the personal data in it is replaced. */
  action: "delete" | "pseudonymise";
};

const MONTH = 30;

export const RETENTION: readonly RetentionRule[] = [
  { kind: "expiredSessions", what: "Sign-in sessions", from: "expiry", days: 0, action: "delete" },
  { kind: "expiredVerificationTokens", what: "Sign-in link tokens", from: "expiry", days: 0, action: "delete" },
  {
    kind: "rateLimitRows",
    what: "Rate-limit counters (keyed by IP address or e-mail address)",
    from: "expiry",
    days: 1,
    action: "delete",
  },
  { kind: "apiRequestLog", what: "Certification API request log", from: "creation", days: 180, action: "delete" },
  {
    kind: "webhookEvents",
    what: "Webhook events sent to certification systems (holder names in certificate events)",
    from: "creation",
    days: 180,
    action: "delete",
  },
  {
    kind: "failedQuizAttempts",
    what: "Failed quiz attempts with their answers",
    from: "grading",
    days: 12 * MONTH,
    action: "delete",
  },
  {
    kind: "unfinishedQuizAttempts",
    what: "Quiz attempts never finished",
    from: "start",
    days: 12 * MONTH,
    action: "delete",
  },
  { kind: "invitations", what: "Invitations (invited address and name)", from: "expiry", days: 30, action: "delete" },
  {
    kind: "devOutbox",
    what: "Development mail outbox (development machines only)",
    from: "creation",
    days: 7,
    action: "delete",
  },
  {
    kind: "sentMail",
    what: "Mail outbox rows once sent or given up (address and subject; the text is cleared at sending)",
    from: "creation",
    days: 30,
    action: "delete",
  },
  {
    kind: "erasedHolderNames",
    what: "Holder name on a certificate kept after its holder was erased",
    from: "validity_end",
    days: 0,
    action: "pseudonymise",
  },
] as const;

/**
 * Kept while they serve their purpose and not on a timer: listed on the privacy notice so a person
 * sees the whole picture (see docs/decisions/017 for the legal basis of each).
 */
export const KEPT_WHILE_NEEDED = [
  "account",
  "progress",
  "passedAttempts",
  "certificates",
  "memberships",
  "criterionHistory",
  "auditChain",
] as const;
export type KeptWhileNeeded = (typeof KEPT_WHILE_NEEDED)[number];

export const DAY_MS = 86_400_000;

export function retentionRule(kind: RetentionKind): RetentionRule {
  const rule = RETENTION.find((r) => r.kind === kind);
  if (!rule) throw new Error(`no retention rule for ${kind}`);
  return rule;
}

/** Rows whose clock started before this moment are due at `now`. */
export function cutoff(kind: RetentionKind, now: Date): Date {
  return new Date(now.getTime() - retentionRule(kind).days * DAY_MS);
}

/** The public holder name of a certificate whose holder was erased, in the certificate's language. */
export const NAME_REMOVED = {
  sv: "namnet borttaget på innehavarens begäran",
  en: "name removed at the holder's request",
  fi: "nimi poistettu haltijan pyynnöstä",
} as const;

export function nameRemovedText(language: string): string {
  return NAME_REMOVED[(language in NAME_REMOVED ? language : "sv") as keyof typeof NAME_REMOVED];
}

/** The notice's wording of a rule's period: a translation key under privacy:retention and its values. */
export function periodText(rule: RetentionRule): { key: string; count?: number; fromKey?: string } {
  if (rule.days === 0) return { key: rule.from === "validity_end" ? "atValidityEnd" : "immediately" };
  if (rule.days >= 60 && rule.days % MONTH === 0)
    return { key: "months", count: rule.days / MONTH, fromKey: `from.${rule.from}` };
  return { key: "days", count: rule.days, fromKey: `from.${rule.from}` };
}
