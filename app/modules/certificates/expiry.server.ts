// Certificate expiry, run as a background job (app/jobs.server.ts; the job lease keeps it to one
// instance at a time, and every step below also claims its row atomically, so overlapping runs
// cannot double-send or double-record):
// 1. 30 days before a certificate expires, its holder gets one reminder e-mail
//    (expiryReminderSentAt), unless they already hold a newer certificate of the course or have
//    switched reminders off (User.remindersOptOut; app/modules/mail/reminders.server.ts). The mark
//    and the mail (queued in the mail outbox, app/modules/mail/outbox.server.ts) commit in one
//    transaction, so a crash can no longer leave a reminder marked but never sent.
// 2. When a certificate passes its expiry, that is recorded once (expiredEventAt) and the
//    organisations module re-evaluates the criterion (onCertificateChanged "expired").
// 3. A company whose qualifying certificates now all expire within EXPIRY_WARNING_DAYS moves from
//    met to expiring: the organisations module records that once (recordExpiringCriteria).
// Renewal is passing the current course version again: that issues a new certificate.
import { isLanguage } from "~/i18n/config";
import { expiryReminderMail } from "~/modules/mail/messages.server";
import { unsubscribeUrl, wantsReminders } from "~/modules/mail/reminders.server";
import { onCertificateChanged, recordExpiringCriteria } from "~/modules/organizations/criterion-events.server";
import { getDb } from "~/utils/db.server";
import { enqueueMail, nudgeMailDelivery } from "~/modules/mail/outbox.server";
import { logger } from "~/utils/logger.server";
import { loadCertificateCourse } from "./course-meta.server";
import { lapsedCertificateWhere, validCertificateWhere } from "./validity.server";

export const REMINDER_DAYS = 30;
const DAY = 86_400_000;

/** remindersQueued: reminder mails committed to the mail outbox (its job sends them). */
/** criterionExpiringRecorded: companies recorded as moving from met to expiring. */
export type ExpiryRunResult = {
  remindersQueued: number;
  remindersSkipped: number;
  reminderFailures: number;
  expiredRecorded: number;
  criterionExpiringRecorded: number;
};

/** Queues due reminders (a batch). */
async function sendReminders(now: Date, batch: number) {
  const db = await getDb();
  const due = await db.certificate.findMany({
    where: {
      ...validCertificateWhere(now),
      expiryReminderSentAt: null,
      expiresAt: { lte: new Date(now.getTime() + REMINDER_DAYS * DAY) },
    },
    orderBy: { expiresAt: "asc" },
    take: batch,
    select: {
      id: true,
      number: true,
      userId: true,
      courseSlug: true,
      expiresAt: true,
      locale: true,
      holderName: true,
      user: { select: { email: true, name: true, locale: true } },
    },
  });
  let queued = 0;
  let skipped = 0;
  let failures = 0;
  for (const certificate of due) {
    const language = isLanguage(certificate.user.locale)
      ? certificate.user.locale
      : isLanguage(certificate.locale)
        ? certificate.locale
        : "sv";
    try {
      // Rendered before the transaction, which then stays short.
      const course = await loadCertificateCourse(certificate.courseSlug);
      const mail = await expiryReminderMail({
        to: certificate.user.email,
        language,
        name: certificate.user.name ?? certificate.holderName,
        number: certificate.number,
        courseSlug: certificate.courseSlug,
        courseTitle: course?.title(language) ?? certificate.courseSlug,
        expiresAt: certificate.expiresAt!,
        unsubscribeUrl: unsubscribeUrl(certificate.userId),
      });
      const outcome = await db.$transaction(async (tx) => {
        // Claim first: only one run ever reminds about this certificate.
        const claimed = await tx.certificate.updateMany({
          where: { id: certificate.id, expiryReminderSentAt: null },
          data: { expiryReminderSentAt: now },
        });
        if (claimed.count !== 1) return "taken" as const;
        const renewed = await tx.certificate.findFirst({
          where: {
            userId: certificate.userId,
            courseSlug: certificate.courseSlug,
            id: { not: certificate.id },
            // Renewed: another certificate of the course still valid when this one expires.
            ...validCertificateWhere(certificate.expiresAt!),
          },
          select: { id: true },
        });
        if (renewed) return "skipped" as const;
        // A reminder: the person may have switched reminders off (read under the claim, so a
        // change committed before it is honoured).
        if (!(await wantsReminders(tx, certificate.userId))) return "skipped" as const;
        await enqueueMail(tx, { ...mail, kind: "expiry_reminder", certificateId: certificate.id });
        return "queued" as const;
      });
      if (outcome === "queued") queued++;
      if (outcome === "skipped") skipped++;
    } catch (error) {
      // Nothing committed (the claim rolled back with the mail): a later run tries again.
      failures++;
      logger.warn("certificate expiry reminder not queued", { certificate: certificate.number, err: error });
    }
  }
  if (queued) nudgeMailDelivery();
  return { queued, skipped, failures };
}

/** Records expiries that happened (a batch), each once, with its criterion re-evaluation. */
async function recordExpiries(now: Date, batch: number) {
  const db = await getDb();
  const expired = await db.certificate.findMany({
    where: { ...lapsedCertificateWhere(now), expiredEventAt: null },
    orderBy: { expiresAt: "asc" },
    take: batch,
    select: { id: true },
  });
  let recorded = 0;
  for (const { id } of expired) {
    const done = await db.$transaction(async (tx) => {
      const claimed = await tx.certificate.updateMany({
        where: { id, expiredEventAt: null, revokedAt: null },
        data: { expiredEventAt: now },
      });
      if (claimed.count !== 1) return false;
      await onCertificateChanged(tx, { certificateId: id, type: "expired" }, { now });
      return true;
    });
    if (done) recorded++;
  }
  return recorded;
}

export async function runCertificateExpiry(now = new Date(), { batch = 200 } = {}): Promise<ExpiryRunResult> {
  const expiredRecorded = await recordExpiries(now, batch);
  // After the expiries: a company whose last certificate lapsed is not_met, not expiring.
  const criterionExpiringRecorded = await recordExpiringCriteria(now, { batch });
  const reminders = await sendReminders(now, batch);
  const result = {
    remindersQueued: reminders.queued,
    remindersSkipped: reminders.skipped,
    reminderFailures: reminders.failures,
    expiredRecorded,
    criterionExpiringRecorded,
  };
  if (expiredRecorded || criterionExpiringRecorded || reminders.queued || reminders.failures)
    logger.info("certificate expiry run", result);
  return result;
}
