// The retention table enforced by its job, on both engines: the clock is moved to a fixed `now`,
// every row kind has a row just past its period and one just inside it, and the job deletes (or
// pseudonymises) exactly the first ones. The job runs under the jobs lease: while another
// instance holds it, nothing happens here.
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { jobs } from "~/jobs.server";
import { DAY_MS, RETENTION, retentionRule, type RetentionKind } from "~/modules/privacy/retention";
import { runRetention } from "~/modules/privacy/retention.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { runExclusive } from "~/utils/jobs.server";
import { createCompany, createPerson, issueCertificate } from "../support/domain-fixtures";

const engine = process.env.KA_TEST_ENGINE;
const NOW = new Date("2031-06-15T12:00:00.000Z");
const MIN = 60_000;

/** The moment a row's clock must have started for it to be due at NOW (± a minute either side). */
function boundary(kind: RetentionKind, side: "due" | "kept"): Date {
  const t = NOW.getTime() - retentionRule(kind).days * DAY_MS;
  return new Date(side === "due" ? t - MIN : t + MIN);
}

async function world() {
  const db = await getDb();
  const org = await createCompany();
  const person = await createPerson(org.id, "agent", "Retention Person");
  const ids: Record<string, { due: string; kept: string }> = {};
  const pair = async (kind: string, make: (side: "due" | "kept") => Promise<string>) => {
    ids[kind] = { due: await make("due"), kept: await make("kept") };
  };
  await pair(
    "expiredSessions",
    async (side) =>
      (
        await db.session.create({
          data: { sessionToken: randomUUID(), userId: person.id, expires: boundary("expiredSessions", side) },
        })
      ).id,
  );
  await pair("expiredVerificationTokens", async (side) => {
    const token = randomUUID();
    await db.verificationToken.create({
      data: { identifier: person.email, token, expires: boundary("expiredVerificationTokens", side) },
    });
    return token;
  });
  await pair(
    "rateLimitRows",
    async (side) =>
      (
        await db.rateLimiterFlexible.create({
          data: { key: `test:${randomUUID()}`, points: 1, expire: boundary("rateLimitRows", side) },
        })
      ).key,
  );
  const client = await db.apiClient.create({
    data: { name: "Retention", keyPrefix: `rt_${randomUUID().slice(0, 8)}`, keyHash: "x", scopes: [] },
  });
  await pair("apiRequestLog", async (side) =>
    String(
      (
        await db.apiRequestLog.create({
          data: {
            apiClientId: client.id,
            method: "GET",
            route: "/x",
            status: 200,
            durationMs: 1,
            createdAt: boundary("apiRequestLog", side),
          },
        })
      ).id,
    ),
  );
  await pair(
    "webhookEvents",
    async (side) =>
      (
        await db.webhookEvent.create({
          data: { type: "criterion.changed", payload: {}, createdAt: boundary("webhookEvents", side) },
        })
      ).id,
  );
  // An old event with a delivery still pending stays until it settles.
  const subscription = await db.webhookSubscription.create({
    data: { apiClientId: client.id, url: "https://r.example/h", events: ["criterion.changed"], secret: "x" },
  });
  const pendingEvent = await db.webhookEvent.create({
    data: { type: "criterion.changed", payload: {}, createdAt: new Date(NOW.getTime() - 400 * DAY_MS) },
  });
  await db.webhookDelivery.create({
    data: { eventId: pendingEvent.id, subscriptionId: subscription.id, status: "pending" },
  });
  const attempt = (data: object) =>
    db.quizAttempt.create({
      data: {
        userId: person.id,
        courseSlug: "etik-for-saljare-och-kundtjanst",
        contentVersion: "1",
        locale: "sv",
        snapshot: {},
        ...data,
      },
    });
  await pair(
    "failedQuizAttempts",
    async (side) =>
      (await attempt({ status: "graded", passed: false, gradedAt: boundary("failedQuizAttempts", side) })).id,
  );
  await pair(
    "unfinishedQuizAttempts",
    async (side) => (await attempt({ status: "in_progress", startedAt: boundary("unfinishedQuizAttempts", side) })).id,
  );
  // A passed attempt, however old, stays (it is the learner's record).
  const passedOld = await attempt({
    status: "graded",
    passed: true,
    gradedAt: new Date(NOW.getTime() - 5 * 365 * DAY_MS),
  });
  await pair(
    "invitations",
    async (side) =>
      (
        await db.invitation.create({
          data: {
            organizationId: org.id,
            email: `${randomUUID()}@invited.example`,
            roles: ["agent"],
            tokenHash: randomUUID(),
            expiresAt: boundary("invitations", side),
          },
        })
      ).id,
  );
  const outbox = join(getEnv().DATA_DIR, "outbox.jsonl");
  const mail = (id: string, side: "due" | "kept") =>
    JSON.stringify({
      id,
      to: "x@example.com",
      subject: "s",
      text: "t",
      sentAt: boundary("devOutbox", side).toISOString(),
    });
  writeFileSync(outbox, `${mail("mail-due", "due")}\n${mail("mail-kept", "kept")}\n`);
  ids.devOutbox = { due: "mail-due", kept: "mail-kept" };
  await pair(
    "sentMail",
    async (side) =>
      (
        await db.mailOutbox.create({
          data: {
            to: "sent@example.com",
            subject: "s",
            text: "",
            kind: "invitation",
            status: "sent",
            sentAt: boundary("sentMail", side),
            createdAt: boundary("sentMail", side),
          },
        })
      ).id,
  );
  // Pending mail, however old, is on its way: it stays.
  const pendingMail = await db.mailOutbox.create({
    data: {
      to: "pending@example.com",
      subject: "s",
      text: "x",
      kind: "invitation",
      createdAt: new Date(NOW.getTime() - 365 * DAY_MS),
    },
  });
  // Certificates of erased holders: the name goes when removal is due (end of validity).
  const holder = await createPerson(org.id, "agent", "Erased Holder");
  const certDue = await issueCertificate(holder.id, { criterionCourse: false });
  const certKept = await issueCertificate(holder.id, { criterionCourse: false });
  await db.certificate.update({
    where: { id: certDue.id },
    data: { holderErasedAt: NOW, holderNameRemoveAt: new Date(NOW.getTime() - MIN) },
  });
  await db.certificate.update({
    where: { id: certKept.id },
    data: { holderErasedAt: NOW, holderNameRemoveAt: new Date(NOW.getTime() + MIN) },
  });
  ids.erasedHolderNames = { due: certDue.id, kept: certKept.id };
  // A certificate of a person who was never erased: untouched.
  const ordinary = await issueCertificate(person.id, { criterionCourse: false });
  return { ids, person, org, passedOld, ordinary, outbox, pendingEvent, pendingMail };
}

