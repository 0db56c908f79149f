// What the certification API answers, in the shapes the OpenAPI document describes. The criterion
// itself (what "met" means, the evidence, the lists) is the organisations module's; this module
// only finds, validates and presents.
import { z } from "zod";
import { Prisma, type Country, type MembershipStatus, type OrgRole } from "~/generated/prisma/client";
import { parseNumber } from "~/modules/certificates/number";
import { certificateStatus } from "~/modules/certificates/validity";
import {
  getCriterionStatusByOrgNumber,
  InvalidCursorError,
  listCompaniesByCriterion,
  membershipView,
} from "~/modules/organizations/criterion.server";
import { formatOrgNumber, parseOrgNumber } from "~/modules/organizations/org-number";
import { completionStage, isCriterionEvidence, type CompletionStage } from "~/modules/organizations/completion";
import { normalizeRoles } from "~/modules/organizations/roles";
import { getDb } from "~/utils/db.server";
import { certificateFactsSelect, certificateView } from "./certificate-view";
import { decodeCursor, encodeCursor } from "./cursor";
import { ApiError } from "./errors";
import type { CriterionFilterParam } from "./schemas";

/** The company, in the one shape REST responses and webhook payloads share. */
type OrganizationView = { orgNumber: string; displayOrgNumber: string; country: Country; name: string };

function organizationView(org: { orgNumber: string; country: Country; name: string }): OrganizationView {
  return {
    orgNumber: org.orgNumber,
    displayOrgNumber: formatOrgNumber(org.orgNumber, org.country),
    country: org.country,
    name: org.name,
  };
}

export async function getCompanyCriterion(orgNumberInput: string) {
  const parsed = parseOrgNumber(orgNumberInput);
  if (!parsed.ok) throw new ApiError("invalid_org_number", { reason: parsed.error });
  const result = await getCriterionStatusByOrgNumber(parsed.canonical);
  if (!result.ok) {
    if (result.error === "not_found") throw new ApiError("company_not_found");
    throw new ApiError("invalid_org_number", { reason: result.error });
  }
  const { organization, status } = result;
  return {
    organization: organizationView(organization),
    // The training criterion and the membership standing side by side: a company can meet the
    // first while being excluded (then it is not certifiable on training alone).
    membership: membershipView(organization),
    criterion: {
      status: status.status,
      met: status.met,
      since: status.since,
      validUntil: status.validUntil,
      evidence: status.evidence.map((e) => ({
        certificateNumber: e.number,
        holderName: e.holderName,
        course: { slug: e.courseSlug, contentVersion: e.contentVersion },
        issuedAt: e.issuedAt,
        expiresAt: e.expiresAt,
      })),
    },
    checkedAt: status.checkedAt,
  };
}

/** PostgreSQL text cannot hold NUL: a cursor that would carry one into a query is not ours. */
function carriesNul(cursor: string): boolean {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  return text.includes("\0") || /\\u0000/i.test(text);
}

export async function listCompanies(query: {
  criterion?: CriterionFilterParam;
  membership?: MembershipStatus;
  cursor?: string;
  limit?: number;
}) {
  if (query.cursor && carriesNul(query.cursor)) throw new ApiError("invalid_cursor");
  let page: Awaited<ReturnType<typeof listCompaniesByCriterion>>;
  try {
    page = await listCompaniesByCriterion({
      status: query.criterion ?? "all",
      membershipStatus: query.membership ?? null,
      cursor: query.cursor ?? null,
      limit: query.limit ?? 50,
    });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new ApiError("invalid_cursor");
    throw error;
  }
  return {
    items: page.items.map((row) => ({
      organization: organizationView(row),
      membership: membershipView(row.membership),
      criterion: {
        status: row.status,
        met: row.met,
        since: row.criterionChangedAt,
        validUntil: row.validUntil,
        evidenceCount: row.evidenceCount,
      },
    })),
    nextCursor: page.nextCursor,
  };
}

