// The trained-manager criterion: a company meets it when at least one person holding the
// `manager` role in it has a valid certificate of the criterion course (the rule:
// app/modules/certificates/validity.ts); it is "expiring" when every such certificate expires
// within EXPIRY_WARNING_DAYS. The truth is always computed from memberships and certificates;
// Organization.criterionStatus (and criterionMet) is a cache kept in step by reevaluateCriterion.
// Every change, of the criterion or of the membership standing, goes through recordCriterionChange:
// the CriterionEvent with time and cause, the audit entry and the `criterion.changed` webhook, in
// the caller's transaction.
import { appendAuditEntry } from "~/modules/api/audit.server";
import { enqueueWebhookEvent } from "~/modules/api/webhooks.server";
import { Prisma, type Country, type MembershipStatus } from "~/generated/prisma/client";
import { EXPIRY_WARNING_DAYS, expiryWarningHorizon, isExpiringSoon } from "~/modules/certificates/validity";
import { lapsedCertificateWhere, validCertificateSql } from "~/modules/certificates/validity.server";
import { getDb } from "~/utils/db.server";
import { criterionStatusOf, type CriterionCause, type CriterionFilter, type CriterionStatusValue } from "./criterion";
import { InvalidInputError } from "~/utils/domain-errors";
import { formatOrgNumber, parseOrgNumber, type OrgNumberError } from "./org-number";

export {
  EXPIRY_WARNING_DAYS,
  criterionCauses,
  criterionFilters,
  criterionStatusOf,
  type CriterionCause,
  type CriterionFilter,
  type CriterionStatusValue,
} from "./criterion";

const DAY_MS = 24 * 60 * 60 * 1000;

type Client = Prisma.TransactionClient;

export type CriterionEvidence = {
  certificateId: string;
  number: string;
  userId: string;
  holderName: string;
  courseSlug: string;
  contentVersion: string;
  issuedAt: Date;
  /** null: the certificate never expires. */
  expiresAt: Date | null;
  /** This certificate expires within EXPIRY_WARNING_DAYS. */
  expiringSoon: boolean;
};

export type CriterionStatus = {
  organizationId: string;
  /** met / expiring / not_met (expiring: met, but every qualifying certificate expires within EXPIRY_WARNING_DAYS). */
  status: CriterionStatusValue;
  /** status is met or expiring. */
  met: boolean;
  /** The qualifying certificates: managers' criterion-course certificates, not expired, not revoked. */
  evidence: CriterionEvidence[];
  /** When met: the last day it stays met without renewal; null when not met or a certificate never expires. */
  validUntil: Date | null;
  /** Since when the current status holds (null: never met and never recorded). */
  since: Date | null;
  checkedAt: Date;
};

/** A company's own columns as the raw criterion queries read them (from `o`). */
type CompanyColumns = { id: string; name: string; orgNumber: string; country: Country } & MembershipFields;

/** The SELECT list for CompanyColumns, enums as text. */
const companyColumnsSql = Prisma.sql`o."id", o."name", o."orgNumber", o."country"::text AS "country",
           o."membershipStatus"::text AS "membershipStatus", o."memberSince", o."membershipEndedAt",
           o."exclusionDecidedAt", o."membershipChangedAt"`;

/**
 * The qualifying certificates of company `o`'s managers at `now` (of the criterion course, valid),
 * as `FROM … WHERE` over the certificate `c`. The one statement of the rule in SQL: the evidence
 * query and the lists' summary (evidenceLateral) both use it.
 */
function qualifyingCertificatesSql(now: Date): Prisma.Sql {
  return Prisma.sql`"Membership" m JOIN "Certificate" c ON c."userId" = m."userId"
        WHERE m."organizationId" = o."id" AND m."roles" @> ARRAY['manager'] AND c."criterionCourse" = true
          AND ${validCertificateSql("c", now)}`;
}

