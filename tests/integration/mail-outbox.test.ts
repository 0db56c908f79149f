// The mail outbox on both engines, with mail over real SMTP to an in-process server: a change and
// its mail commit together or not at all; the job sends pending mail and records it; an SMTP
// failure is retried with backoff and given up after the last attempt (logged as JSON lines); two
// workers at once send each mail exactly once; an expiry reminder marked by a process that died
// before sending still goes out; the job runs at once when nudged and drains on shutdown.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runCertificateExpiry } from "~/modules/certificates/expiry.server";
import {
  BACKOFF_SECONDS,
  CLAIM_SECONDS,
  deliverDueMail,
  enqueueMail,
  MAIL_JOB_NAME,
  MAX_ATTEMPTS,
} from "~/modules/mail/outbox.server";
import { parseInviteList } from "~/modules/organizations/invite-list";
import {
  findInvitationByToken,
  inviteMany,
  listOpenInvitations,
  resendInvitation,
} from "~/modules/organizations/invitations.server";
import { getDb } from "~/utils/db.server";
import { reloadEnv } from "~/utils/env.server";
import { startJobs } from "~/utils/jobs.server";
import { createCompany, createPerson, issueCertificate } from "../support/domain-fixtures";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";

const engine = process.env.KA_TEST_ENGINE;
let sink: SmtpSink;
const previousSmtpUrl = process.env.SMTP_URL;

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  reloadEnv();
});

afterAll(async () => {
  if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtpUrl;
  reloadEnv();
  await sink?.close();
});

beforeEach(async () => {
  const db = await getDb();
  await db.mailOutbox.deleteMany({});
  sink.received.length = 0;
  sink.reject = null;
  sink.delayMs = 0;
});

/** Makes every pending mail due now (instead of waiting out the backoff). */
async function makeDue() {
  const db = await getDb();
  await db.mailOutbox.updateMany({
    where: { status: "pending" },
    data: { nextAttemptAt: new Date(Date.now() - 1_000) },
  });
}

async function invite(email: string) {
  const company = await createCompany({ name: `Utkorgen ${randomUUID().slice(0, 6)} AB` });
  const admin = await createPerson(company.id, "org_admin", "Anna Admin");
  const invitedBy = { id: admin.id, name: admin.name, email: admin.email };
  const report = await inviteMany({
    organizationId: company.id,
    rows: parseInviteList(`${email},manager,Nils Ny`, "agent").rows,
    invitedBy,
    language: "sv",
  });
  const db = await getDb();
  const invitation = await db.invitation.findFirstOrThrow({ where: { email, organizationId: company.id } });
  return { company, invitedBy, report, invitation };
}

const linkToken = (text: string) => /\/invitations\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? null;

