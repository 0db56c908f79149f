// The background jobs this app runs (each module adds its own here).
import { deliverDueWebhooks } from "~/modules/api/webhooks.server";
import { ASSIGNMENT_JOB_NAME, runAssignmentReminders } from "~/modules/assignments/reminders.server";
import { runCertificateExpiry } from "~/modules/certificates/expiry.server";
import { deliverDueMail, MAIL_JOB_NAME } from "~/modules/mail/outbox.server";
import { runRetention } from "~/modules/privacy/retention.server";
import { closeExpiredAttempts } from "~/modules/quiz/attempts.server";
import type { Job } from "~/utils/jobs.server";

export const jobs: Job[] = [
  // Quiz attempts whose time ran out are graded on the answers saved by then (and certified if passed).
  { name: "quiz:close-expired-attempts", intervalMs: 60_000, run: async () => void (await closeExpiredAttempts()) },
  // Webhook deliveries from the outbox. The lease keeps one instance at it at a time; the claims
  // (FOR UPDATE SKIP LOCKED) keep it correct even when runs overlap. Bounded below the lease.
  {
    name: "api:deliver-webhooks",
    intervalMs: 5_000,
    run: async () => void (await deliverDueWebhooks({ maxRunMs: 45_000 })),
  },
  // Mail from the outbox (invitations, expiry reminders), the same way: lease plus SKIP LOCKED
  // claims. Also run at once after a commit that queued mail (nudgeMailDelivery), and once more,
  // briefly, on graceful shutdown so queued mail does not wait for the next instance.
  {
    name: MAIL_JOB_NAME,
    intervalMs: 10_000,
    run: async () => void (await deliverDueMail({ maxRunMs: 45_000 })),
    drain: async () => void (await deliverDueMail({ maxRunMs: 3_000, batchSize: 10 })),
  },
  // The retention table (app/modules/privacy/retention.ts): expired sessions and tokens, old API
  // request logs and webhook events, rate-limit rows, failed attempts, old invitations, the dev
  // outbox, and the holder names of erased people's certificates once their validity ended.
  { name: "privacy:retention", intervalMs: 60 * 60_000, run: async () => void (await runRetention()) },
  // Certificate expiry: reminder mails 30 days ahead (once each), recording expiries (once each,
  // re-evaluating the companies' criterion), and companies moving from met to expiring as time
  // passes (once each, under the company's row lock).
  { name: "certificates:expiry", intervalMs: 15 * 60_000, run: async () => void (await runCertificateExpiry()) },
  // Course assignments: one reminder 3 days before the due day ends and one mail when overdue,
  // each once per person (claimed marks), skipping people who are done or opted out.
  { name: ASSIGNMENT_JOB_NAME, intervalMs: 15 * 60_000, run: async () => void (await runAssignmentReminders()) },
];
