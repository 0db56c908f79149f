// Entry point other modules call when something that can change a company's trained-manager
// criterion happens. Runs inside the caller's transaction, so the change, its criterion events,
// audit entries and webhook outbox rows commit (or roll back) together.
// OWNER: organizations module (re-evaluates the criterion for every affected company).
import type { OrgRole, Prisma } from "~/generated/prisma/client";
import { appendAuditEntry } from "~/modules/api/audit.server";
import { certificateFactsSelect, certificateView, type CertificateView } from "~/modules/api/certificate-view";
import { enqueueWebhookEvent } from "~/modules/api/webhooks.server";
import { getDb } from "~/utils/db.server";
import {
  evaluateCriterion,
  evidenceLateral,
  lockCompanies,
  lockPerson,
  reevaluateCriterion,
  type CriterionCause,
} from "./criterion.server";
import { normalizeRoles } from "./roles";

export type CertificateChange = {
  certificateId: string;
  type: "issued" | "revoked" | "expired";
};

/**
 * What `certificate.issued|revoked|expired` audit entries and webhook events carry: the
 * certificate in the same shape as GET /api/v1/certificates/{number}, and the holder's companies
 * in the same shape as a completion record's (no internal ids).
 */
export type CertificateEventPayload = {
  certificate: CertificateView;
  /** The holder's companies at the time of the event, with the holder's roles there. */
  organizations: Array<{ orgNumber: string; country: "SE" | "FI"; roles: OrgRole[] }>;
  occurredAt: string;
};

const causeByType: Record<CertificateChange["type"], CriterionCause> = {
  issued: "certificate_issued",
  revoked: "certificate_revoked",
  expired: "certificate_expired",
};

/**
 * Call after the certificate row has been written (issued, revoked, or marked expired), inside
 * the same transaction, and before anything else in that transaction appends to the audit chain
 * (lock order: person, companies, audit chain). Appends the `certificate.<type>` audit entry and webhook event, and for
 * a criterion-course certificate re-evaluates every company where the holder is a manager,
 * recording a CriterionEvent (and `criterion.changed`) for each company whose status flips.
 */
export async function onCertificateChanged(
  tx: Prisma.TransactionClient,
  change: CertificateChange,
  options: { actorId?: string | null; now?: Date } = {},
): Promise<{ criterionChanged: string[] }> {
  const now = options.now ?? new Date();
  const certificate = await tx.certificate.findUnique({
    where: { id: change.certificateId },
    select: { id: true, userId: true, ...certificateFactsSelect },
  });
  if (!certificate)
    throw new Error(`onCertificateChanged: certificate ${change.certificateId} does not exist in this transaction`);

  // Lock order (see criterion.server.ts): person, then companies, then the audit chain. Reading
  // the memberships after the person's lock sees any membership change that committed meanwhile.
  await lockPerson(tx, certificate.userId);
  const memberships = await tx.membership.findMany({
    where: { userId: certificate.userId },
    select: { roles: true, organization: { select: { id: true, orgNumber: true, country: true } } },
    orderBy: { organizationId: "asc" },
  });

  const payload: CertificateEventPayload = {
    certificate: certificateView(certificate, now),
    organizations: memberships.map((m) => ({
      orgNumber: m.organization.orgNumber,
      country: m.organization.country,
      roles: normalizeRoles(m.roles),
    })),
    occurredAt: now.toISOString(),
  };
  const managerOf = certificate.criterionCourse
    ? memberships.filter((m) => m.roles.includes("manager")).map((m) => m.organization.id)
    : [];
  await lockCompanies(tx, managerOf);
  // The certificate's own event first, then the criterion flips it caused.
  // The audit entry also names the holder by their pseudonymous id (not the webhook payload):
  // export and erasure find a person's entries by it (app/modules/privacy).
  await appendAuditEntry(tx, `certificate.${change.type}`, { ...payload, userId: certificate.userId });
  await enqueueWebhookEvent(tx, `certificate.${change.type}`, payload);

  const criterionChanged: string[] = [];
  for (const organizationId of managerOf) {
    const result = await reevaluateCriterion(tx, organizationId, causeByType[change.type], {
      certificateId: certificate.id,
      userId: certificate.userId,
      actorId: options.actorId ?? null,
      now,
    });
    if (result.changed) criterionChanged.push(organizationId);
  }
  return { criterionChanged };
}

/**
 * The change time alone makes: companies recorded as met whose qualifying certificates now all
 * expire within EXPIRY_WARNING_DAYS become "expiring". Run by the certificate-expiry job (after it
 * has recorded the expiries themselves). Each company is re-evaluated in its own transaction with
 * cause certificate_expiring, naming the certificate that decides it (the longest-lasting one), so
 * the change is recorded once with one `criterion.changed` event. Safe when runs overlap (two
 * instances, a run that outlived its lease): reevaluateCriterion compares with the cached state
 * under the company's row lock, so the second run finds nothing left to record.
 * Returns how many companies changed.
 */
export async function recordExpiringCriteria(now = new Date(), { batch = 200 } = {}): Promise<number> {
  const db = await getDb();
  const due = await db.$queryRaw<Array<{ id: string }>>`
    SELECT o."id" FROM "Organization" o
    ${evidenceLateral(now)}
    WHERE o."criterionStatus"::text = 'met' AND v.status = 'expiring'
    ORDER BY o."id"
    LIMIT ${Math.max(1, Math.trunc(batch))}`;
  let changed = 0;
  for (const { id } of due) {
    const result = await db.$transaction(async (tx) => {
      await lockCompanies(tx, [id]);
      const { lead } = await evaluateCriterion(tx, id, now);
      return reevaluateCriterion(tx, id, "certificate_expiring", {
        certificateId: lead?.id ?? null,
        userId: lead?.userId ?? null,
        now,
      });
    });
    if (result.changed) changed++;
  }
  return changed;
}
