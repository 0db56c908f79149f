// Mails about one certificate, queued in the transaction that changes it (ADR 014):
// - issued: the holder gets their certificate's number, validity, page and verification link;
// - revoked: the holder, and the company admins of every company the holder belongs to, hear
//   that it was revoked, why, and what to do.
// These are not reminders: they go out whatever the person's reminder setting.
import type { Prisma } from "~/generated/prisma/client";
import {
  certificateIssuedMail,
  certificateRevokedMail,
  companyLanguage,
  recipientLanguage,
  type RenderedMail,
} from "~/modules/mail/messages.server";
import { enqueueMails, type OutboxMailInput } from "~/modules/mail/outbox.server";
import { companyAdmins } from "~/modules/organizations/criterion-mail.server";
import { loadCertificateCourse } from "./course-meta.server";

const certificateSelect = {
  id: true,
  number: true,
  courseSlug: true,
  locale: true,
  issuedAt: true,
  expiresAt: true,
  holderName: true,
  revokedReason: true,
  user: { select: { id: true, email: true, name: true, locale: true, erasedAt: true } },
} as const;

async function courseTitle(slug: string, language: string) {
  return (await loadCertificateCourse(slug))?.title(language) ?? slug;
}

/** Queues the "your certificate" mail to the holder of a certificate just issued. */
export async function queueCertificateIssuedMail(tx: Prisma.TransactionClient, certificateId: string): Promise<void> {
  const certificate = await tx.certificate.findUniqueOrThrow({
    where: { id: certificateId },
    select: certificateSelect,
  });
  if (certificate.user.erasedAt) return;
  const language = recipientLanguage(certificate.user.locale, certificate.locale);
  const mail = await certificateIssuedMail({
    to: certificate.user.email,
    language,
    name: certificate.user.name ?? certificate.holderName,
    number: certificate.number,
    courseTitle: await courseTitle(certificate.courseSlug, language),
    issuedAt: certificate.issuedAt,
    expiresAt: certificate.expiresAt,
  });
  await enqueueMails(tx, [{ ...mail, kind: "certificate_issued", certificateId }]);
}

/**
 * Queues the revocation mails: one to the holder (unless erased) and one to each admin of each
 * company the holder belongs to (an admin who is the holder gets only the holder's mail).
 */
export async function queueCertificateRevokedMails(
  tx: Prisma.TransactionClient,
  certificateId: string,
): Promise<number> {
  const certificate = await tx.certificate.findUniqueOrThrow({
    where: { id: certificateId },
    select: certificateSelect,
  });
  const holder = certificate.user;
  const mails: Array<RenderedMail & Pick<OutboxMailInput, "kind" | "certificateId">> = [];
  const base = {
    number: certificate.number,
    courseSlug: certificate.courseSlug,
    reason: certificate.revokedReason ?? "",
  };
  if (!holder.erasedAt) {
    const language = recipientLanguage(holder.locale, certificate.locale);
    const mail = await certificateRevokedMail({
      ...base,
      audience: "holder",
      to: holder.email,
      language,
      name: holder.name ?? certificate.holderName,
      courseTitle: await courseTitle(certificate.courseSlug, language),
    });
    mails.push({ ...mail, kind: "certificate_revoked", certificateId });
  }
  const memberships = await tx.membership.findMany({
    where: { userId: holder.id },
    select: { organization: { select: { id: true, name: true, country: true } } },
    orderBy: { organizationId: "asc" },
  });
  for (const { organization } of memberships) {
    for (const admin of await companyAdmins(tx, organization.id)) {
      if (admin.id === holder.id) continue;
      const language = recipientLanguage(admin.locale, companyLanguage(organization.country));
      const mail = await certificateRevokedMail({
        ...base,
        audience: "admin",
        to: admin.email,
        language,
        name: admin.name,
        courseTitle: await courseTitle(certificate.courseSlug, language),
        holderName: certificate.holderName,
        organizationId: organization.id,
        organizationName: organization.name,
      });
      mails.push({ ...mail, kind: "certificate_revoked", certificateId });
    }
  }
  await enqueueMails(tx, mails);
  return mails.length;
}
