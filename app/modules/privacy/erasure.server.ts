// Erasure of a person (GDPR art. 17), in one transaction, following the criterion's lock order
// (person, companies, audit chain). What goes, what stays and why: README "Erasure" and
// docs/decisions/017. In short:
// - gone: sign-in accounts and sessions, sign-in links, rate-limit counters keyed by the address,
//   memberships (each manager's company re-evaluated: cause member_removed), enrolments, lesson
//   progress, quiz attempts, invitations to the address, the development outbox's mails to it;
// - certificates: kept as records, treated by erasure-rules.ts (evidence kept with the name until
//   validity ends; others withdrawn/pseudonymised at once; the stored credential goes with the name);
//   the one attempt behind each kept certificate stays as a bare score (questions and answers go);
// - the User row: deleted when no certificate remains; otherwise reduced to a tombstone with no
//   name or address (erasedAt set), the pseudonymous holder of those certificates;
// - audit chain: entries keep the pseudonymous id; the personal data kept beside them is dropped
//   (AuditEntry.personal = null), which `npm run audit:verify` accepts; a `person.erased` entry
//   records the erasure itself (ids only);
// - webhook events still held: the holder name in their payload is replaced.
import { Prisma } from "~/generated/prisma/client";
import { appendAuditEntry } from "~/modules/api/audit.server";
import { onCertificateChanged } from "~/modules/organizations/criterion-events.server";
import { lockCompanies, lockPerson, reevaluateCriterion } from "~/modules/organizations/criterion.server";
import { getDb } from "~/utils/db.server";
import { certificateTreatment, membershipRoles, WITHDRAWN_REASON, type CertificateTreatment } from "./erasure-rules";
import { redactAuditPersonalData, scrubWebhookHolderNames } from "./redaction.server";
import { nameRemovedText } from "./retention";
import { pruneDevOutbox } from "./retention.server";

type Client = Prisma.TransactionClient;

export type PlannedCertificate = {
  id: string;
  number: string;
  courseSlug: string;
  criterionCourse: boolean;
  expiresAt: Date | null;
  treatment: CertificateTreatment;
  removeNameAt: Date;
  /** Companies for which it is evidence (evidence only). */
  evidenceFor: Array<{ id: string; name: string }>;
};

export type ErasurePlan = {
  userId: string;
  certificates: PlannedCertificate[];
  memberships: Array<{ organizationId: string; organizationName: string; roles: string[] }>;
  /** Companies where the person is the last company admin (they will have none afterwards). */
  lastAdminOf: Array<{ id: string; name: string }>;
  counts: {
    enrollments: number;
    lessonCompletions: number;
    quizAttempts: number;
    sessions: number;
    invitations: number;
  };
};

/** What erasing this person would do at `now` (shown before they confirm; also used by the erasure itself). */
export async function planErasure(
  userId: string,
  options: { now?: Date; db?: Client } = {},
): Promise<ErasurePlan | null> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, erasedAt: true } });
  if (!user || user.erasedAt) return null;
  const memberships = await db.membership.findMany({
    where: { userId },
    include: { organization: { select: { id: true, name: true } } },
    orderBy: { organizationId: "asc" },
  });
  const managerOf = memberships.filter((m) => membershipRoles(m).includes("manager")).map((m) => m.organization);
  const certificates = await db.certificate.findMany({
    where: { userId },
    select: { id: true, number: true, courseSlug: true, criterionCourse: true, expiresAt: true, revokedAt: true },
    orderBy: { issuedAt: "asc" },
  });
  const lastAdminOf: Array<{ id: string; name: string }> = [];
  for (const m of memberships) {
    if (!membershipRoles(m).includes("org_admin")) continue;
    const others = await db.membership.count({
      where: { organizationId: m.organizationId, userId: { not: userId }, roles: { has: "org_admin" } },
    });
    if (others === 0) lastAdminOf.push(m.organization);
  }
  const [enrollments, lessonCompletions, quizAttempts, sessions, invitations] = await Promise.all([
    db.enrollment.count({ where: { userId } }),
    db.lessonCompletion.count({ where: { userId } }),
    db.quizAttempt.count({ where: { userId } }),
    db.session.count({ where: { userId } }),
    db.invitation.count({ where: { email: user.email } }),
  ]);
  return {
    userId,
    certificates: certificates.map((c) => {
      const { treatment, removeNameAt } = certificateTreatment(c, managerOf.length > 0, now);
      return {
        id: c.id,
        number: c.number,
        courseSlug: c.courseSlug,
        criterionCourse: c.criterionCourse,
        expiresAt: c.expiresAt,
        treatment,
        removeNameAt,
        evidenceFor: treatment === "evidence" ? managerOf : [],
      };
    }),
    memberships: memberships.map((m) => ({
      organizationId: m.organizationId,
      organizationName: m.organization.name,
      roles: membershipRoles(m),
    })),
    lastAdminOf,
    counts: { enrollments, lessonCompletions, quizAttempts, sessions, invitations },
  };
}

export type ErasureResult =
  | {
      status: "erased";
      userId: string;
      userRowKept: boolean;
      certificates: Record<CertificateTreatment, string[]>;
      criterionChanged: string[];
    }
  | { status: "not-found" };

