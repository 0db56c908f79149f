// Mail that must not be lost (invitations, expiry reminders) goes through a transactional outbox,
// like the webhooks (ADR 010, ADR 014): enqueueMail(tx, …) writes a MailOutbox row in the
// transaction of the change that causes the mail, so the mail exists exactly when its change
// committed. The delivery job claims due rows with FOR UPDATE SKIP LOCKED, pushing their
// nextAttemptAt forward in the same statement, so several app instances never send the same row
// at once; failures are retried with backoff (1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h) and the
// row is given up after MAX_ATTEMPTS. A crash between handing a mail to SMTP and recording it can
// repeat that one mail after the claim expires (at least once, never lost).
//
// Bodies are stored AES-256-GCM-encrypted (an invitation mail carries a working link, and the
// invitations module keeps only token hashes so that a database leak leaks no link) and cleared
// when the row is sent or given up. The sign-in link does not come here: see app/modules/auth.
import pLimit from "p-limit";
import { Prisma, type MailStatus } from "~/generated/prisma/client";
import { getAuthSecret } from "~/modules/auth/auth-secret.server";
import { getDb } from "~/utils/db.server";
import { nudgeJob } from "~/utils/jobs.server";
import { logger } from "~/utils/logger.server";
import { sendMail, type Mail } from "~/utils/mail.server";
import { drainOutbox, type OutboxClaim } from "~/utils/outbox-worker.server";
import { sealedBox } from "~/utils/sealed-box.server";