type CompanyEvidenceRow = CompanyColumns & {
  criterionStatus: CriterionStatusValue;
  criterionChangedAt: Date | null;
  // The certificate's columns; all null on the one row of a company without evidence.
  certificateId: string | null;
  number: string | null;
  userId: string | null;
  holderName: string | null;
  courseSlug: string | null;
  contentVersion: string | null;
  issuedAt: Date | null;
  expiresAt: Date | null;
};

/**
 * The company that `where` selects (by a unique column of `o`) with its cached criterion and its
 * evidence at `now`, longest-lasting first (a never-expiring certificate, then the latest expiry),
 * in one round trip: the criterion API asks this on every call. null when there is no such company.
 */
async function companyWithEvidence(db: Client, where: Prisma.Sql, now: Date) {
  const rows = await db.$queryRaw<CompanyEvidenceRow[]>`
    SELECT ${companyColumnsSql},
           o."criterionStatus"::text AS "criterionStatus", o."criterionChangedAt",
           e."id" AS "certificateId", e."number", e."userId", e."holderName", e."courseSlug",
           e."contentVersion", e."issuedAt", e."expiresAt"
    FROM "Organization" o
    LEFT JOIN LATERAL (
      SELECT c."id", c."number", c."userId", c."holderName", c."courseSlug", c."contentVersion", c."issuedAt", c."expiresAt"
      FROM ${qualifyingCertificatesSql(now)}
    ) e ON true
    WHERE ${where}
    ORDER BY e."expiresAt" DESC NULLS FIRST, e."issuedAt" DESC, e."id" ASC`;
  const first = rows[0];
  if (!first) return null;
  const company: CompanyColumns = {
    id: first.id,
    name: first.name,
    orgNumber: first.orgNumber,
    country: first.country,
    membershipStatus: first.membershipStatus,
    memberSince: first.memberSince,
    membershipEndedAt: first.membershipEndedAt,
    exclusionDecidedAt: first.exclusionDecidedAt,
    membershipChangedAt: first.membershipChangedAt,
  };
  const cached = { id: first.id, criterionStatus: first.criterionStatus, criterionChangedAt: first.criterionChangedAt };
  const evidence: CriterionEvidence[] = [];
  for (const r of rows) {
    if (r.certificateId === null) continue;
    evidence.push({
      certificateId: r.certificateId,
      number: r.number!,
      userId: r.userId!,
      holderName: r.holderName!,
      courseSlug: r.courseSlug!,
      contentVersion: r.contentVersion!,
      issuedAt: r.issuedAt!,
      expiresAt: r.expiresAt,
      expiringSoon: isExpiringSoon({ revokedAt: null, expiresAt: r.expiresAt }, now),
    });
  }
  return { company, cached, evidence };
}

/**
 * The company's criterion state at `now` and the certificate that decides it (the longest-lasting
 * qualifying one; null when not met).
 */
export async function evaluateCriterion(
  db: Client,
  organizationId: string,
  now = new Date(),
): Promise<{ status: CriterionStatusValue; lead: { id: string; userId: string; expiresAt: Date | null } | null }> {
  const found = await companyWithEvidence(db, Prisma.sql`o."id" = ${organizationId}`, now);
  const first = found?.evidence[0];
  const lead = first ? { id: first.certificateId, userId: first.userId, expiresAt: first.expiresAt } : null;
  return { status: criterionStatusOf({ met: lead !== null, validUntil: lead?.expiresAt ?? null }, now), lead };
}

/** Whether a company meets the criterion at `now` (met or expiring). */
export async function isCriterionMet(db: Client, organizationId: string, now = new Date()): Promise<boolean> {
  return (await evaluateCriterion(db, organizationId, now)).status !== "not_met";
}

/**
 * The company's criterion status with its evidence, computed now from memberships and
 * certificates. null when the organisation does not exist.
 */