export async function getCertificate(numberInput: string) {
  const parsed = numberInput.length <= 60 ? parseNumber(numberInput) : ({ ok: false } as const);
  if (!parsed.ok) throw new ApiError("invalid_certificate_number");
  const db = await getDb();
  const c = await db.certificate.findUnique({ where: { number: parsed.number }, select: certificateFactsSelect });
  if (!c) throw new ApiError("certificate_not_found");
  return certificateView(c, new Date());
}

// ---------------------------------------------------------------- completions (synchronisation)

/** Changes newer than this are not served yet, so a transaction that commits late is not skipped. */
export const SETTLE_MS = 2_000;
const KINDS = { certificate: "certificate", enrollment: "course_completion" } as const;

const completionCursor = z.object({
  u: z.string().datetime(),
  i: z
    .string()
    .max(100)
    .regex(/^(certificate|course_completion):[A-Za-z0-9_-]{1,64}$/),
});

type Kind = (typeof KINDS)[keyof typeof KINDS];
type Key = { updatedAt: Date; kind: number; id: string };

const ridOf = (k: Key) => `${k.kind === 0 ? KINDS.certificate : KINDS.enrollment}:${k.id}`;

function splitRecordId(rid: string): { kind: Kind; id: string } {
  const index = rid.indexOf(":");
  return { kind: rid.slice(0, index) as Kind, id: rid.slice(index + 1) };
}

type CompletionRecord = {
  id: string;
  kind: "certificate" | "course_completion";
  /** What the completion is: lessons only, a passed quiz (valid certificate), expired, revoked. */
  stage: CompletionStage;
  /** Only a valid certificate of the criterion course counts towards the criterion. */
  criterionEvidence: boolean;
  updatedAt: Date;
  person: { id: string; name: string | null };
  organizations: Array<{ orgNumber: string; country: Country; roles: OrgRole[] }>;
  course: { slug: string; contentVersion: string };
  completedAt: Date;
  certificate: {
    number: string;
    status: "valid" | "expired" | "revoked";
    criterionCourse: boolean;
    issuedAt: Date;
    expiresAt: Date | null;
    revokedAt: Date | null;
  } | null;
};

export async function listCompletions(query: { since?: Date; cursor?: string; limit?: number }, now = new Date()) {
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor, completionCursor) : null;
  if (query.cursor && !after) throw new ApiError("invalid_cursor");
  const settled = new Date(now.getTime() - SETTLE_MS);
  // Nothing changed before 1970; an earlier `since` (year 0 included, which PostgreSQL cannot store) means "from the start".
  const since = query.since && query.since.getTime() > 0 ? query.since : new Date(0);
  // The position: after (updatedAt, kind, id) of the cursor; kinds order certificate < course_completion.
  const position =
    after && new Date(after.u) >= since ? { updatedAt: new Date(after.u), ...splitRecordId(after.i) } : null;

  // Each branch walks its table's (updatedAt, id) index from the position and stops after limit+1
  // rows; the outer query merges the two. Row comparisons keep both walks on their indexes.
  const branch = (alias: "c" | "e", kind: Kind) => {
    const t = Prisma.raw(alias);
    if (!position) return Prisma.sql`${t}."updatedAt" >= ${since}`;
    if (position.kind === kind)
      return Prisma.sql`(${t}."updatedAt", ${t}."id") > (${position.updatedAt}, ${position.id})`;
    // The other kind at the same instant: certificates come before course completions.
    return kind === KINDS.certificate
      ? Prisma.sql`${t}."updatedAt" > ${position.updatedAt}`
      : Prisma.sql`${t}."updatedAt" >= ${position.updatedAt}`;
  };
  const keys = await (
    await getDb()
  ).$queryRaw<Key[]>`
    SELECT "updatedAt", kind, id FROM (
      (SELECT c."updatedAt", 0 AS kind, c."id" FROM "Certificate" c
        WHERE ${branch("c", KINDS.certificate)} AND c."updatedAt" < ${settled}
        ORDER BY c."updatedAt", c."id" LIMIT ${limit + 1})
      UNION ALL
      (SELECT e."updatedAt", 1 AS kind, e."id" FROM "Enrollment" e
        WHERE ${branch("e", KINDS.enrollment)} AND e."updatedAt" < ${settled} AND e."completedAt" IS NOT NULL
        ORDER BY e."updatedAt", e."id" LIMIT ${limit + 1})
    ) r
    ORDER BY "updatedAt", kind, id
    LIMIT ${limit + 1}`;

  const page = keys.slice(0, limit);
  const records = await loadRecords(page, now);
  const last = page.at(-1);
  const nextCursor = last
    ? encodeCursor({ u: last.updatedAt.toISOString(), i: ridOf(last) })
    : after
      ? encodeCursor({ u: after.u, i: after.i })
      : null;
  return { items: records, nextCursor, hasMore: keys.length > limit };
}