export const MAIL_JOB_NAME = "mail:deliver";
export const MAIL_KINDS = [
  "invitation",
  "invitation_resend",
  "expiry_reminder",
  "welcome",
  "certificate_issued",
  "certificate_revoked",
  "criterion_changed",
  "due_reminder",
  "assignment_reminder",
  "assignment_overdue",
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const MAX_ATTEMPTS = 8;
/** Wait after the n-th failed attempt (index n - 1); the last value repeats. About 45 h in all. */
export const BACKOFF_SECONDS = [60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600, 12 * 3600, 24 * 3600] as const;
/** How long a claimed row stays invisible to other workers; well above one SMTP conversation (SMTP_TIMEOUTS). */
export const CLAIM_SECONDS = 120;
const MAX_ERROR_LENGTH = 300;

export type OutboxMailInput = Mail & { kind: MailKind; invitationId?: string | null; certificateId?: string | null };

// ---------------------------------------------------------------- bodies at rest

class BodyUnreadableError extends Error {
  override name = "BodyUnreadableError";
}

const bodyBox = sealedBox({
  info: "mail-outbox-body-v1",
  version: "m1",
  what: "body",
  unreadable: BodyUnreadableError,
});

/** "m1.<iv>.<tag>.<ciphertext>" (base64url), keyed from AUTH_SECRET. */
export function sealBody(plaintext: string, appSecret: string = getAuthSecret()): string {
  return bodyBox.seal(plaintext, appSecret);
}

export function openBody(stored: string, appSecret: string = getAuthSecret()): string {
  return bodyBox.open(stored, appSecret);
}

// ---------------------------------------------------------------- enqueueing

function row(mail: OutboxMailInput): Prisma.MailOutboxCreateManyInput {
  if (!(MAIL_KINDS as readonly string[]).includes(mail.kind)) throw new Error(`Unknown mail kind ${mail.kind}`);
  return {
    kind: mail.kind,
    to: mail.to,
    subject: mail.subject,
    text: sealBody(mail.text),
    html: mail.html === undefined ? null : sealBody(mail.html),
    headers: mail.headers && Object.keys(mail.headers).length ? sealBody(JSON.stringify(mail.headers)) : null,
    invitationId: mail.invitationId ?? null,
    certificateId: mail.certificateId ?? null,
  };
}

/**
 * Queues a mail. Call INSIDE the transaction of the change that causes it (tx from
 * db.$transaction), then nudgeMailDelivery() after the commit.
 */
export async function enqueueMail(tx: Prisma.TransactionClient, mail: OutboxMailInput): Promise<{ id: string }> {
  return tx.mailOutbox.create({ data: row(mail), select: { id: true } });
}

/** Several mails in one statement (a bulk invitation); same contract as enqueueMail. */
export async function enqueueMails(tx: Prisma.TransactionClient, mails: OutboxMailInput[]): Promise<void> {
  if (mails.length) await tx.mailOutbox.createMany({ data: mails.map(row) });
}

/** Asks this instance's delivery job to run now (after a commit that queued mail). */
export function nudgeMailDelivery() {
  nudgeJob(MAIL_JOB_NAME);
}

// ---------------------------------------------------------------- state, for the people who wait for a mail

export type MailState = { status: MailStatus; attempts: number; sentAt: Date | null; createdAt: Date };

/** The newest mail of each of these invitations (one row each; index MailOutbox(invitationId, createdAt)). */
export async function latestMailByInvitation(invitationIds: string[]): Promise<Map<string, MailState>> {
  if (invitationIds.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.$queryRaw<Array<MailState & { invitationId: string }>>`
    SELECT DISTINCT ON ("invitationId") "invitationId", "status", "attempts", "sentAt", "createdAt"
    FROM "MailOutbox"
    WHERE "invitationId" IN (${Prisma.join(invitationIds)})
    ORDER BY "invitationId", "createdAt" DESC, "id" DESC`;
  return new Map(rows.map(({ invitationId, ...state }) => [invitationId, state]));
}

// ---------------------------------------------------------------- worker

/** Seconds until the next try after `attempts` failed attempts. */
export function backoffSeconds(attempts: number): number {
  return BACKOFF_SECONDS[Math.min(Math.max(attempts, 1), BACKOFF_SECONDS.length) - 1]!;
}

type Claimed = {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: string | null;
  attempts: number;
};

const claim: OutboxClaim<Claimed> = {
  table: "MailOutbox",
  columns: ["id", "kind", "to", "subject", "text", "html", "headers", "attempts"],
  claimSeconds: CLAIM_SECONDS,
};

export type MailWorkerOptions = {
  batchSize?: number;
  concurrency?: number;
  maxAttempts?: number;
  /** Stop claiming new batches after this long (the job's lease must outlast it). */
  maxRunMs?: number;
  send?: (mail: Mail) => Promise<void>;
};

export type MailWorkerReport = { claimed: number; sent: number; retried: number; failed: number };

function describeError(error: unknown): string {
  const err = error as Error & { code?: string; responseCode?: number };
  const prefix = [err?.code, err?.responseCode].filter(Boolean).join(" ");
  const message = String(err?.message ?? error)
    .split("\n")[0]!
    .trim();
  return (prefix ? `${prefix}: ${message}` : message).slice(0, MAX_ERROR_LENGTH);
}

async function deliverOne(
  mail: Claimed,
  opts: Required<Pick<MailWorkerOptions, "maxAttempts" | "send">>,
  report: MailWorkerReport,
) {
  const db = await getDb();
  // Only this claim may record its result: a row re-claimed after its claim expired has more attempts.
  const mine = { id: mail.id, attempts: mail.attempts, status: "pending" as const };
  let error: string | null = null;
  let permanent = false;
  try {
    let content: Mail;
    try {
      content = {
        to: mail.to,
        subject: mail.subject,
        text: openBody(mail.text),
        ...(mail.html === null ? {} : { html: openBody(mail.html) }),
        ...(mail.headers === null ? {} : { headers: JSON.parse(openBody(mail.headers)) as Record<string, string> }),
      };
    } catch (e) {
      permanent = true;
      throw e;
    }
    await opts.send(content);
  } catch (e) {
    error = describeError(e);
  }
  const scrubbed = { text: "", html: null, headers: null };
  if (error === null) {
    await db.mailOutbox.updateMany({
      where: mine,
      data: { status: "sent", sentAt: new Date(), lastError: null, ...scrubbed },
    });
    report.sent++;
  } else if (permanent || mail.attempts >= opts.maxAttempts) {
    await db.mailOutbox.updateMany({ where: mine, data: { status: "failed", lastError: error, ...scrubbed } });
    report.failed++;
    logger.error("mail given up", { mailId: mail.id, kind: mail.kind, attempts: mail.attempts, error });
  } else {
    const nextAttemptAt = new Date(Date.now() + backoffSeconds(mail.attempts) * 1000);
    await db.mailOutbox.updateMany({ where: mine, data: { nextAttemptAt, lastError: error } });
    report.retried++;
    logger.warn("mail not sent, will retry", {
      mailId: mail.id,
      kind: mail.kind,
      attempts: mail.attempts,
      nextAttemptAt: nextAttemptAt.toISOString(),
      error,
    });
  }
}

/**
 * Sends what is due, batch by batch, until nothing is due or maxRunMs has passed. Safe to run in
 * several processes at once.
 */
export async function deliverDueMail(options: MailWorkerOptions = {}): Promise<MailWorkerReport> {
  const batchSize = options.batchSize ?? 20;
  const concurrency = options.concurrency ?? 4;
  const maxRunMs = options.maxRunMs ?? 45_000;
  const opts = { maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS, send: options.send ?? sendMail };
  const report: MailWorkerReport = { claimed: 0, sent: 0, retried: 0, failed: 0 };
  const limit = pLimit(concurrency);
  report.claimed = await drainOutbox(claim, { batchSize, maxRunMs }, async (batch) => {
    await Promise.all(batch.map((mail) => limit(deliverOne, mail, opts, report)));
  });
  return report;
}