export async function getCriterionStatus(
  organizationId: string,
  options: { db?: Client; now?: Date } = {},
): Promise<CriterionStatus | null> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  const found = await companyWithEvidence(db, Prisma.sql`o."id" = ${organizationId}`, now);
  return found ? statusFromEvidence(db, found.cached, found.evidence, now) : null;
}

/** The status at `now` from a company's evidence and the criterion its row caches. */
async function statusFromEvidence(
  db: Client,
  org: { id: string; criterionStatus: CriterionStatusValue; criterionChangedAt: Date | null },
  evidence: CriterionEvidence[],
  now: Date,
): Promise<CriterionStatus> {
  const organizationId = org.id;
  const met = evidence.length > 0;
  // evidence[0] is the longest-lasting: its expiry is the company's, unless it never expires.
  const validUntil = met ? evidence[0]!.expiresAt : null;
  const status = criterionStatusOf({ met, validUntil }, now);
  let since: Date | null = org.criterionChangedAt;
  if (status !== org.criterionStatus) {
    // The cache has not caught up yet (time passed and the expiry job has not run): not met since
    // the last qualifying certificate expired; expiring since its expiry came within the window.
    if (status === "not_met") since = await lastLapse(db, organizationId, now);
    else if (status === "expiring" && org.criterionStatus === "met")
      since = new Date(validUntil!.getTime() - EXPIRY_WARNING_DAYS * DAY_MS);
    else since = null;
  }
  return {
    organizationId,
    status,
    met,
    evidence,
    validUntil,
    since,
    checkedAt: now,
  };
}

/** When the most recent of the managers' criterion certificates expired (before `now`). */
async function lastLapse(db: Client, organizationId: string, now: Date): Promise<Date | null> {
  const last = await db.certificate.findFirst({
    where: {
      criterionCourse: true,
      ...lapsedCertificateWhere(now),
      user: { memberships: { some: { organizationId, roles: { has: "manager" } } } },
    },
    orderBy: { expiresAt: "desc" },
    select: { expiresAt: true },
  });
  return last?.expiresAt ?? null;
}

export type OrgLookupError = OrgNumberError | "not_found";

/** The criterion status of the company with this organisation number (any common formatting). */
export async function getCriterionStatusByOrgNumber(
  input: string,
  options: { db?: Client; now?: Date } = {},
): Promise<
  | {
      ok: true;
      organization: CompanyColumns;
      status: CriterionStatus;
    }
  | { ok: false; error: OrgLookupError }
> {
  const parsed = parseOrgNumber(input);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  const found = await companyWithEvidence(db, Prisma.sql`o."orgNumber" = ${parsed.canonical}`, now);
  if (!found) return { ok: false, error: "not_found" };
  const status = await statusFromEvidence(db, found.cached, found.evidence, now);
  return { ok: true, organization: found.company, status };
}

// ---------- Re-evaluation: the only writer of criterionStatus and criterionMet ----------
//
// Lock order, the same in every writer so concurrent transactions never deadlock:
//   1. the person's User row (lockPerson) — serialises a certificate change against a membership
//      change of the same person, so neither evaluates without seeing the other;
//   2. the companies' Organization rows, by id (lockCompanies / reevaluateCriterion);
//   3. the audit chain's advisory lock (taken by appendAuditEntry).

