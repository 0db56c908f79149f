// The mail to a company's admins when its trained-manager criterion flips to not met or to
// expiring, saying what happened and what to do. Queued by reevaluateCriterion (criterion.server.ts),
// the one function that records a criterion flip, in the same transaction as the flip, its
// CriterionEvent and its `criterion.changed` webhook event: the mail exists exactly when the flip
// does. The outbox job sends it (within its 10 s tick; callers that own the transaction nudge it).
import type { Prisma } from "~/generated/prisma/client";
import { loadCriterionCourse } from "~/modules/certificates/course-meta.server";
import {
  companyLanguage,
  criterionChangedMail,
  criterionMailCause,
  recipientLanguage,
} from "~/modules/mail/messages.server";
import { enqueueMails } from "~/modules/mail/outbox.server";
import type { CriterionStatusValue } from "./criterion.server";

/** The company's admins who can receive mail (not erased), each with their language. */
export async function companyAdmins(tx: Prisma.TransactionClient, organizationId: string) {
  const rows = await tx.membership.findMany({
    where: { organizationId, roles: { has: "org_admin" }, user: { erasedAt: null } },
    select: { user: { select: { id: true, email: true, name: true, locale: true } } },
    orderBy: { userId: "asc" },
  });
  return rows.map((r) => r.user);
}

/**
 * Queues one mail per company admin when `status` is not_met or expiring (nothing for met).
 * Call inside the transaction that recorded the flip.
 */
export async function queueCriterionMail(
  tx: Prisma.TransactionClient,
  input: { organizationId: string; status: CriterionStatusValue; cause: string; validUntil: Date | null },
): Promise<number> {
  if (input.status === "met") return 0;
  const organization = await tx.organization.findUniqueOrThrow({
    where: { id: input.organizationId },
    select: { name: true, country: true },
  });
  const admins = await companyAdmins(tx, input.organizationId);
  if (admins.length === 0) return 0;
  const course = await loadCriterionCourse();
  const mails = [];
  for (const admin of admins) {
    const language = recipientLanguage(admin.locale, companyLanguage(organization.country));
    const mail = await criterionChangedMail({
      to: admin.email,
      language,
      name: admin.name,
      organizationId: input.organizationId,
      organizationName: organization.name,
      status: input.status,
      cause: criterionMailCause(input.cause),
      validUntil: input.validUntil,
      criterionCourseTitle: course?.title(language) ?? "",
    });
    mails.push({ ...mail, kind: "criterion_changed" as const });
  }
  await enqueueMails(tx, mails);
  return mails.length;
}
