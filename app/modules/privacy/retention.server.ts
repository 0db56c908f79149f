// The retention job: applies the retention table (retention.ts) at `now`. Runs as a background
// job under the jobs lease (app/jobs.server.ts: one instance at a time); every step is a single
// idempotent statement, so an overlapping run after a lost lease deletes nothing twice and
// nothing early.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Prisma } from "~/generated/prisma/client";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { redactAuditPersonalData, scrubWebhookHolderNames } from "./redaction.server";
import { cutoff, nameRemovedText, type RetentionKind } from "./retention";

export type RetentionRunResult = Record<RetentionKind, number>;

/** Replaces the holder name of due certificates of erased holders (and drops the stored credential, which names them). */
export async function removeDueHolderNames(now: Date, where: Prisma.CertificateWhereInput = {}): Promise<number> {
  const db = await getDb();
  const due = await db.certificate.findMany({
    where: { ...where, holderNameRemovedAt: null, holderNameRemoveAt: { lte: now } },
    select: { id: true, locale: true, userId: true },
    take: 1_000,
  });
  let done = 0;
  for (const c of due) {
    done += await db.$transaction(async (tx) => {
      const r = await tx.certificate.updateMany({
        where: { id: c.id, holderNameRemovedAt: null },
        data: { holderName: nameRemovedText(c.locale), holderNameRemovedAt: now, credential: Prisma.DbNull },
      });
      // Entries and events written since the erasure (the certificate's expiry, say) may name them.
      await redactAuditPersonalData(tx, { userId: c.userId });
      await scrubWebhookHolderNames(tx, c.userId);
      return r.count;
    });
  }
  return done;
}

function devOutboxPath() {
  return join(resolve(getEnv().DATA_DIR), "outbox.jsonl");
}

/** Rewrites the development outbox without the mails older than the cutoff (and, for erasure, those to `to`). */
export function pruneDevOutbox(options: { before?: Date; to?: string }): number {
  const env = getEnv();
  if (env.isProduction) return 0;
  const path = devOutboxPath();
  if (!existsSync(path)) return 0;
  const lines = readFileSync(path, "utf8").split("\n").filter(Boolean);
  const keep = lines.filter((line) => {
    try {
      const mail = JSON.parse(line) as { to?: string; sentAt?: string };
      if (options.before && mail.sentAt && new Date(mail.sentAt) < options.before) return false;
      if (options.to && mail.to?.toLowerCase() === options.to.toLowerCase()) return false;
      return true;
    } catch {
      return false;
    }
  });
  if (keep.length !== lines.length) writeFileSync(path, keep.length ? `${keep.join("\n")}\n` : "");
  return lines.length - keep.length;
}

/** Applies every rule of the retention table at `now`. Returns how many rows of each kind went. */
export async function runRetention(now = new Date()): Promise<RetentionRunResult> {
  const db = await getDb();
  const sessions = await db.session.deleteMany({ where: { expires: { lt: cutoff("expiredSessions", now) } } });
  const tokens = await db.verificationToken.deleteMany({
    where: { expires: { lt: cutoff("expiredVerificationTokens", now) } },
  });
  const rateLimits = await db.rateLimiterFlexible.deleteMany({
    where: { expire: { lt: cutoff("rateLimitRows", now) } },
  });
  const requests = await db.apiRequestLog.deleteMany({ where: { createdAt: { lt: cutoff("apiRequestLog", now) } } });
  // An event goes once none of its deliveries is still pending (deliveries cascade with it).
  const events = await db.webhookEvent.deleteMany({
    where: { createdAt: { lt: cutoff("webhookEvents", now) }, deliveries: { none: { status: "pending" } } },
  });
  // A failed attempt never backs a certificate; the guard keeps it that way should that change.
  const failed = await db.quizAttempt.deleteMany({
    where: { passed: false, gradedAt: { lt: cutoff("failedQuizAttempts", now) }, certificate: { is: null } },
  });
  const unfinished = await db.quizAttempt.deleteMany({
    where: {
      status: "in_progress",
      startedAt: { lt: cutoff("unfinishedQuizAttempts", now) },
      certificate: { is: null },
    },
  });
  const invitations = await db.invitation.deleteMany({ where: { expiresAt: { lt: cutoff("invitations", now) } } });
  const outbox = pruneDevOutbox({ before: cutoff("devOutbox", now) });
  // Pending mail is never dropped (it is on its way); sent or given-up rows keep only address and subject.
  const sentMail = await db.mailOutbox.deleteMany({
    where: { status: { in: ["sent", "failed"] }, createdAt: { lt: cutoff("sentMail", now) } },
  });
  const names = await removeDueHolderNames(now);
  return {
    expiredSessions: sessions.count,
    expiredVerificationTokens: tokens.count,
    rateLimitRows: rateLimits.count,
    apiRequestLog: requests.count,
    webhookEvents: events.count,
    failedQuizAttempts: failed.count,
    unfinishedQuizAttempts: unfinished.count,
    invitations: invitations.count,
    devOutbox: outbox,
    sentMail: sentMail.count,
    erasedHolderNames: names,
  };
}
