// The trained-manager criterion: a company meets it when at least one person holding the
// `manager` role in it has a certificate of the criterion course that is neither expired nor
// revoked. The truth is always computed from memberships and certificates; Organization.criterionMet
// is a cache kept in step by reevaluateCriterion, which also records every flip (CriterionEvent)
// with time and cause and hands it to the audit chain and the webhook outbox in the same transaction.
import { appendAuditEntry } from "~/modules/api/audit.server";
import { enqueueWebhookEvent } from "~/modules/api/webhooks.server";
import { Prisma, type Country, type MembershipStatus } from "~/generated/prisma/client";
import { getDb } from "~/utils/db.server";
import { EXPIRY_WARNING_DAYS, type CriterionCause, type CriterionFilter } from "./criterion";
import { formatOrgNumber, parseOrgNumber, type OrgNumberError } from "./org-number";

export { EXPIRY_WARNING_DAYS, criterionCauses, criterionFilters, type CriterionCause, type CriterionFilter } from "./criterion";

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
  expiringWithin60Days: boolean;
};

export type CriterionStatus = {
  organizationId: string;
  met: boolean;
  /** The qualifying certificates: managers' criterion-course certificates, not expired, not revoked. */
  evidence: CriterionEvidence[];
  /** Met, but every qualifying certificate expires within EXPIRY_WARNING_DAYS. */
  expiringWithin60Days: boolean;
  /** When met: the last day it stays met without renewal; null when not met or a certificate never expires. */
  validUntil: Date | null;
  /** Since when the current status holds (null: never met and never recorded). */
  since: Date | null;
  checkedAt: Date;
};

function expiringSoon(expiresAt: Date | null, now: Date) {
  return expiresAt !== null && expiresAt.getTime() <= now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS;
}

/** The qualifying certificates of a company's managers at `now`, the longest-lasting first. */
async function findEvidence(db: Client, organizationId: string, now: Date): Promise<CriterionEvidence[]> {
  const rows = await db.certificate.findMany({
    where: {
      criterionCourse: true,
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      user: { memberships: { some: { organizationId, roles: { has: "manager" } } } },
    },
    orderBy: [{ expiresAt: { sort: "desc", nulls: "first" } }, { issuedAt: "desc" }, { id: "asc" }],
    select: { id: true, number: true, userId: true, holderName: true, courseSlug: true, contentVersion: true, issuedAt: true, expiresAt: true },
  });
  return rows.map((c) => ({
    certificateId: c.id,
    number: c.number,
    userId: c.userId,
    holderName: c.holderName,
    courseSlug: c.courseSlug,
    contentVersion: c.contentVersion,
    issuedAt: c.issuedAt,
    expiresAt: c.expiresAt,
    expiringWithin60Days: expiringSoon(c.expiresAt, now),
  }));
}

/** Whether a company meets the criterion at `now` (one indexed query, no evidence loaded). */
export async function isCriterionMet(db: Client, organizationId: string, now = new Date()): Promise<boolean> {
  const found = await db.certificate.findFirst({
    where: {
      criterionCourse: true,
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      user: { memberships: { some: { organizationId, roles: { has: "manager" } } } },
    },
    select: { id: true },
  });
  return found !== null;
}

/**
 * The company's criterion status with its evidence, computed now from memberships and
 * certificates. null when the organisation does not exist.
 */