/** Erases a person. `actorId`: who asked (the person themselves, or Kontakta staff acting on their request). */
export async function erasePerson(input: {
  userId: string;
  actorId: string | null;
  now?: Date;
}): Promise<ErasureResult> {
  const db = await getDb();
  const now = input.now ?? new Date();
  const { userId } = input;
  const result = await db.$transaction(
    async (tx) => {
      // Lock order (criterion.server.ts): the person, then companies, then the audit chain.
      await lockPerson(tx, userId);
      const user = await tx.user.findUnique({
        where: { id: userId },
        select: { id: true, email: true, erasedAt: true },
      });
      if (!user || user.erasedAt) return null;
      const plan = (await planErasure(userId, { now, db: tx }))!;
      await lockCompanies(
        tx,
        plan.memberships.map((m) => m.organizationId),
      );

      // 1. Memberships go; each company where they were a manager is re-evaluated by the rules.
      await tx.membership.deleteMany({ where: { userId } });
      const criterionChanged: string[] = [];
      for (const m of plan.memberships) {
        if (!m.roles.includes("manager")) continue;
        const r = await reevaluateCriterion(tx, m.organizationId, "member_removed", {
          userId,
          actorId: input.actorId,
          now,
        });
        if (r.changed) criterionChanged.push(m.organizationId);
      }

      // 2. Certificates: withdraw what must not stay current; keep evidence; pseudonymise the rest.
      const byTreatment: Record<CertificateTreatment, string[]> = { evidence: [], withdrawn: [], pseudonymised: [] };
      for (const c of plan.certificates) {
        byTreatment[c.treatment].push(c.id);
        if (c.treatment === "withdrawn") {
          const claimed = await tx.certificate.updateMany({
            where: { id: c.id, revokedAt: null },
            data: { revokedAt: now, revokedReason: WITHDRAWN_REASON, revokedById: input.actorId },
          });
          // Publishes the revocation (status list, audit entry, webhook) like any other.
          if (claimed.count === 1)
            await onCertificateChanged(tx, { certificateId: c.id, type: "revoked" }, { actorId: input.actorId, now });
        }
      }
      const kept = await tx.certificate.findMany({
        where: { userId },
        select: { id: true, locale: true, attemptId: true },
      });
      for (const c of kept) {
        const planned = plan.certificates.find((p) => p.id === c.id)!;
        const atOnce = planned.removeNameAt.getTime() <= now.getTime();
        await tx.certificate.update({
          where: { id: c.id },
          data: {
            holderErasedAt: now,
            holderNameRemoveAt: planned.removeNameAt,
            // No expiry reminder goes to an erased person.
            expiryReminderSentAt: now,
            ...(atOnce
              ? { holderName: nameRemovedText(c.locale), holderNameRemovedAt: now, credential: Prisma.DbNull }
              : {}),
          },
        });
      }

      // 3. Progress and attempts go; an attempt behind a kept certificate stays as a bare score.
      const keptAttemptIds = kept.map((c) => c.attemptId);
      await tx.quizAttempt.updateMany({
        where: { id: { in: keptAttemptIds } },
        data: { snapshot: {}, answers: {}, result: Prisma.DbNull },
      });
      await tx.quizAttempt.deleteMany({ where: { userId, id: { notIn: keptAttemptIds } } });
      await tx.lessonCompletion.deleteMany({ where: { userId } });
      await tx.enrollment.deleteMany({ where: { userId } });

      // 4. Sign-in and contact data.
      await tx.session.deleteMany({ where: { userId } });
      await tx.account.deleteMany({ where: { userId } });
      await tx.verificationToken.deleteMany({ where: { identifier: user.email } });
      await tx.rateLimiterFlexible.deleteMany({ where: { key: { endsWith: `:${user.email}` } } });
      await tx.invitation.deleteMany({ where: { email: user.email } });
      await tx.invitation.updateMany({ where: { invitedById: userId }, data: { invitedById: null } });
      // Mail to them, and mail to others about their certificates (it names them), queued or kept as sent.
      await tx.mailOutbox.deleteMany({
        where: {
          OR: [
            { to: { equals: user.email, mode: "insensitive" } },
            { certificateId: { in: plan.certificates.map((c) => c.id) } },
          ],
        },
      });

      // 5. The audit chain records the erasure (ids only), then drops the personal data kept
      //    beside the entries about this person. The hashed part is untouched: audit:verify passes.
      await appendAuditEntry(tx, "person.erased", {
        userId,
        actorId: input.actorId,
        occurredAt: now.toISOString(),
        certificates: byTreatment,
        criterionChanged,
      });
      await redactAuditPersonalData(tx, { userId, email: user.email });
      await scrubWebhookHolderNames(tx, userId);

      // 6. The person's row: gone, or a tombstone without name or address holding the certificates.
      const userRowKept = kept.length > 0;
      if (userRowKept) {
        await tx.user.update({
          where: { id: userId },
          data: {
            name: null,
            email: `erased-${userId}@erased.invalid`,
            emailVerified: null,
            image: null,
            locale: null,
            platformRole: "user",
            erasedAt: now,
          },
        });
      } else {
        await tx.user.delete({ where: { id: userId } });
      }
      return { userRowKept, certificates: byTreatment, criterionChanged, email: user.email };
    },
    { timeout: 60_000 },
  );
  if (!result) return { status: "not-found" };
  pruneDevOutbox({ to: result.email });
  return {
    status: "erased",
    userId,
    userRowKept: result.userRowKept,
    certificates: result.certificates,
    criterionChanged: result.criterionChanged,
  };
}