async function exists(kind: string, id: string): Promise<boolean> {
  const db = await getDb();
  switch (kind) {
    case "expiredSessions":
      return (await db.session.count({ where: { id } })) === 1;
    case "expiredVerificationTokens":
      return (await db.verificationToken.count({ where: { token: id } })) === 1;
    case "rateLimitRows":
      return (await db.rateLimiterFlexible.count({ where: { key: id } })) === 1;
    case "apiRequestLog":
      return (await db.apiRequestLog.count({ where: { id: BigInt(id) } })) === 1;
    case "webhookEvents":
      return (await db.webhookEvent.count({ where: { id } })) === 1;
    case "failedQuizAttempts":
    case "unfinishedQuizAttempts":
      return (await db.quizAttempt.count({ where: { id } })) === 1;
    case "invitations":
      return (await db.invitation.count({ where: { id } })) === 1;
    case "sentMail":
      return (await db.mailOutbox.count({ where: { id } })) === 1;
    case "devOutbox":
      return readFileSync(join(getEnv().DATA_DIR, "outbox.jsonl"), "utf8").includes(`"${id}"`);
    case "erasedHolderNames": {
      const c = await db.certificate.findUniqueOrThrow({ where: { id } });
      // "Exists" here means the personal data (the name) is still there.
      return c.holderName === "Erased Holder" && c.holderNameRemovedAt === null;
    }
    default:
      throw new Error(`no check for ${kind}`);
  }
}

describe(`retention on ${engine}`, () => {
  it("every rule of the table is enforced by the job and checked here", async () => {
    const w = await world();
    expect(Object.keys(w.ids).sort()).toEqual(RETENTION.map((r) => r.kind).sort());
  });

  it("deletes or pseudonymises each row kind exactly when its period is over, and nothing else", async () => {
    const db = await getDb();
    const w = await world();
    // A minute before NOW nothing here is due yet except what was already due before.
    const result = await runRetention(NOW);
    for (const [kind, { due, kept }] of Object.entries(w.ids)) {
      expect(await exists(kind, due), `${kind}: the row past its period is gone`).toBe(false);
      expect(await exists(kind, kept), `${kind}: the row inside its period stays`).toBe(true);
      expect(result[kind as RetentionKind], `${kind}: counted`).toBeGreaterThanOrEqual(1);
    }
    const pseudonymised = await db.certificate.findUniqueOrThrow({ where: { id: w.ids.erasedHolderNames!.due } });
    expect(pseudonymised).toMatchObject({ holderName: "namnet borttaget på innehavarens begäran", credential: null });
    // Nothing else: the person, their passed attempt, their certificate, the event with a pending delivery.
    expect(await db.user.count({ where: { id: w.person.id } })).toBe(1);
    expect(await db.quizAttempt.count({ where: { id: w.passedOld.id } })).toBe(1);
    expect((await db.certificate.findUniqueOrThrow({ where: { id: w.ordinary.id } })).holderName).toBe(
      "Retention Person",
    );
    expect(await db.webhookEvent.count({ where: { id: w.pendingEvent.id } })).toBe(1);
    expect(await db.mailOutbox.count({ where: { id: w.pendingMail.id } })).toBe(1);
    expect(await db.membership.count({ where: { userId: w.person.id } })).toBe(1);

    // Moving the clock on by a period makes the rows that were kept due in turn.
    const later = new Date(NOW.getTime() + 2 * MIN);
    await runRetention(later);
    for (const [kind, { kept }] of Object.entries(w.ids))
      expect(await exists(kind, kept), `${kind}: due two minutes later`).toBe(false);
  });

  it("runs under the jobs lease: not while another instance holds it", async () => {
    const db = await getDb();
    const job = jobs.find((j) => j.name === "privacy:retention");
    expect(job, "the retention job is registered").toBeDefined();
    const session = await db.session.create({
      data: {
        sessionToken: randomUUID(),
        userId: (await createPerson((await createCompany()).id, "agent")).id,
        expires: new Date(Date.now() - DAY_MS),
      },
    });
    await db.jobLease.upsert({
      where: { name: job!.name },
      create: { name: job!.name, holder: "another-instance:1", leaseUntil: new Date(Date.now() + 60 * MIN) },
      update: { holder: "another-instance:1", leaseUntil: new Date(Date.now() + 60 * MIN) },
    });
    expect(await runExclusive(job!)).toBe(false);
    expect(await db.session.count({ where: { id: session.id } })).toBe(1);
    await db.jobLease.update({ where: { name: job!.name }, data: { leaseUntil: new Date(Date.now() - MIN) } });
    expect(await runExclusive(job!)).toBe(true);
    expect(await db.session.count({ where: { id: session.id } })).toBe(0);
  });
});