async function loadRecords(keys: Key[], now: Date): Promise<CompletionRecord[]> {
  const db = await getDb();
  const ids = (kind: Kind) => keys.filter((k) => ridOf(k).startsWith(`${kind}:`)).map((k) => k.id);
  const membershipSelect = {
    select: { roles: true, organization: { select: { orgNumber: true, country: true } } },
    orderBy: { organizationId: "asc" },
  } as const;
  const [certificates, enrollments] = await Promise.all([
    db.certificate.findMany({
      where: { id: { in: ids(KINDS.certificate) } },
      select: {
        ...certificateFactsSelect,
        id: true,
        updatedAt: true,
        user: { select: { id: true, name: true, memberships: membershipSelect } },
      },
    }),
    db.enrollment.findMany({
      where: { id: { in: ids(KINDS.enrollment) } },
      select: {
        id: true,
        courseSlug: true,
        contentVersion: true,
        completedAt: true,
        updatedAt: true,
        user: { select: { id: true, name: true, memberships: membershipSelect } },
      },
    }),
  ]);
  const orgs = (memberships: Array<{ roles: string[]; organization: { orgNumber: string; country: Country } }>) =>
    memberships.map((m) => ({
      orgNumber: m.organization.orgNumber,
      country: m.organization.country,
      roles: normalizeRoles(m.roles),
    }));
  const byRid = new Map<string, CompletionRecord>();
  for (const c of certificates) {
    byRid.set(`${KINDS.certificate}:${c.id}`, {
      id: `${KINDS.certificate}:${c.id}`,
      kind: "certificate",
      stage: completionStage(c, now),
      criterionEvidence: isCriterionEvidence(c, now),
      updatedAt: c.updatedAt,
      person: { id: c.user.id, name: c.user.name },
      organizations: orgs(c.user.memberships),
      course: { slug: c.courseSlug, contentVersion: c.contentVersion },
      completedAt: c.issuedAt,
      certificate: {
        number: c.number,
        status: certificateStatus(c, now),
        criterionCourse: c.criterionCourse,
        issuedAt: c.issuedAt,
        expiresAt: c.expiresAt,
        revokedAt: c.revokedAt,
      },
    });
  }
  for (const e of enrollments) {
    if (!e.completedAt) continue;
    byRid.set(`${KINDS.enrollment}:${e.id}`, {
      id: `${KINDS.enrollment}:${e.id}`,
      kind: "course_completion",
      // Lessons marked done, no certificate: never evidence, whatever the course.
      stage: "lessons_completed",
      criterionEvidence: false,
      updatedAt: e.updatedAt,
      person: { id: e.user.id, name: e.user.name },
      organizations: orgs(e.user.memberships),
      course: { slug: e.courseSlug, contentVersion: e.contentVersion },
      completedAt: e.completedAt,
      certificate: null,
    });
  }
  // Keep the page's order; a row changed between the two queries keeps its place in this page
  // (its newer updatedAt brings it back on a later page).
  return keys.map((k) => byRid.get(ridOf(k))).filter((r): r is CompletionRecord => r !== undefined);
}