/** Locks a person's row until the transaction ends (step 1 of the lock order). */
export async function lockPerson(tx: Client, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR NO KEY UPDATE`;
}

/** Locks companies' rows, in id order, until the transaction ends (step 2 of the lock order). */
export async function lockCompanies(tx: Client, organizationIds: string[]): Promise<void> {
  const ids = [...new Set(organizationIds)].sort();
  if (ids.length === 0) return;
  await tx.$queryRaw`SELECT "id" FROM "Organization" WHERE "id" IN (${Prisma.join(ids)}) ORDER BY "id" FOR NO KEY UPDATE`;
}

export type CriterionChangeContext = {
  certificateId?: string | null;
  /** The person whose certificate or membership changed. */
  userId?: string | null;
  /** Who made the change (company admin, Kontakta staff); null for system events. */
  actorId?: string | null;
  now?: Date;
};

/** A company's membership standing with its dates, as the API and webhooks show it. */
export type MembershipView = {
  status: MembershipStatus;
  memberSince: string | null;
  endedAt: string | null;
  /** Excluded companies: the date of the decision to exclude. */
  exclusionDecidedAt: string | null;
  /** When the standing last changed here (null: not since it was recorded). */
  changedAt: string | null;
};

export type MembershipFields = {
  membershipStatus: MembershipStatus;
  memberSince: Date | null;
  membershipEndedAt: Date | null;
  exclusionDecidedAt: Date | null;
  membershipChangedAt: Date | null;
};

export const membershipSelect = {
  membershipStatus: true,
  memberSince: true,
  membershipEndedAt: true,
  exclusionDecidedAt: true,
  membershipChangedAt: true,
} as const;

export function membershipView(org: MembershipFields): MembershipView {
  return {
    status: org.membershipStatus,
    memberSince: org.memberSince?.toISOString() ?? null,
    endedAt: org.membershipEndedAt?.toISOString() ?? null,
    exclusionDecidedAt: org.exclusionDecidedAt?.toISOString() ?? null,
    changedAt: org.membershipChangedAt?.toISOString() ?? null,
  };
}

/**
 * The `criterion.changed` webhook payload (and audit entry): the company, then the training
 * criterion and the membership standing side by side, what changed and why. The same
 * organisation shape as the REST API; the certificate by its number, never an internal id.
 */
export type CriterionChangedPayload = {
  organization: { orgNumber: string; displayOrgNumber: string; country: Country; name: string };
  /** Which side changed: the training criterion (its status changed) or the membership standing. */
  change: "criterion" | "membership";
  cause: CriterionCause;
  criterion: { status: CriterionStatusValue; met: boolean; since: string | null; validUntil: string | null };
  membership: MembershipView;
  /** The certificate whose change caused it (certificate_* causes), by number. */
  certificate: { number: string } | null;
  occurredAt: string;
};

async function changedPayload(
  tx: Client,
  organizationId: string,
  change: CriterionChangedPayload["change"],
  cause: CriterionCause,
  certificateId: string | null,
  now: Date,
): Promise<CriterionChangedPayload> {
  const org = await tx.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { orgNumber: true, country: true, name: true, ...membershipSelect },
  });
  const status = (await getCriterionStatus(organizationId, { db: tx, now }))!;
  const certificate = certificateId
    ? await tx.certificate.findUnique({ where: { id: certificateId }, select: { number: true } })
    : null;
  return {
    organization: {
      orgNumber: org.orgNumber,
      displayOrgNumber: formatOrgNumber(org.orgNumber, org.country),
      country: org.country,
      name: org.name,
    },
    change,
    cause,
    criterion: {
      status: status.status,
      met: status.met,
      since: status.since?.toISOString() ?? null,
      validUntil: status.validUntil?.toISOString() ?? null,
    },
    membership: membershipView(org),
    certificate: certificate ? { number: certificate.number } : null,
    occurredAt: now.toISOString(),
  };
}

/**
 * THE place a change of a company's criterion or membership standing is recorded: the
 * CriterionEvent (with its cause, the certificate, the person and who did it), the audit entry and
 * the one `criterion.changed` webhook event, in the caller's transaction. Called only by
 * reevaluateCriterion (the criterion's status changed, whatever the cause, time included) and by
 * recordMembershipChange (the standing changed), after the organisation row has been written.
 * Anything that must happen on every such change (a mail to the company admins…) goes here.
 */
async function recordCriterionChange(
  tx: Client,
  change: {
    organizationId: string;
    kind: CriterionChangedPayload["change"];
    cause: CriterionCause;
    /** The criterion after the change (for a membership change: as it stands, unchanged). */
    status: CriterionStatusValue;
    previousStatus: CriterionStatusValue;
    membership?: { status: MembershipStatus; previous: MembershipStatus };
    certificateId: string | null;
    userId: string | null;
    actorId: string | null;
    now: Date;
  },
): Promise<CriterionChangedPayload> {
  await tx.criterionEvent.create({
    data: {
      organizationId: change.organizationId,
      kind: change.kind,
      met: change.status !== "not_met",
      status: change.status,
      membershipStatus: change.membership?.status ?? null,
      previousMembershipStatus: change.membership?.previous ?? null,
      cause: change.cause,
      certificateId: change.certificateId,
      userId: change.userId,
      actorId: change.actorId,
      occurredAt: change.now,
    },
  });
  const payload = await changedPayload(
    tx,
    change.organizationId,
    change.kind,
    change.cause,
    change.certificateId,
    change.now,
  );
  await appendAuditEntry(tx, "criterion.changed", payload);
  await enqueueWebhookEvent(tx, "criterion.changed", payload);
  // The company's admins hear of a flip to not met or to expiring, with what to do.
  if (change.kind === "criterion" && change.status !== "met") {
    // Loaded on use: the mail module pulls in the course content and translations, which scripts
    // and specs that record criterion changes directly (tests/e2e/organizations.spec.ts) cannot load.
    const { queueCriterionMail } = await import("./criterion-mail.server");
    await queueCriterionMail(tx, {
      organizationId: change.organizationId,
      status: change.status,
      cause: change.cause,
      validUntil: payload.criterion.validUntil ? new Date(payload.criterion.validUntil) : null,
    });
  }
  return payload;
}

/**
 * Recomputes the criterion for one company inside `tx`. When its status (met / expiring /
 * not_met) differs from the cached one, updates the cache and records the change with its cause
 * (recordCriterionChange), all in the caller's transaction.
 * The organisation row is locked for the rest of the transaction, and the comparison is made under
 * that lock, so concurrent changes to the same company (or two job runs on two instances) are
 * evaluated one after the other and never record the same change twice.
 */
export async function reevaluateCriterion(
  tx: Client,
  organizationId: string,
  cause: CriterionCause,
  context: CriterionChangeContext = {},
): Promise<{
  changed: boolean;
  met: boolean;
  status: CriterionStatusValue;
  previousStatus: CriterionStatusValue | null;
}> {
  const now = context.now ?? new Date();
  const locked = await tx.$queryRaw<Array<{ criterionStatus: CriterionStatusValue }>>`
    SELECT "criterionStatus"::text AS "criterionStatus" FROM "Organization" WHERE "id" = ${organizationId} FOR NO KEY UPDATE`;
  const current = locked[0];
  if (!current) return { changed: false, met: false, status: "not_met", previousStatus: null };
  const { status } = await evaluateCriterion(tx, organizationId, now);
  const met = status !== "not_met";
  if (status === current.criterionStatus)
    return { changed: false, met, status, previousStatus: current.criterionStatus };

  await tx.organization.update({
    where: { id: organizationId },
    data: { criterionMet: met, criterionStatus: status, criterionChangedAt: now },
  });
  await recordCriterionChange(tx, {
    organizationId,
    kind: "criterion",
    cause,
    status,
    previousStatus: current.criterionStatus,
    certificateId: context.certificateId ?? null,
    userId: context.userId ?? null,
    actorId: context.actorId ?? null,
    now,
  });
  return { changed: true, met, status, previousStatus: current.criterionStatus };
}

/**
 * Records a change of a company's membership standing (Kontakta changed its status) inside `tx`,
 * after the organisation row was written: the time of the change and, through
 * recordCriterionChange, a CriterionEvent of kind "membership" (cause membership_changed, with the
 * new and previous standing and who did it), an audit entry and one `criterion.changed` webhook
 * event with change "membership". The training criterion itself does not depend on the standing;
 * both are reported side by side.
 */
export async function recordMembershipChange(
  tx: Client,
  organizationId: string,
  previous: MembershipStatus,
  context: { actorId?: string | null; now?: Date } = {},
): Promise<void> {
  const now = context.now ?? new Date();
  const org = await tx.organization.update({
    where: { id: organizationId },
    data: { membershipChangedAt: now },
    select: { membershipStatus: true, criterionStatus: true },
  });
  if (org.membershipStatus === previous) return;
  await recordCriterionChange(tx, {
    organizationId,
    kind: "membership",
    cause: "membership_changed",
    status: org.criterionStatus,
    previousStatus: org.criterionStatus,
    membership: { status: org.membershipStatus, previous },
    certificateId: null,
    userId: null,
    actorId: context.actorId ?? null,
    now,
  });
}

// ---------- Lists ----------

export type CompanyCriterionRow = {
  id: string;
  name: string;
  orgNumber: string;
  country: Country;
  membershipStatus: MembershipStatus;
  membership: MembershipFields;
  status: CriterionStatusValue;
  met: boolean;
  /** Number of qualifying certificates. */
  evidenceCount: number;
  /** When met: the last day it stays met without renewal; null when not met or a certificate never expires. */
  validUntil: Date | null;
  criterionChangedAt: Date | null;
};

export class InvalidCursorError extends InvalidInputError {
  override name = "InvalidCursorError";
  constructor() {
    super("The cursor is not valid for this list.", "badCursor");
  }
}

type Cursor = { n: string; i: string };

export function encodeCursor(row: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify({ n: row.name, i: row.id } satisfies Cursor)).toString("base64url");
}

export function decodeCursor(cursor: string): Cursor {
  if (cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (
      value &&
      typeof value === "object" &&
      typeof (value as Cursor).n === "string" &&
      typeof (value as Cursor).i === "string"
    ) {
      const { n, i } = value as Cursor;
      // PostgreSQL text cannot hold NUL: such a value would fail in the query (a 500), so it is
      // simply not a cursor we produced (names and ids never contain NUL).
      if (!n.includes("\u0000") && !i.includes("\u0000")) return { n, i };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

export type ListCompaniesOptions = {
  status?: CriterionFilter;
  /** From a previous page's nextCursor (or prevCursor with direction "backward"). */
  cursor?: string | null;
  direction?: "forward" | "backward";
  limit?: number;
  /** Part of the name, or an organisation number in any formatting. */
  search?: string | null;
  country?: Country | null;
  membershipStatus?: MembershipStatus | null;
  now?: Date;
  db?: Client;
};

export const MAX_PAGE_SIZE = 200;

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filterSql(options: ListCompaniesOptions): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  const status = options.status ?? "all";
  // "met" includes "expiring" (it is met, only not for long).
  if (status === "met") where.push(Prisma.sql`v.status <> 'not_met'`);
  if (status === "not_met") where.push(Prisma.sql`v.status = 'not_met'`);
  if (status === "expiring") where.push(Prisma.sql`v.status = 'expiring'`);
  if (options.country) where.push(Prisma.sql`o."country"::text = ${options.country}`);
  if (options.membershipStatus) where.push(Prisma.sql`o."membershipStatus"::text = ${options.membershipStatus}`);
  const search = options.search?.trim().slice(0, 200);
  if (search) {
    const parsed = parseOrgNumber(search);
    const digits = search.replace(/[\s-]/g, "");
    const byName = Prisma.sql`o."name" ILIKE ${`%${escapeLike(search)}%`}`;
    if (parsed.ok) where.push(Prisma.sql`(${byName} OR o."orgNumber" = ${parsed.canonical})`);
    else if (/^\d{3,12}$/.test(digits))
      where.push(Prisma.sql`(${byName} OR replace(o."orgNumber", '-', '') LIKE ${`${digits}%`})`);
    else where.push(byName);
  }
  return where;
}

/**
 * Joins a company `o` to its qualifying-certificate summary at `now` as `v`: n (count), forever
 * (one never expires), until (latest expiry) and status, criterionStatusOf's mapping in SQL (so
 * lists can filter and count by it; tests/integration/certificate-validity.test.ts checks that
 * the two agree).
 */
export function evidenceLateral(now: Date) {
  return Prisma.sql`CROSS JOIN LATERAL (
      SELECT e.n, e.forever, e.until,
             CASE WHEN e.n = 0 THEN 'not_met'
                  WHEN NOT e.forever AND e.until <= ${expiryWarningHorizon(now)} THEN 'expiring'
                  ELSE 'met' END AS status
      FROM (
        SELECT count(*)::int AS n, coalesce(bool_or(c."expiresAt" IS NULL), false) AS forever, max(c."expiresAt") AS until
        FROM ${qualifyingCertificatesSql(now)}
      ) e
    ) v`;
}

type RawRow = CompanyColumns & {
  criterionChangedAt: Date | null;
  n: number;
  forever: boolean;
  until: Date | null;
  status: CriterionStatusValue;
};

/**
 * Companies with their criterion status, ordered by name, keyset-paginated (stable under inserts).
 * Throws InvalidCursorError for a cursor this function did not produce.
 */
export async function listCompaniesByCriterion(options: ListCompaniesOptions = {}): Promise<{
  items: CompanyCriterionRow[];
  nextCursor: string | null;
  prevCursor: string | null;
}> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), MAX_PAGE_SIZE);
  const backward = options.direction === "backward";
  const where = filterSql(options);
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  if (cursor)
    where.push(
      backward
        ? Prisma.sql`(o."name", o."id") < (${cursor.n}, ${cursor.i})`
        : Prisma.sql`(o."name", o."id") > (${cursor.n}, ${cursor.i})`,
    );
  const whereSql = where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
  const order = backward
    ? Prisma.sql`ORDER BY o."name" DESC, o."id" DESC`
    : Prisma.sql`ORDER BY o."name" ASC, o."id" ASC`;
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT ${companyColumnsSql},
           o."criterionChangedAt", v.n, v.forever, v.until, v.status
    FROM "Organization" o
    ${evidenceLateral(now)}
    ${whereSql}
    ${order}
    LIMIT ${limit + 1}`;
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backward) page.reverse();
  const items = page.map((r): CompanyCriterionRow => {
    const met = Number(r.n) > 0;
    const validUntil = met && !r.forever ? r.until : null;
    return {
      id: r.id,
      name: r.name,
      orgNumber: r.orgNumber,
      country: r.country,
      membershipStatus: r.membershipStatus,
      membership: {
        membershipStatus: r.membershipStatus,
        memberSince: r.memberSince,
        membershipEndedAt: r.membershipEndedAt,
        exclusionDecidedAt: r.exclusionDecidedAt,
        membershipChangedAt: r.membershipChangedAt,
      },
      status: r.status,
      met,
      evidenceCount: Number(r.n),
      validUntil,
      criterionChangedAt: r.criterionChangedAt,
    };
  });
  const first = items[0];
  const last = items.at(-1);
  // Going forward there is a previous page whenever we started from a cursor; going backward
  // there is a next page (the one we came from).
  const nextCursor = last && (backward ? true : hasMore) ? encodeCursor(last) : null;
  const prevCursor = first && (backward ? hasMore : Boolean(cursor)) ? encodeCursor(first) : null;
  return { items, nextCursor, prevCursor };
}