export async function getCriterionStatus(organizationId: string, options: { db?: Client; now?: Date } = {}): Promise<CriterionStatus | null> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { id: true, criterionMet: true, criterionChangedAt: true } });
  if (!org) return null;
  const evidence = await findEvidence(db, organizationId, now);
  const met = evidence.length > 0;
  const neverExpires = evidence.some((e) => e.expiresAt === null);
  const validUntil = met && !neverExpires ? evidence[0]!.expiresAt : null;
  let since: Date | null = org.criterionChangedAt;
  if (met !== org.criterionMet) {
    // The cache has not caught up yet (a certificate lapsed and the expiry sweep has not run):
    // the status changed when the last qualifying certificate expired.
    since = met ? null : await lastLapse(db, organizationId, now);
  }
  return {
    organizationId,
    met,
    evidence,
    expiringWithin60Days: met && !neverExpires && expiringSoon(validUntil, now),
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
      revokedAt: null,
      expiresAt: { lte: now },
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
  | { ok: true; organization: { id: string; name: string; orgNumber: string; country: Country } & MembershipFields; status: CriterionStatus }
  | { ok: false; error: OrgLookupError }
> {
  const parsed = parseOrgNumber(input);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const db = options.db ?? (await getDb());
  const organization = await db.organization.findUnique({
    where: { orgNumber: parsed.canonical },
    select: { id: true, name: true, orgNumber: true, country: true, ...membershipSelect },
  });
  if (!organization) return { ok: false, error: "not_found" };
  const status = await getCriterionStatus(organization.id, { db, now: options.now });
  if (!status) return { ok: false, error: "not_found" };
  return { ok: true, organization, status };
}

// ---------- Re-evaluation: the only writer of criterionMet ----------
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

/** The criterion's three states, as the API and webhooks name them. */
export type CriterionStatusValue = "met" | "expiring" | "not_met";

export function criterionStatusValue(met: boolean, expiring: boolean): CriterionStatusValue {
  return met ? (expiring ? "expiring" : "met") : "not_met";
}

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

export const membershipSelect = { membershipStatus: true, memberSince: true, membershipEndedAt: true, exclusionDecidedAt: true, membershipChangedAt: true } as const;

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
  /** Which side changed: the training criterion (met flipped) or the membership standing. */
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
  const org = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { orgNumber: true, country: true, name: true, ...membershipSelect } });
  const status = (await getCriterionStatus(organizationId, { db: tx, now }))!;
  const certificate = certificateId ? await tx.certificate.findUnique({ where: { id: certificateId }, select: { number: true } }) : null;
  return {
    organization: { orgNumber: org.orgNumber, displayOrgNumber: formatOrgNumber(org.orgNumber, org.country), country: org.country, name: org.name },
    change,
    cause,
    criterion: {
      status: criterionStatusValue(status.met, status.expiringWithin60Days),
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
 * Recomputes the criterion for one company inside `tx`. When the status differs from the cached
 * one, records a CriterionEvent with the cause, updates the cache, appends an audit entry and
 * enqueues a `criterion.changed` webhook event, all in the caller's transaction.
 * The organisation row is locked for the rest of the transaction, so concurrent changes to the
 * same company are evaluated one after the other and never record the same flip twice.
 */
export async function reevaluateCriterion(
  tx: Client,
  organizationId: string,
  cause: CriterionCause,
  context: CriterionChangeContext = {},
): Promise<{ changed: boolean; met: boolean }> {
  const now = context.now ?? new Date();
  const locked = await tx.$queryRaw<Array<{ criterionMet: boolean }>>`
    SELECT "criterionMet" FROM "Organization" WHERE "id" = ${organizationId} FOR NO KEY UPDATE`;
  const current = locked[0];
  if (!current) return { changed: false, met: false };
  const met = await isCriterionMet(tx, organizationId, now);
  if (met === current.criterionMet) return { changed: false, met };

  await tx.organization.update({ where: { id: organizationId }, data: { criterionMet: met, criterionChangedAt: now } });
  await tx.criterionEvent.create({
    data: {
      organizationId,
      met,
      cause,
      certificateId: context.certificateId ?? null,
      userId: context.userId ?? null,
      actorId: context.actorId ?? null,
      occurredAt: now,
    },
  });
  const payload = await changedPayload(tx, organizationId, "criterion", cause, context.certificateId ?? null, now);
  await appendAuditEntry(tx, "criterion.changed", payload);
  await enqueueWebhookEvent(tx, "criterion.changed", payload);
  return { changed: true, met };
}

/**
 * Records a change of a company's membership standing (Kontakta changed its status) inside `tx`,
 * after the organisation row was written: the time of the change, a CriterionEvent of kind
 * "membership" (cause membership_changed, with the new and previous standing and who did it), an
 * audit entry and one `criterion.changed` webhook event with change "membership". The training
 * criterion itself does not depend on the standing; both are reported side by side.
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
    select: { membershipStatus: true, criterionMet: true },
  });
  if (org.membershipStatus === previous) return;
  await tx.criterionEvent.create({
    data: {
      organizationId,
      kind: "membership",
      met: org.criterionMet,
      membershipStatus: org.membershipStatus,
      previousMembershipStatus: previous,
      cause: "membership_changed",
      actorId: context.actorId ?? null,
      occurredAt: now,
    },
  });
  const payload = await changedPayload(tx, organizationId, "membership", "membership_changed", null, now);
  await appendAuditEntry(tx, "criterion.changed", payload);
  await enqueueWebhookEvent(tx, "criterion.changed", payload);
}

// ---------- Lists ----------


export type CompanyCriterionRow = {
  id: string;
  name: string;
  orgNumber: string;
  country: Country;
  membershipStatus: MembershipStatus;
  membership: MembershipFields;
  met: boolean;
  expiringWithin60Days: boolean;
  /** Number of qualifying certificates. */
  evidenceCount: number;
  /** When met: the last day it stays met without renewal; null when not met or a certificate never expires. */
  validUntil: Date | null;
  criterionChangedAt: Date | null;
};

export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
  constructor() {
    super("The cursor is not valid for this list.");
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
    if (value && typeof value === "object" && typeof (value as Cursor).n === "string" && typeof (value as Cursor).i === "string") {
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

function filterSql(options: ListCompaniesOptions, now: Date): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  const status = options.status ?? "all";
  if (status === "met") where.push(Prisma.sql`v.n > 0`);
  if (status === "not_met") where.push(Prisma.sql`v.n = 0`);
  if (status === "expiring") {
    where.push(Prisma.sql`v.n > 0 AND NOT v.forever AND v.until <= ${new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS)}`);
  }
  if (options.country) where.push(Prisma.sql`o."country"::text = ${options.country}`);
  if (options.membershipStatus) where.push(Prisma.sql`o."membershipStatus"::text = ${options.membershipStatus}`);
  const search = options.search?.trim().slice(0, 200);
  if (search) {
    const parsed = parseOrgNumber(search);
    const digits = search.replace(/[\s-]/g, "");
    const byName = Prisma.sql`o."name" ILIKE ${`%${escapeLike(search)}%`}`;
    if (parsed.ok) where.push(Prisma.sql`(${byName} OR o."orgNumber" = ${parsed.canonical})`);
    else if (/^\d{3,12}$/.test(digits)) where.push(Prisma.sql`(${byName} OR replace(o."orgNumber", '-', '') LIKE ${`${digits}%`})`);
    else where.push(byName);
  }
  return where;
}

/** Joins a company to its qualifying-certificate summary (count, never-expiring, latest expiry) at `now`. */
function evidenceLateral(now: Date) {
  return Prisma.sql`CROSS JOIN LATERAL (
      SELECT count(*)::int AS n, coalesce(bool_or(c."expiresAt" IS NULL), false) AS forever, max(c."expiresAt") AS until
      FROM "Membership" m JOIN "Certificate" c ON c."userId" = m."userId"
      WHERE m."organizationId" = o."id" AND m."roles" @> ARRAY['manager'] AND c."criterionCourse" = true
        AND c."revokedAt" IS NULL AND (c."expiresAt" IS NULL OR c."expiresAt" > ${now})
    ) v`;
}

type RawRow = {
  id: string;
  name: string;
  orgNumber: string;
  country: Country;
  membershipStatus: MembershipStatus;
  memberSince: Date | null;
  membershipEndedAt: Date | null;
  exclusionDecidedAt: Date | null;
  membershipChangedAt: Date | null;
  criterionChangedAt: Date | null;
  n: number;
  forever: boolean;
  until: Date | null;
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
  const where = filterSql(options, now);
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  if (cursor) where.push(backward ? Prisma.sql`(o."name", o."id") < (${cursor.n}, ${cursor.i})` : Prisma.sql`(o."name", o."id") > (${cursor.n}, ${cursor.i})`);
  const whereSql = where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
  const order = backward ? Prisma.sql`ORDER BY o."name" DESC, o."id" DESC` : Prisma.sql`ORDER BY o."name" ASC, o."id" ASC`;
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT o."id", o."name", o."orgNumber", o."country"::text AS "country", o."membershipStatus"::text AS "membershipStatus",
           o."memberSince", o."membershipEndedAt", o."exclusionDecidedAt", o."membershipChangedAt",
           o."criterionChangedAt", v.n, v.forever, v.until
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
      met,
      expiringWithin60Days: met && !r.forever && expiringSoon(validUntil, now),
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
export async function countCompaniesByCriterion(options: Omit<ListCompaniesOptions, "status" | "cursor" | "direction" | "limit"> = {}) {
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  const where = filterSql(options, now);
  const whereSql = where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
  const soon = new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS);
  const [row] = await db.$queryRaw<Array<{ total: number; met: number; expiring: number; metNotMember: number; excluded: number; nonMember: number }>>`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE v.n > 0)::int AS met,
           count(*) FILTER (WHERE v.n > 0 AND NOT v.forever AND v.until <= ${soon})::int AS expiring,
           count(*) FILTER (WHERE v.n > 0 AND o."membershipStatus"::text <> 'member')::int AS "metNotMember",
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
  items: Array<{ id: string; kind: "criterion" | "membership"; met: boolean; membershipStatus: MembershipStatus | null; previousMembershipStatus: MembershipStatus | null; cause: string; occurredAt: Date; certificate: { id: string; number: string } | null; user: { id: string; name: string | null; email: string } | null; actor: { id: string; name: string | null; email: string } | null }>;
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
  const ids = (key: "certificateId" | "userId" | "actorId") => [...new Set(page.map((r) => r[key]).filter((v): v is string => Boolean(v)))];
  const [certificates, users] = await Promise.all([
    db.certificate.findMany({ where: { id: { in: ids("certificateId") } }, select: { id: true, number: true } }),
    db.user.findMany({ where: { id: { in: [...ids("userId"), ...ids("actorId")] } }, select: { id: true, name: true, email: true } }),
  ]);
  const certById = new Map(certificates.map((c) => [c.id, c]));
  const userById = new Map(users.map((u) => [u.id, u]));
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind === "membership" ? ("membership" as const) : ("criterion" as const),
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
