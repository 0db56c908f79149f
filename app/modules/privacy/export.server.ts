// GDPR art. 15 (access) and 20 (portability): everything the platform holds about one person, as
// one JSON document. Whole rows are exported (not hand-picked fields), so a column added later is
// exported too; only secrets that would let someone act as the person (session tokens, OAuth
// tokens, invitation token hashes) are left out, and said so in `omitted`.
// EXPORT_COVERAGE lists every column that points at a person; tests/integration/privacy-export
// fails when a table gains such a column that is not listed here (and so not exported).
import { joinPersonal } from "~/modules/api/audit-personal";
import type { Prisma } from "~/generated/prisma/client";
import { getDb } from "~/utils/db.server";
import { KEPT_WHILE_NEEDED, RETENTION } from "./retention";

export const EXPORT_FORMAT = "kontaktakademin.personal-data-export/1";

/**
 * Every database column that identifies a person (a User id, or their e-mail address), with the
 * export section that carries the rows found through it. Keys are "Table.column".
 */
export const EXPORT_COVERAGE: Record<string, string> = {
  "User.id": "profile",
  "User.email": "profile",
  "Account.userId": "signInAccounts",
  "Session.userId": "sessions",
  "VerificationToken.identifier": "signInLinks",
  "Membership.userId": "memberships",
  "Invitation.email": "invitationsReceived",
  "Invitation.invitedById": "invitationsSent",
  "Enrollment.userId": "enrollments",
  "LessonCompletion.userId": "lessonCompletions",
  "QuizAttempt.userId": "quizAttempts",
  "Certificate.userId": "certificates",
  "Certificate.revokedById": "certificatesRevokedByThem",
  "CriterionEvent.userId": "criterionEvents",
  "CriterionEvent.actorId": "criterionEvents",
  "ApiClient.createdById": "apiClientsCreatedByThem",
  "AuditEntry.payload": "auditEntries",
  "WebhookEvent.payload": "webhookEvents",
  "RateLimiterFlexible.key": "rateLimitCounters",
  "Order.buyerId": "orders",
  "Order.buyerEmail": "orders",
  "Entitlement.userId": "entitlements",
  "SeatAssignment.userId": "seatAssignments",
  "SeatAssignment.assignedById": "seatAssignmentsMadeByThem",
  "CoursePrice.updatedById": "coursePricesSetByThem",
  "CourseAssignee.userId": "courseAssignments",
  "CourseAssignment.assignedById": "courseAssignmentsMadeByThem",
};

function iso<T>(value: T): T {
  // Dates to ISO strings, BigInt to strings: the document is plain JSON.
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as T;
}

