// Reminder mails for course assignments, run as a background job (app/jobs.server.ts, under the
// job lease), the same way as the certificate expiry reminders: each person's share of an
// assignment gets at most one reminder REMINDER_DAYS_BEFORE days before its due day ends
// (reminderSentAt) and one mail once it is overdue (overdueSentAt). The mark is claimed with a
// conditional update and the mail queued in the mail outbox in the same transaction, so
// overlapping runs cannot send twice and a crash cannot lose a mail. People who are done (a valid
// certificate of the course) get nothing; people who opted out of reminders (User.remindersOptOut)
// are marked without a mail, so they are not asked again.
import { getFixedT } from "~/i18n/i18n.server";
import { companyLanguage, recipientLanguage } from "~/modules/mail/messages.server";
import { enqueueMail, nudgeMailDelivery } from "~/modules/mail/outbox.server";
import { listCourseSummaries } from "~/modules/organizations/course-summaries.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { companyTimeZone, dayIn, formatDay, REMINDER_DAYS_BEFORE } from "./due-date";
import { textToHtml } from "./mail-html";

export const ASSIGNMENT_JOB_NAME = "assignments:reminders";
const DAY_MS = 86_400_000;

type Kind = "reminder" | "overdue";
export type AssignmentReminderResult = {
  remindersQueued: number;
  overdueQueued: number;
  optedOut: number;
  failures: number;
};

/** Shares due for a mail of this kind, not done; a batch, soonest due first. */
async function dueShares(kind: Kind, now: Date, batch: number) {
  const db = await getDb();
  const soon = new Date(now.getTime() + REMINDER_DAYS_BEFORE * DAY_MS);
  // Index CourseAssignee(reminderSentAt, dueAt) / (overdueSentAt, dueAt).
  return kind === "reminder"
    ? db.$queryRaw<Array<{ id: string }>>`
        SELECT a."id" FROM "CourseAssignee" a
        WHERE a."reminderSentAt" IS NULL AND a."dueAt" > ${now} AND a."dueAt" <= ${soon}
          AND NOT EXISTS (SELECT 1 FROM "Certificate" c WHERE c."userId" = a."userId" AND c."courseSlug" = a."courseSlug"
            AND c."revokedAt" IS NULL AND (c."expiresAt" IS NULL OR c."expiresAt" > ${now}))
        ORDER BY a."dueAt" ASC LIMIT ${batch}`
    : db.$queryRaw<Array<{ id: string }>>`
        SELECT a."id" FROM "CourseAssignee" a
        WHERE a."overdueSentAt" IS NULL AND a."dueAt" <= ${now}
          AND NOT EXISTS (SELECT 1 FROM "Certificate" c WHERE c."userId" = a."userId" AND c."courseSlug" = a."courseSlug"
            AND c."revokedAt" IS NULL AND (c."expiresAt" IS NULL OR c."expiresAt" > ${now}))
        ORDER BY a."dueAt" ASC LIMIT ${batch}`;
}

async function send(
  kind: Kind,
  id: string,
  now: Date,
  titles: Map<string, (language: string) => string>,
): Promise<"queued" | "opted_out" | "taken"> {
  const db = await getDb();
  const share = await db.courseAssignee.findUnique({
    where: { id },
    select: {
      id: true,
      courseSlug: true,
      dueAt: true,
      user: { select: { email: true, name: true, locale: true, erasedAt: true, remindersOptOut: true } },
      assignment: {
        select: {
          assignedBy: { select: { name: true, email: true } },
          organization: { select: { name: true, country: true } },
        },
      },
    },
  });
  if (!share) return "taken";
  const org = share.assignment.organization;
  const language = recipientLanguage(share.user.locale, companyLanguage(org.country));
  const t = await getFixedT(language);
  const appUrl = getEnv().APP_URL;
  const values = {
    name: share.user.name ?? share.user.email,
    course: titles.get(share.courseSlug)?.(language) ?? share.courseSlug,
    company: org.name,
    assigner: share.assignment.assignedBy?.name ?? share.assignment.assignedBy?.email ?? org.name,
    date: formatDay(dayIn(share.dueAt, companyTimeZone(org.country)), language),
    courseUrl: `${appUrl}/courses/${share.courseSlug}`,
    learningUrl: `${appUrl}/learning`,
    profileUrl: `${appUrl}/profile`,
  };
  const mark = kind === "reminder" ? "reminderSentAt" : "overdueSentAt";
  return db.$transaction(async (tx) => {
    // Claim first: only one run ever mails this share about this.
    const claimed = await tx.courseAssignee.updateMany({ where: { id, [mark]: null }, data: { [mark]: now } });
    if (claimed.count !== 1) return "taken" as const;
    if (share.user.remindersOptOut || share.user.erasedAt) return "opted_out" as const;
    const text = t(`assignments:mail.${kind}Text`, values);
    await enqueueMail(tx, {
      kind: kind === "reminder" ? "assignment_reminder" : "assignment_overdue",
      to: share.user.email,
      subject: t(`assignments:mail.${kind}Subject`, values),
      text,
      html: textToHtml(text, language),
    });
    return "queued" as const;
  });
}

export async function runAssignmentReminders(
  now = new Date(),
  { batch = 200 } = {},
): Promise<AssignmentReminderResult> {
  const result: AssignmentReminderResult = { remindersQueued: 0, overdueQueued: 0, optedOut: 0, failures: 0 };
  const titles = new Map((await listCourseSummaries()).map((c) => [c.slug, c.title]));
  // Overdue first: a share that is already overdue gets the overdue mail, not a late reminder.
  for (const kind of ["overdue", "reminder"] as const) {
    for (const { id } of await dueShares(kind, now, batch)) {
      try {
        const outcome = await send(kind, id, now, titles);
        if (outcome === "queued") result[kind === "reminder" ? "remindersQueued" : "overdueQueued"]++;
        if (outcome === "opted_out") result.optedOut++;
      } catch (error) {
        // Nothing committed (the claim rolled back with the mail): a later run tries again.
        result.failures++;
        logger.warn("assignment mail not queued", { kind, share: id, err: error });
      }
    }
  }
  if (result.remindersQueued || result.overdueQueued) nudgeMailDelivery();
  if (result.remindersQueued || result.overdueQueued || result.failures)
    logger.info("assignment reminders run", result);
  return result;
}