describe(`mail outbox on ${engine}`, () => {
  it("writes an invitation and its mail together, and neither when the transaction rolls back", async () => {
    const db = await getDb();
    const email = `together-${randomUUID().slice(0, 6)}@mail.example`;
    const { report, invitation } = await invite(email);
    expect(report.rows).toMatchObject([{ status: "invited", mail: "queued" }]);
    // Queued, not sent: nothing reached the SMTP server during the request.
    expect(sink.received).toHaveLength(0);
    const rows = await db.mailOutbox.findMany({ where: { to: email } });
    expect(rows).toMatchObject([{ kind: "invitation", invitationId: invitation.id, status: "pending", attempts: 0 }]);
    // The body carries a working link, so it is stored encrypted.
    expect(rows[0]!.text).not.toContain("/invitations/");
    expect(rows[0]!.html).not.toContain("/invitations/");

    const company = await createCompany();
    const before = { invitations: await db.invitation.count(), mails: await db.mailOutbox.count() };
    await expect(
      db.$transaction(async (tx) => {
        const inv = await tx.invitation.create({
          data: {
            organizationId: company.id,
            email: "rolled-back@mail.example",
            roles: ["agent"],
            tokenHash: randomUUID(),
            expiresAt: new Date(Date.now() + 86_400_000),
          },
        });
        await enqueueMail(tx, {
          kind: "invitation",
          invitationId: inv.id,
          to: inv.email,
          subject: "Inbjudan",
          text: "Hej",
        });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect({ invitations: await db.invitation.count(), mails: await db.mailOutbox.count() }).toEqual(before);
  });

  it("sends a pending mail over SMTP, marks it sent and clears its body", async () => {
    const db = await getDb();
    const email = `sent-${randomUUID().slice(0, 6)}@mail.example`;
    const { company, invitation } = await invite(email);
    expect((await listOpenInvitations(company.id)).items[0]!.mail).toMatchObject({ status: "pending", sentAt: null });

    expect(await deliverDueMail()).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.to).toEqual([email]);
    expect(mail.subject).toContain(company.name);
    expect(mail.text).toContain("Nils Ny");
    expect(mail.html).toContain("/invitations/");
    const token = linkToken(mail.text);
    expect(await findInvitationByToken(token!)).toMatchObject({ id: invitation.id, state: "pending" });

    const row = await db.mailOutbox.findFirstOrThrow({ where: { to: email } });
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null, text: "", html: null });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect((await listOpenInvitations(company.id)).items[0]!.mail).toMatchObject({ status: "sent" });
    // Nothing left to do; a second run sends nothing again.
    expect(await deliverDueMail()).toMatchObject({ claimed: 0, sent: 0 });
    expect(sink.received).toHaveLength(1);
  });

  it("keeps a mail the SMTP server refuses pending, tries again after the backoff, and sends it then", async () => {
    const db = await getDb();
    const email = `retry-${randomUUID().slice(0, 6)}@mail.example`;
    const { company, invitation, invitedBy } = await invite(email);
    await deliverDueMail();
    sink.received.length = 0;
    // A resend queues a new mail (kind invitation_resend) with a new link.
    expect(
      await resendInvitation({ organizationId: company.id, invitationId: invitation.id, invitedBy, language: "en" }),
    ).toEqual({ ok: true, mail: "queued", email });

    sink.reject = { code: 451, message: "4.3.0 Mailbox temporarily unavailable" };
    const started = Date.now();
    expect(await deliverDueMail()).toEqual({ claimed: 1, sent: 0, retried: 1, failed: 0 });
    expect(sink.received).toHaveLength(0);
    const pending = await db.mailOutbox.findFirstOrThrow({ where: { to: email, kind: "invitation_resend" } });
    expect(pending).toMatchObject({ status: "pending", attempts: 1, sentAt: null });
    expect(pending.lastError).toContain("451");
    expect(pending.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(started + BACKOFF_SECONDS[0] * 1000 - 1_000);
    expect(pending.text).not.toBe("");
    expect((await listOpenInvitations(company.id)).items[0]!.mail).toMatchObject({ status: "pending" });

    // Not due yet: an immediate run leaves it alone.
    sink.reject = null;
    expect(await deliverDueMail()).toMatchObject({ claimed: 0 });
    expect(sink.received).toHaveLength(0);

    await makeDue();
    expect(await deliverDueMail()).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.text).toContain("Nils Ny");
    expect(await db.mailOutbox.findFirstOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "sent",
      attempts: 2,
      lastError: null,
    });
    // The resent link is the one that works.
    expect(await findInvitationByToken(linkToken(sink.received[0]!.text)!)).toMatchObject({
      id: invitation.id,
      state: "pending",
    });
  });

  it("backs off 1 min, 5 min, 30 min, 2 h … and gives up after the last attempt, logging JSON lines", async () => {
    const db = await getDb();
    const email = `bounce-${randomUUID().slice(0, 6)}@mail.example`;
    await invite(email);
    sink.reject = { code: 450, message: "4.2.1 Try again later" };
    const lines: string[] = [];
    const previousLevel = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "warn";
    const spy = vi
      .spyOn(process.stderr, "write")
      .mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    try {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        await makeDue();
        const before = Date.now();
        const report = await deliverDueMail();
        const row = await db.mailOutbox.findFirstOrThrow({ where: { to: email } });
        expect(row.attempts).toBe(attempt);
        if (attempt < MAX_ATTEMPTS) {
          expect(report).toMatchObject({ retried: 1, failed: 0 });
          const wait = BACKOFF_SECONDS[Math.min(attempt, BACKOFF_SECONDS.length) - 1]! * 1000;
          expect(row.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(wait - 1_000);
          expect(row.nextAttemptAt.getTime() - before).toBeLessThanOrEqual(wait + 5_000);
        } else {
          expect(report).toMatchObject({ retried: 0, failed: 1 });
          expect(row).toMatchObject({ status: "failed", text: "", html: null });
          expect(row.lastError).toContain("450");
        }
      }
    } finally {
      spy.mockRestore();
      process.env.LOG_LEVEL = previousLevel;
    }
    expect(BACKOFF_SECONDS.slice(0, 4)).toEqual([60, 300, 1_800, 7_200]);
    const logged = lines
      .filter((l) => l.startsWith("{"))
      .map(
        (l) =>
          JSON.parse(l) as {
            level: string;
            msg: string;
            mailId: string;
            kind: string;
            attempts: number;
            error: string;
          },
      );
    expect(logged.filter((l) => l.msg === "mail not sent, will retry")).toHaveLength(MAX_ATTEMPTS - 1);
    expect(logged.find((l) => l.msg === "mail given up")).toMatchObject({
      level: "error",
      kind: "invitation",
      attempts: MAX_ATTEMPTS,
    });
    expect(JSON.stringify(logged)).not.toContain("/invitations/");
    // Given up: never sent again.
    sink.reject = null;
    await makeDue();
    expect(await deliverDueMail()).toMatchObject({ claimed: 0 });
    expect(sink.received).toHaveLength(0);
  });

  it("two workers running at once send each mail exactly once", { timeout: 60_000 }, async () => {
    const db = await getDb();
    const tag = randomUUID().slice(0, 6);
    const addresses = Array.from({ length: 30 }, (_, i) => `pair-${tag}-${i}@mail.example`);
    await db.$transaction(async (tx) => {
      for (const to of addresses)
        await enqueueMail(tx, {
          kind: "expiry_reminder",
          to,
          subject: `Påminnelse ${to}`,
          text: "Ditt certifikat går ut.",
        });
    });
    // A slow server, so the two workers' claims overlap.
    sink.delayMs = 20;
    const reports = await Promise.all([
      deliverDueMail({ batchSize: 3, concurrency: 2 }),
      deliverDueMail({ batchSize: 3, concurrency: 2 }),
    ]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(30);
    if (engine === "postgresql")
      expect(
        reports.every((r) => r.sent > 0),
        JSON.stringify(reports),
      ).toBe(true);
    const got = sink.received.flatMap((m) => m.to);
    expect(got).toHaveLength(30);
    expect(new Set(got)).toEqual(new Set(addresses));
    const rows = await db.mailOutbox.findMany({ where: { to: { in: addresses } } });
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("a claimed mail is invisible to other workers until its claim expires", async () => {
    const db = await getDb();
    const email = `claimed-${randomUUID().slice(0, 6)}@mail.example`;
    await invite(email);
    // A worker that claimed the row and died before recording anything: the claim hides it…
    await db.$executeRaw`UPDATE "MailOutbox" SET "attempts" = 1, "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${CLAIM_SECONDS}) WHERE "to" = ${email}`;
    expect(await deliverDueMail()).toMatchObject({ claimed: 0 });
    // …until it expires; then the mail goes out after all.
    await makeDue();
    expect(await deliverDueMail()).toMatchObject({ claimed: 1, sent: 1 });
    expect(sink.received.map((m) => m.to)).toEqual([[email]]);
  });

  it("an expiry reminder marked by a process that died before sending still goes out", async () => {
    const db = await getDb();
    const company = await createCompany();
    const holder = await createPerson(company.id, "manager", "Greta Giltig");
    const now = new Date();
    const certificate = await issueCertificate(holder.id, { expiresAt: new Date(now.getTime() + 10 * 86_400_000) });

    // The reminder job's transaction commits the mark and the mail…
    expect(await runCertificateExpiry(now)).toMatchObject({ remindersQueued: 1, reminderFailures: 0 });
    expect((await db.certificate.findUniqueOrThrow({ where: { id: certificate.id } })).expiryReminderSentAt).toEqual(
      now,
    );
    // …and the process dies before any mail is sent (no worker runs here).
    expect(sink.received).toHaveLength(0);
    expect(await db.mailOutbox.findMany({ where: { certificateId: certificate.id } })).toMatchObject([
      { kind: "expiry_reminder", status: "pending", to: holder.email },
    ]);
    // The reminder is never marked again…
    expect(await runCertificateExpiry(new Date(now.getTime() + 60_000))).toMatchObject({ remindersQueued: 0 });

    // …and the next instance's mail job sends it.
    expect(await deliverDueMail()).toMatchObject({ sent: 1 });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.to).toEqual([holder.email]);
    expect(sink.received[0]!.subject).toContain(certificate.number);
  });

  it(
    "the job sends at once when nudged after a commit, and drains queued mail on shutdown",
    { timeout: 30_000 },
    async () => {
      const db = await getDb();
      const stop = startJobs([
        {
          name: MAIL_JOB_NAME,
          intervalMs: 60 * 60_000,
          run: async () => void (await deliverDueMail()),
          drain: async () => void (await deliverDueMail({ maxRunMs: 3_000 })),
        },
      ]);
      try {
        // inviteMany nudges the job after its commit: the mail arrives well before the first tick (2 s).
        const email = `nudged-${randomUUID().slice(0, 6)}@mail.example`;
        const started = Date.now();
        await invite(email);
        while (sink.received.length === 0 && Date.now() - started < 1_500) await new Promise((r) => setTimeout(r, 20));
        expect(sink.received.map((m) => m.to)).toEqual([[email]]);
      } finally {
        // Queued without a nudge, then the instance shuts down: the drain sends it.
        await db.$transaction((tx) =>
          enqueueMail(tx, { kind: "expiry_reminder", to: "drained@mail.example", subject: "Påminnelse", text: "Hej" }),
        );
        await stop();
      }
      expect(sink.received.map((m) => m.to)).toContainEqual(["drained@mail.example"]);
      expect(await db.mailOutbox.findFirstOrThrow({ where: { to: "drained@mail.example" } })).toMatchObject({
        status: "sent",
      });
    },
  );
});