/** Awaits every query of an object of queries at once, keeping the keys (and their order). */
async function allOf<T extends Record<string, Promise<unknown>>>(
  queries: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const values = await Promise.all(Object.values(queries));
  return Object.fromEntries(Object.keys(queries).map((key, i) => [key, values[i]])) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

/** Entries that carry this person's id anywhere in their top-level userId / actorId. */
function namesPerson(userId: string): Prisma.AuditEntryWhereInput[] {
  return [{ payload: { path: ["userId"], equals: userId } }, { payload: { path: ["actorId"], equals: userId } }];
}

export async function exportPersonalData(userId: string, options: { now?: Date; requestedBy?: "self" | "admin" } = {}) {
  const db = await getDb();
  const now = options.now ?? new Date();
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) return null;
  const email = user.email;
  // Certificate events name the holder by certificate number (the webhook payload carries no user id).
  const numbers = (await db.certificate.findMany({ where: { userId }, select: { number: true } })).map((c) => c.number);
  // One query per section, all at once; the keys are the document's section names, in its order.
  const sections = await allOf({
    signInAccounts: db.account.findMany({
      where: { userId },
      select: { id: true, type: true, provider: true, providerAccountId: true, scope: true, expires_at: true },
    }),
    sessions: db.session.findMany({
      where: { userId },
      select: { id: true, createdAt: true, expires: true },
      orderBy: { createdAt: "asc" },
    }),
    signInLinks: db.verificationToken.findMany({
      where: { identifier: email },
      select: { identifier: true, expires: true },
    }),
    memberships: db.membership.findMany({
      where: { userId },
      include: { organization: { select: { id: true, name: true, orgNumber: true, country: true } } },
      orderBy: { createdAt: "asc" },
    }),
    invitationsReceived: db.invitation.findMany({
      where: { email },
      omit: { tokenHash: true },
      include: { organization: { select: { id: true, name: true, orgNumber: true } } },
      orderBy: { createdAt: "asc" },
    }),
    invitationsSent: db.invitation.findMany({
      where: { invitedById: userId },
      omit: { tokenHash: true },
      orderBy: { createdAt: "asc" },
    }),
    enrollments: db.enrollment.findMany({ where: { userId }, orderBy: { enrolledAt: "asc" } }),
    lessonCompletions: db.lessonCompletion.findMany({ where: { userId }, orderBy: { completedAt: "asc" } }),
    quizAttempts: db.quizAttempt.findMany({ where: { userId }, orderBy: { startedAt: "asc" } }),
    certificates: db.certificate.findMany({ where: { userId }, orderBy: { issuedAt: "asc" } }),
    certificatesRevokedByThem: db.certificate.findMany({
      where: { revokedById: userId },
      select: { id: true, number: true, revokedAt: true, revokedReason: true },
    }),
    criterionEvents: db.criterionEvent.findMany({
      where: { OR: [{ userId }, { actorId: userId }] },
      include: { organization: { select: { id: true, name: true, orgNumber: true } } },
      orderBy: { occurredAt: "asc" },
    }),
    apiClientsCreatedByThem: db.apiClient.findMany({
      where: { createdById: userId },
      select: { id: true, name: true, keyPrefix: true, scopes: true, createdAt: true, revokedAt: true },
    }),
    auditEntries: db.auditEntry.findMany({ where: { OR: namesPerson(userId) }, orderBy: { seq: "asc" } }),
    webhookEvents: db.webhookEvent.findMany({
      where: {
        OR: [
          { payload: { path: ["userId"], equals: userId } },
          ...numbers.map((number) => ({ payload: { path: ["certificate", "number"], equals: number } })),
        ],
      },
      select: { id: true, type: true, payload: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    }),
    rateLimitCounters: db.rateLimiterFlexible.findMany({
      where: { key: { endsWith: `:${email}` } },
      select: { key: true, points: true, expire: true },
    }),
    orders: db.order.findMany({
      where: { OR: [{ buyerId: userId }, { buyerEmail: email }] },
      include: { lines: true },
      orderBy: { createdAt: "asc" },
    }),
    entitlements: db.entitlement.findMany({ where: { userId }, orderBy: { grantedAt: "asc" } }),
    seatAssignments: db.seatAssignment.findMany({ where: { userId }, orderBy: { assignedAt: "asc" } }),
    seatAssignmentsMadeByThem: db.seatAssignment.findMany({
      where: { assignedById: userId },
      select: { id: true, seatPackId: true, assignedAt: true, releasedAt: true },
      orderBy: { assignedAt: "asc" },
    }),
    coursePricesSetByThem: db.coursePrice.findMany({
      where: { updatedById: userId },
      select: { courseSlug: true, updatedAt: true },
    }),
    // The courses companies assigned them, with the due date and the reminder marks.
    courseAssignments: db.courseAssignee.findMany({
      where: { userId },
      include: {
        assignment: {
          select: { role: true, createdAt: true, organization: { select: { id: true, name: true, orgNumber: true } } },
        },
      },
      orderBy: { createdAt: "asc" },
    }),
    courseAssignmentsMadeByThem: db.courseAssignment.findMany({
      where: { assignedById: userId },
      select: {
        id: true,
        organizationId: true,
        courseSlug: true,
        role: true,
        membershipId: true,
        dueAt: true,
        createdAt: true,
        updatedAt: true,
      },
      orderBy: { createdAt: "asc" },
    }),
  });
  return iso({
    format: EXPORT_FORMAT,
    exportedAt: now,
    requestedBy: options.requestedBy ?? "self",
    controller: {
      name: "Kontakta (the association), for the platform, sign-in, certificates and their verification",
      memberCompanies:
        "Your employer, as a member company, for the courses it assigns you and its own use of the progress its admins follow (see /privacy)",
    },
    subject: { id: user.id, email: user.email },
    profile: user,
    ...sections,
    // The audit chain as stored (hashes included, so the entries can be checked against a later
    // audit:verify), with the personal data kept beside each entry put back in place.
    auditEntries: sections.auditEntries.map((e) => ({
      seq: e.seq,
      type: e.type,
      createdAt: e.createdAt,
      hash: e.hash,
      prevHash: e.prevHash,
      payload: joinPersonal(e.payload, e.personal),
    })),
    retention: { timed: RETENTION, keptWhileNeeded: KEPT_WHILE_NEEDED },
    omitted: [
      "sign-in session tokens, OAuth access/refresh/id tokens and sign-in link tokens: secrets that would let the holder of this file sign in as you",
      "invitation token hashes",
      "server logs: they are written to the servers' output, not to the database, and are not part of this file",
    ],
  });
}

export type PersonalDataExport = NonNullable<Awaited<ReturnType<typeof exportPersonalData>>>;

export function exportResponse(data: PersonalDataExport): Response {
  const date = data.exportedAt.toString().slice(0, 10);
  return new Response(`${JSON.stringify(data, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="kontaktakademin-${data.subject.id}-${date}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}

export async function findPersonByEmail(email: string) {
  const db = await getDb();
  return db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, email: true, name: true, erasedAt: true },
  });
}
