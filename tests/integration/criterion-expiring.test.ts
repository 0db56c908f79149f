// The criterion's changes that time makes, with a moved clock (both engines): met → expiring when
// every qualifying certificate comes within EXPIRY_WARNING_DAYS of its expiry, detected by the
// certificate-expiry job, recorded once (cause certificate_expiring) with one criterion.changed
// event; a second run, or two runs at once, record nothing more; a renewal moves it back to met and
// the expiry to not_met, each once.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runCertificateExpiry } from "~/modules/certificates/expiry.server";
import { generateNumber } from "~/modules/certificates/number";
import { onCertificateChanged } from "~/modules/organizations/criterion-events.server";
import { getCriterionStatus, listCriterionEvents } from "~/modules/organizations/criterion.server";
import { getDb, QUEUED_TRANSACTION } from "~/utils/db.server";
import { createCompany, createPerson, CRITERION_COURSE } from "../support/domain-fixtures";

const DAY = 86_400_000;
const start = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (days: number) => new Date(start.getTime() + days * DAY);

/** Issues a criterion-course certificate at `now` the way the certificates module does. */
async function issue(userId: string, expiresAt: Date | null, now: Date) {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const attempt = await tx.quizAttempt.create({
      data: {
        userId,
        courseSlug: CRITERION_COURSE,
        contentVersion: "1",
        locale: "sv",
        status: "graded",
        snapshot: {},
        passed: true,
        scorePercent: 90,
        gradedAt: now,
      },
    });
    const cert = await tx.certificate.create({
      data: {
        number: generateNumber((n) => randomBytes(n)),
        userId,
        attemptId: attempt.id,
        holderName: "Testperson",
        courseSlug: CRITERION_COURSE,
        contentVersion: "1",
        locale: "sv",
        criterionCourse: true,
        scorePercent: 90,
        issuedAt: now,
        expiresAt,
      },
    });
    await onCertificateChanged(tx, { certificateId: cert.id, type: "issued" }, { now });
    return cert;
  }, QUEUED_TRANSACTION);
}