/** How many companies are in each state (for Kontakta's overview). */
export async function countCompaniesByCriterion(
  options: Omit<ListCompaniesOptions, "status" | "cursor" | "direction" | "limit"> = {},
) {
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  const where = filterSql(options);
  const whereSql = where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
  const [row] = await db.$queryRaw<
    Array<{ total: number; met: number; expiring: number; metNotMember: number; excluded: number; nonMember: number }>
  >`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE v.status <> 'not_met')::int AS met,
           count(*) FILTER (WHERE v.status = 'expiring')::int AS expiring,
           count(*) FILTER (WHERE v.status <> 'not_met' AND o."membershipStatus"::text <> 'member')::int AS "metNotMember",
           count(*) FILTER (WHERE o."membershipStatus"::text = 'excluded')::int AS excluded,
           count(*) FILTER (WHERE o."membershipStatus"::text = 'non_member')::int AS "nonMember"
    FROM "Organization" o
    ${evidenceLateral(now)}
    ${whereSql}`;
  const total = Number(row?.total ?? 0);
  const met = Number(row?.met ?? 0);
  return {
    total,
    met,
    notMet: total - met,
    expiring: Number(row?.expiring ?? 0),
    /** Meet the training criterion but are not members (non-members and excluded): not certifiable on training alone. */
    metNotMember: Number(row?.metNotMember ?? 0),
    excluded: Number(row?.excluded ?? 0),
    nonMember: Number(row?.nonMember ?? 0),
  };
}