/** The company's criterion.changed events in the webhook outbox, oldest first. */
async function criterionWebhooks(orgNumber: string) {
  const db = await getDb();
  const rows = await db.webhookEvent.findMany({
    where: { type: "criterion.changed", payload: { path: ["organization", "orgNumber"], equals: orgNumber } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(
    (r) =>
      r.payload as {
        cause: string;
        change: string;
        criterion: { status: string; met: boolean; since: string | null; validUntil: string | null };
        certificate: { number: string } | null;
      },
  );
}

async function history(organizationId: string) {
  return (await listCriterionEvents(organizationId, { limit: 50 })).items
    .reverse()
    .map((e) => ({ status: e.status, met: e.met, cause: e.cause, certificate: e.certificate?.number ?? null }));
}

async function cached(organizationId: string) {
  const db = await getDb();
  return db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { criterionStatus: true, criterionMet: true, criterionChangedAt: true },
  });
}

describe("the criterion as time passes", () => {
  it("met → expiring is recorded once by the job, with one criterion.changed; a renewal brings it back to met, once", async () => {
    const company = await createCompany();
    const manager = await createPerson(company.id, ["org_admin", "manager"]);
    const first = await issue(manager.id, at(90), start);
    expect(await history(company.id)).toEqual([
      { status: "met", met: true, cause: "certificate_issued", certificate: first.number },
    ]);
    expect((await criterionWebhooks(company.orgNumber)).map((w) => w.criterion.status)).toEqual(["met"]);

    // 29 days on, the certificate still has 61 days: nothing to record.
    await runCertificateExpiry(at(29));
    expect(await history(company.id)).toHaveLength(1);

    // 31 days on it has 59 days left: live status already says expiring, since the moment it came within 60 days…
    const live = (await getCriterionStatus(company.id, { now: at(31) }))!;
    expect(live).toMatchObject({ status: "expiring", met: true, validUntil: first.expiresAt, since: at(30) });
    // …and the job records it once.
    const run = await runCertificateExpiry(at(31));
    expect(run.criterionExpiringRecorded).toBeGreaterThanOrEqual(1);
    expect(await history(company.id)).toEqual([
      { status: "met", met: true, cause: "certificate_issued", certificate: first.number },
      { status: "expiring", met: true, cause: "certificate_expiring", certificate: first.number },
    ]);
    expect(await cached(company.id)).toEqual({
      criterionStatus: "expiring",
      criterionMet: true,
      criterionChangedAt: at(31),
    });
    const hooks = await criterionWebhooks(company.orgNumber);
    expect(hooks).toHaveLength(2);
    expect(hooks[1]).toMatchObject({
      change: "criterion",
      cause: "certificate_expiring",
      criterion: {
        status: "expiring",
        met: true,
        since: at(31).toISOString(),
        validUntil: first.expiresAt!.toISOString(),
      },
      certificate: { number: first.number },
    });

    // Later runs, one after the other and two at once (two instances), record nothing more.
    await runCertificateExpiry(at(31));
    await Promise.all([runCertificateExpiry(at(32)), runCertificateExpiry(at(32))]);
    expect(await history(company.id)).toHaveLength(2);
    expect(await criterionWebhooks(company.orgNumber)).toHaveLength(2);

    // The manager renews: expiring → met, once, caused by the new certificate.
    const renewed = await issue(manager.id, at(33 + 3 * 365), at(33));
    expect((await history(company.id)).at(-1)).toEqual({
      status: "met",
      met: true,
      cause: "certificate_issued",
      certificate: renewed.number,
    });
    const afterRenewal = await criterionWebhooks(company.orgNumber);
    expect(afterRenewal).toHaveLength(3);
    expect(afterRenewal[2]).toMatchObject({
      cause: "certificate_issued",
      criterion: { status: "met", since: at(33).toISOString(), validUntil: renewed.expiresAt!.toISOString() },
      certificate: { number: renewed.number },
    });
    expect(await cached(company.id)).toMatchObject({ criterionStatus: "met", criterionMet: true });

    // The old certificate's expiry changes nothing for the company (the renewal carries it).
    await runCertificateExpiry(at(91));
    expect(await history(company.id)).toHaveLength(3);
    expect(await criterionWebhooks(company.orgNumber)).toHaveLength(3);
  });

  it("expiring → not_met when the last certificate expires, once", async () => {
    const company = await createCompany();
    const manager = await createPerson(company.id, "manager");
    const cert = await issue(manager.id, at(90), start);
    await runCertificateExpiry(at(45));
    expect((await history(company.id)).map((e) => e.status)).toEqual(["met", "expiring"]);

    const run = await runCertificateExpiry(at(91));
    expect(run.expiredRecorded).toBeGreaterThanOrEqual(1);
    expect(await history(company.id)).toEqual([
      { status: "met", met: true, cause: "certificate_issued", certificate: cert.number },
      { status: "expiring", met: true, cause: "certificate_expiring", certificate: cert.number },
      { status: "not_met", met: false, cause: "certificate_expired", certificate: cert.number },
    ]);
    const hooks = await criterionWebhooks(company.orgNumber);
    expect(hooks.map((h) => [h.cause, h.criterion.status])).toEqual([
      ["certificate_issued", "met"],
      ["certificate_expiring", "expiring"],
      ["certificate_expired", "not_met"],
    ]);
    expect(hooks[2]).toMatchObject({
      criterion: { met: false, since: at(91).toISOString(), validUntil: null },
      certificate: { number: cert.number },
    });

    await Promise.all([runCertificateExpiry(at(92)), runCertificateExpiry(at(92))]);
    expect(await history(company.id)).toHaveLength(3);
    expect(await criterionWebhooks(company.orgNumber)).toHaveLength(3);
    expect(await cached(company.id)).toMatchObject({ criterionStatus: "not_met", criterionMet: false });
  });

  it("a certificate issued with less than 60 days left makes the company expiring at once (not_met → expiring), and a never-expiring one is never expiring", async () => {
    const company = await createCompany();
    const manager = await createPerson(company.id, "manager");
    await issue(manager.id, at(20), start);
    expect((await history(company.id)).map((e) => [e.status, e.cause])).toEqual([["expiring", "certificate_issued"]]);
    await runCertificateExpiry(at(1));
    expect(await history(company.id)).toHaveLength(1);

    const other = await createCompany();
    await issue((await createPerson(other.id, "manager")).id, null, start);
    await runCertificateExpiry(at(5000));
    expect((await history(other.id)).map((e) => e.status)).toEqual(["met"]);
  });
});