/** The criterion's history for one company, newest first, keyset-paginated. */
export async function listCriterionEvents(
  organizationId: string,
  options: { cursor?: string | null; limit?: number; db?: Client } = {},
): Promise<{
  items: Array<{
    id: string;
    kind: "criterion" | "membership";
    status: CriterionStatusValue;
    met: boolean;
    membershipStatus: MembershipStatus | null;
    previousMembershipStatus: MembershipStatus | null;
    cause: string;
    occurredAt: Date;
    certificate: { id: string; number: string } | null;
    user: { id: string; name: string | null; email: string } | null;
    actor: { id: string; name: string | null; email: string } | null;
  }>;
  nextCursor: string | null;
}> {
  const db = options.db ?? (await getDb());
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 25), 1), MAX_PAGE_SIZE);
  let cursorWhere: Prisma.CriterionEventWhereInput = {};
  if (options.cursor) {
    const c = decodeCursor(options.cursor);
    const at = new Date(c.n);
    if (Number.isNaN(at.getTime())) throw new InvalidCursorError();
    cursorWhere = { OR: [{ occurredAt: { lt: at } }, { occurredAt: at, id: { lt: c.i } }] };
  }
  const rows = await db.criterionEvent.findMany({
    where: { organizationId, ...cursorWhere },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const ids = (key: "certificateId" | "userId" | "actorId") => [
    ...new Set(page.map((r) => r[key]).filter((v): v is string => Boolean(v))),
  ];
  const [certificates, users] = await Promise.all([
    db.certificate.findMany({ where: { id: { in: ids("certificateId") } }, select: { id: true, number: true } }),
    db.user.findMany({
      where: { id: { in: [...ids("userId"), ...ids("actorId")] } },
      select: { id: true, name: true, email: true },
    }),
  ]);
  const certById = new Map(certificates.map((c) => [c.id, c]));
  const userById = new Map(users.map((u) => [u.id, u]));
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind === "membership" ? ("membership" as const) : ("criterion" as const),
      status: r.status,
      met: r.met,
      membershipStatus: r.membershipStatus,
      previousMembershipStatus: r.previousMembershipStatus,
      cause: r.cause,
      occurredAt: r.occurredAt,
      certificate: r.certificateId ? (certById.get(r.certificateId) ?? { id: r.certificateId, number: "" }) : null,
      user: r.userId ? (userById.get(r.userId) ?? null) : null,
      actor: r.actorId ? (userById.get(r.actorId) ?? null) : null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ name: last.occurredAt.toISOString(), id: last.id }) : null,
  };
}
