// Organisations, people and the trained-manager criterion against a real database (both engines):
// invitations (expiry, single use, only the hash stored), the bulk invite report, and every way
// the criterion can flip, with its recorded cause, audit entry and webhook event.
import { createHash, randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { OrgRole } from "~/generated/prisma/client";
import type * as WebhooksModule from "~/modules/api/webhooks.server";
import { getDb } from "~/utils/db.server";
import { readOutbox } from "~/utils/mail.server";
import { deliverDueMail } from "~/modules/mail/outbox.server";
import { swedishOrgNumber } from "../support/org-numbers";

// Record what the criterion hands to the webhook outbox, and still run the real implementation.
const webhookCalls = vi.hoisted(() => [] as Array<{ type: string; payload: Record<string, unknown>; tx: unknown }>);
vi.mock("~/modules/api/webhooks.server", async (importOriginal) => {
  const actual = await importOriginal<typeof WebhooksModule>();
  return {
    ...actual,
    enqueueWebhookEvent: async (
      tx: never,
      type: Parameters<typeof actual.enqueueWebhookEvent>[1],
      payload: Record<string, unknown>,
    ) => {
      webhookCalls.push({ type, payload, tx });
      return actual.enqueueWebhookEvent(tx, type, payload);
    },
  };
});

const { onCertificateChanged } = await import("~/modules/organizations/criterion-events.server");
const {
  getCriterionStatus,
  getCriterionStatusByOrgNumber,
  listCompaniesByCriterion,
  countCompaniesByCriterion,
  listCriterionEvents,
  InvalidCursorError,
} = await import("~/modules/organizations/criterion.server");
const { acceptInvitation, findInvitationByToken, inviteMany, resendInvitation, revokeInvitation, listOpenInvitations } =
  await import("~/modules/organizations/invitations.server");
const { parseInviteList } = await import("~/modules/organizations/invite-list");
const { setRoles, removeMember } = await import("~/modules/organizations/memberships.server");
const { createOrganization, updateOrganization } = await import("~/modules/organizations/organizations.server");
const { organizationSchema } = await import("~/modules/organizations/organization-form");

const DAY = 24 * 60 * 60 * 1000;

async function makeOrg(name = `Bolag ${randomUUID().slice(0, 6)} AB`) {
  const db = await getDb();
  return db.organization.create({ data: { name, country: "SE", orgNumber: swedishOrgNumber() } });
}

/** A person with one role per company, or several (["org_admin", "manager"]). */
async function makeUser(memberships: Array<[string, OrgRole | OrgRole[]]> = [], name: string | null = null) {
  const db = await getDb();
  return db.user.create({
    data: {
      email: `p-${randomUUID().slice(0, 8)}@org.example`,
      name,
      memberships: {
        create: memberships.map(([organizationId, role]) => ({
          organizationId,
          roles: Array.isArray(role) ? role : [role],
        })),
      },
    },
  });
}

/** A certificate row written directly (as the certificate engine would), then the hook. */
async function issue(
  userId: string,
  options: { criterionCourse?: boolean; expiresAt?: Date | null; issuedAt?: Date; now?: Date } = {},
) {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const attempt = await tx.quizAttempt.create({
      data: {
        userId,
        courseSlug: "introduktion-for-chefer",
        contentVersion: "2026.1",
        locale: "sv",
        status: "graded",
        snapshot: {},
        passed: true,
      },
    });
    const cert = await tx.certificate.create({
      data: {
        number: `KA-${randomUUID().slice(0, 8).toUpperCase()}`,
        userId,
        attemptId: attempt.id,
        holderName: "Testperson",
        courseSlug: options.criterionCourse === false ? "etik-for-saljare-och-kundtjanst" : "introduktion-for-chefer",
        contentVersion: "2026.1",
        locale: "sv",
        criterionCourse: options.criterionCourse ?? true,
        scorePercent: 90,
        issuedAt: options.issuedAt ?? new Date(),
        expiresAt: options.expiresAt === undefined ? new Date(Date.now() + 3 * 365 * DAY) : options.expiresAt,
      },
    });
    const result = await onCertificateChanged(tx, { certificateId: cert.id, type: "issued" }, { now: options.now });
    return { cert, ...result };
  });
}

async function revoke(certificateId: string) {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    await tx.certificate.update({
      where: { id: certificateId },
      data: { revokedAt: new Date(), revokedReason: "test" },
    });
    return onCertificateChanged(tx, { certificateId, type: "revoked" });
  });
}

async function events(organizationId: string) {
  const db = await getDb();
  return db.criterionEvent.findMany({ where: { organizationId }, orderBy: [{ occurredAt: "asc" }, { id: "asc" }] });
}

beforeEach(() => {
  webhookCalls.length = 0;
});

describe("the criterion", () => {
  it("flips to met when a manager's criterion certificate is issued, and records why", async () => {
    const org = await makeOrg();
    const manager = await makeUser([[org.id, "manager"]]);
    expect((await getCriterionStatus(org.id))!.met).toBe(false);

    const { cert, criterionChanged } = await issue(manager.id);
    expect(criterionChanged).toEqual([org.id]);
    const status = (await getCriterionStatus(org.id))!;
    expect(status.met).toBe(true);
    expect(status.evidence.map((e) => e.certificateId)).toEqual([cert.id]);
    expect(status.status).toBe("met");
    expect(status.since).not.toBeNull();

    const db = await getDb();
    const saved = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(saved.criterionMet).toBe(true);
    expect(saved.criterionChangedAt).toEqual(status.since);
    expect(await events(org.id)).toMatchObject([
      { met: true, cause: "certificate_issued", certificateId: cert.id, userId: manager.id },
    ]);

    // Audit chain and webhook outbox got both the certificate event and the criterion change.
    const audit = await db.auditEntry.findMany({
      orderBy: { seq: "asc" },
      where: { type: { in: ["certificate.issued", "criterion.changed"] } },
    });
    const mine = audit.filter((a) => JSON.stringify(a.payload).includes(cert.number));
    expect(mine.map((a) => a.type)).toEqual(["certificate.issued", "criterion.changed"]);
    expect(webhookCalls.map((c) => c.type)).toEqual(["certificate.issued", "criterion.changed"]);
    expect(webhookCalls[1]!.payload).toMatchObject({
      organization: { orgNumber: org.orgNumber, country: "SE" },
      change: "criterion",
      cause: "certificate_issued",
      criterion: {
        status: "met",
        met: true,
        since: status.since!.toISOString(),
        validUntil: cert.expiresAt!.toISOString(),
      },
      membership: { status: "member" },
      certificate: { number: cert.number },
    });
    // No internal ids in the payload: the company by its number, the certificate by its number.
    expect(JSON.stringify(webhookCalls[1]!.payload)).not.toContain(org.id);
    expect(JSON.stringify(webhookCalls[1]!.payload)).not.toContain(manager.id);
    expect(webhookCalls[0]!.payload).toMatchObject({
      certificate: {
        number: cert.number,
        status: "valid",
        stage: "quiz_passed",
        criterionEvidence: true,
        criterionCourse: true,
        course: { slug: "introduktion-for-chefer" },
      },
      organizations: [{ orgNumber: org.orgNumber, roles: ["manager"] }],
    });
    expect(webhookCalls[0]!.payload).not.toHaveProperty("userId");
  });

  it("records nothing when the status does not change, and flips back only when the last evidence goes", async () => {
    const org = await makeOrg();
    const a = await makeUser([[org.id, "manager"]]);
    const b = await makeUser([[org.id, "manager"]]);
    const first = await issue(a.id);
    const second = await issue(b.id);
    expect(second.criterionChanged).toEqual([]);
    expect((await getCriterionStatus(org.id))!.evidence).toHaveLength(2);

    expect((await revoke(first.cert.id)).criterionChanged).toEqual([]);
    expect((await getCriterionStatus(org.id))!.met).toBe(true);
    expect((await revoke(second.cert.id)).criterionChanged).toEqual([org.id]);
    expect((await getCriterionStatus(org.id))!).toMatchObject({ met: false, evidence: [] });
    expect((await events(org.id)).map((e) => [e.met, e.cause, e.certificateId])).toEqual([
      [true, "certificate_issued", first.cert.id],
      [false, "certificate_revoked", second.cert.id],
    ]);
  });

  it("flips to not met when the certificate expires (cause certificate_expired)", async () => {
    const org = await makeOrg();
    const manager = await makeUser([[org.id, "manager"]]);
    const { cert } = await issue(manager.id, { expiresAt: new Date(Date.now() + 10 * DAY) });
    const soon = (await getCriterionStatus(org.id))!;
    expect(soon).toMatchObject({ met: true, status: "expiring" });
    expect(soon.validUntil).toEqual(cert.expiresAt);

    // Time passes beyond the expiry: the live status already says not met, with the lapse time…
    const later = new Date(Date.now() + 11 * DAY);
    const lapsed = (await getCriterionStatus(org.id, { now: later }))!;
    expect(lapsed).toMatchObject({ met: false, evidence: [] });
    expect(lapsed.since).toEqual(cert.expiresAt);
    // …and the expiry sweep records it.
    const db = await getDb();
    const result = await db.$transaction(async (tx) => {
      await tx.certificate.update({ where: { id: cert.id }, data: { expiredEventAt: later } });
      return onCertificateChanged(tx, { certificateId: cert.id, type: "expired" }, { now: later });
    });
    expect(result.criterionChanged).toEqual([org.id]);
    expect((await events(org.id)).at(-1)).toMatchObject({
      met: false,
      cause: "certificate_expired",
      certificateId: cert.id,
    });
    expect(webhookCalls.map((c) => c.type)).toContain("certificate.expired");
  });

  it("ignores certificates of other courses, of non-managers, and revoked or expired ones", async () => {
    const org = await makeOrg();
    const agent = await makeUser([[org.id, "agent"]]);
    const admin = await makeUser([[org.id, "org_admin"]]);
    const manager = await makeUser([[org.id, "manager"]]);
    await issue(agent.id);
    await issue(admin.id);
    const other = await issue(manager.id, { criterionCourse: false });
    expect(other.criterionChanged).toEqual([]);
    await issue(manager.id, { expiresAt: new Date(Date.now() - DAY) });
    expect((await getCriterionStatus(org.id))!.met).toBe(false);
    expect(await events(org.id)).toEqual([]);
  });

  it("flips on role changes (role_changed) and removal (member_removed), naming who did it", async () => {
    const org = await makeOrg();
    const actor = await makeUser([[org.id, "org_admin"]]);
    const person = await makeUser([[org.id, "agent"]]);
    await issue(person.id); // an agent with the certificate: not evidence
    expect((await getCriterionStatus(org.id))!.met).toBe(false);
    const db = await getDb();
    const membership = await db.membership.findFirstOrThrow({ where: { userId: person.id, organizationId: org.id } });

    expect(
      await setRoles({ organizationId: org.id, membershipId: membership.id, roles: ["manager"], actorId: actor.id }),
    ).toEqual({ ok: true, roles: ["manager"], criterionChanged: true });
    expect((await getCriterionStatus(org.id))!.met).toBe(true);
    expect(
      await setRoles({ organizationId: org.id, membershipId: membership.id, roles: ["agent"], actorId: actor.id }),
    ).toEqual({ ok: true, roles: ["agent"], criterionChanged: true });
    expect((await getCriterionStatus(org.id))!.met).toBe(false);
    await setRoles({ organizationId: org.id, membershipId: membership.id, roles: ["manager"], actorId: actor.id });
    expect(await removeMember({ organizationId: org.id, membershipId: membership.id, actorId: actor.id })).toEqual({
      ok: true,
      criterionChanged: true,
    });
    expect((await getCriterionStatus(org.id))!.met).toBe(false);

    expect((await events(org.id)).map((e) => [e.met, e.cause, e.userId, e.actorId])).toEqual([
      [true, "role_changed", person.id, actor.id],
      [false, "role_changed", person.id, actor.id],
      [true, "role_changed", person.id, actor.id],
      [false, "member_removed", person.id, actor.id],
    ]);
    const history = await listCriterionEvents(org.id, { limit: 3 });
    expect(history.items.map((e) => e.cause)).toEqual(["member_removed", "role_changed", "role_changed"]);
    expect(history.items[0]!.actor?.id).toBe(actor.id);
    const rest = await listCriterionEvents(org.id, { limit: 3, cursor: history.nextCursor });
    expect(rest.items.map((e) => e.met)).toEqual([true]);
    expect(rest.nextCursor).toBeNull();
  });

  it("a company admin who is also a manager earns the criterion; removing only the manager role flips it", async () => {
    const org = await makeOrg();
    const both = await makeUser([[org.id, ["org_admin", "manager"]]], "Alva Båda");
    const cert = await issue(both.id);
    expect(cert.criterionChanged).toEqual([org.id]);
    const status = (await getCriterionStatus(org.id))!;
    expect(status.met).toBe(true);
    expect(status.evidence.map((e) => e.userId)).toEqual([both.id]);
    expect((await listCompaniesByCriterion({ search: org.orgNumber })).items[0]).toMatchObject({
      met: true,
      evidenceCount: 1,
    });

    // The certificate event lists both roles; the person is still the company's only admin.
    expect(webhookCalls.find((c) => c.type === "certificate.issued")!.payload).toMatchObject({
      organizations: [{ orgNumber: org.orgNumber, roles: ["manager", "org_admin"] }],
    });
    const db = await getDb();
    const membership = await db.membership.findFirstOrThrow({ where: { userId: both.id, organizationId: org.id } });
    // Taking away only the manager role: still the admin, no longer evidence.
    expect(
      await setRoles({ organizationId: org.id, membershipId: membership.id, roles: ["org_admin"], actorId: both.id }),
    ).toEqual({ ok: true, roles: ["org_admin"], criterionChanged: true });
    expect((await getCriterionStatus(org.id))!.met).toBe(false);
    expect((await events(org.id)).map((e) => [e.met, e.cause, e.userId])).toEqual([
      [true, "certificate_issued", both.id],
      [false, "role_changed", both.id],
    ]);
    // Changing only the other roles never touches the criterion.
    expect(
      await setRoles({
        organizationId: org.id,
        membershipId: membership.id,
        roles: ["org_admin", "agent"],
        actorId: both.id,
      }),
    ).toEqual({ ok: true, roles: ["agent", "org_admin"], criterionChanged: false });
    // The last admin cannot be removed even as a manager.
    expect(await removeMember({ organizationId: org.id, membershipId: membership.id, actorId: both.id })).toEqual({
      ok: false,
      error: "last_admin",
    });
  });

  it("re-evaluates every company where the holder is a manager, and only those", async () => {
    const one = await makeOrg();
    const two = await makeOrg();
    const three = await makeOrg();
    const person = await makeUser([
      [one.id, "manager"],
      [two.id, "manager"],
      [three.id, "agent"],
    ]);
    const { criterionChanged } = await issue(person.id);
    expect([...criterionChanged].sort()).toEqual([one.id, two.id].sort());
    expect((await getCriterionStatus(three.id))!.met).toBe(false);
  });

  it("rolls back the criterion change with the transaction that caused it", async () => {
    const org = await makeOrg();
    const manager = await makeUser([[org.id, "manager"]]);
    const db = await getDb();
    await expect(
      db.$transaction(async (tx) => {
        const attempt = await tx.quizAttempt.create({
          data: {
            userId: manager.id,
            courseSlug: "introduktion-for-chefer",
            contentVersion: "1",
            locale: "sv",
            snapshot: {},
          },
        });
        const cert = await tx.certificate.create({
          data: {
            number: `KA-RB-${randomUUID().slice(0, 6)}`,
            userId: manager.id,
            attemptId: attempt.id,
            holderName: "X",
            courseSlug: "introduktion-for-chefer",
            contentVersion: "1",
            locale: "sv",
            criterionCourse: true,
            scorePercent: 90,
          },
        });
        await onCertificateChanged(tx, { certificateId: cert.id, type: "issued" });
        throw new Error("signing failed");
      }),
    ).rejects.toThrow("signing failed");
    expect(await events(org.id)).toEqual([]);
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).criterionMet).toBe(false);
  });

  it("serialises concurrent certificate events for one company: one flip, recorded once", async () => {
    const org = await makeOrg();
    const managers = await Promise.all([1, 2, 3, 4].map(() => makeUser([[org.id, "manager"]])));
    const results = await Promise.all(managers.map((m) => issue(m.id)));
    expect(results.filter((r) => r.criterionChanged.length === 1)).toHaveLength(1);
    expect(await events(org.id)).toHaveLength(1);
  });

  it("finds a company by organisation number in any formatting", async () => {
    const org = await makeOrg();
    const spaced = `16${org.orgNumber.slice(0, 6)}-${org.orgNumber.slice(6)}`;
    const found = await getCriterionStatusByOrgNumber(spaced);
    expect(found).toMatchObject({ ok: true, organization: { id: org.id }, status: { met: false } });
    expect(await getCriterionStatusByOrgNumber("556677-8898")).toEqual({ ok: false, error: "checksum" });
    expect(await getCriterionStatusByOrgNumber("5560743089")).toEqual({ ok: false, error: "not_found" });
  });
});

describe("listing companies by criterion status", () => {
  it("filters met / expiring / not met, pages with cursors both ways, and rejects forged cursors", async () => {
    const prefix = `Lista ${randomUUID().slice(0, 4)}`;
    const met = await makeOrg(`${prefix} A met`);
    const expiring = await makeOrg(`${prefix} B expiring`);
    const notMet = await makeOrg(`${prefix} C not met`);
    const forever = await makeOrg(`${prefix} D forever`);
    await issue((await makeUser([[met.id, "manager"]])).id);
    await issue((await makeUser([[expiring.id, "manager"]])).id, { expiresAt: new Date(Date.now() + 30 * DAY) });
    await makeUser([[notMet.id, "manager"]]);
    await issue((await makeUser([[forever.id, "manager"]])).id, { expiresAt: null });

    const names = async (status: "all" | "met" | "not_met" | "expiring") =>
      (await listCompaniesByCriterion({ status, search: prefix })).items.map((i) => i.name.slice(prefix.length + 1));
    expect(await names("all")).toEqual(["A met", "B expiring", "C not met", "D forever"]);
    expect(await names("met")).toEqual(["A met", "B expiring", "D forever"]);
    expect(await names("expiring")).toEqual(["B expiring"]);
    expect(await names("not_met")).toEqual(["C not met"]);
    const row = (await listCompaniesByCriterion({ status: "met", search: prefix })).items;
    expect(row.find((r) => r.id === forever.id)).toMatchObject({
      met: true,
      validUntil: null,
      status: "met",
      evidenceCount: 1,
    });
    expect(row.find((r) => r.id === expiring.id)).toMatchObject({ met: true, status: "expiring" });

    const page1 = await listCompaniesByCriterion({ search: prefix, limit: 2 });
    expect(page1.items.map((i) => i.id)).toEqual([met.id, expiring.id]);
    expect(page1.prevCursor).toBeNull();
    const page2 = await listCompaniesByCriterion({ search: prefix, limit: 2, cursor: page1.nextCursor });
    expect(page2.items.map((i) => i.id)).toEqual([notMet.id, forever.id]);
    expect(page2.nextCursor).toBeNull();
    const back = await listCompaniesByCriterion({
      search: prefix,
      limit: 2,
      cursor: page2.prevCursor,
      direction: "backward",
    });
    expect(back.items.map((i) => i.id)).toEqual([met.id, expiring.id]);

    expect(await countCompaniesByCriterion({ search: prefix })).toEqual({
      total: 4,
      met: 3,
      notMet: 1,
      expiring: 1,
      metNotMember: 0,
      excluded: 0,
      nonMember: 0,
    });
    // Search by organisation number, formatted.
    const byNumber = await listCompaniesByCriterion({
      search: `${notMet.orgNumber.slice(0, 6)}-${notMet.orgNumber.slice(6)}`,
    });
    expect(byNumber.items.map((i) => i.id)).toEqual([notMet.id]);

    for (const bad of ["x", "!!!", Buffer.from("[1,2]").toString("base64url"), "a".repeat(5000)]) {
      await expect(listCompaniesByCriterion({ cursor: bad })).rejects.toBeInstanceOf(InvalidCursorError);
    }
    // Limits are clamped, never an error.
    expect((await listCompaniesByCriterion({ limit: 1e9, search: prefix })).items).toHaveLength(4);
    expect((await listCompaniesByCriterion({ limit: -5, search: prefix })).items).toHaveLength(1);
    // LIKE wildcards in the search are literal.
    expect((await listCompaniesByCriterion({ search: "%" })).items.every((i) => i.name.includes("%"))).toBe(true);
  });
});

describe("organisations", () => {
  it("stores the canonical organisation number and refuses a duplicate in another formatting", async () => {
    const number = swedishOrgNumber();
    const input = organizationSchema.parse({
      name: "Kanon AB",
      country: "SE",
      orgNumber: `${number.slice(0, 6)} - ${number.slice(6)}`,
      membershipStatus: "member",
      memberSince: "2024-02-01",
    });
    const created = await createOrganization(input);
    expect(created.ok).toBe(true);
    const db = await getDb();
    const org = await db.organization.findUniqueOrThrow({ where: { id: (created as { id: string }).id } });
    expect(org.orgNumber).toBe(number);
    expect(org.memberSince?.toISOString()).toBe("2024-02-01T00:00:00.000Z");
    const again = organizationSchema.parse({
      name: "Kopia AB",
      country: "SE",
      orgNumber: `16${number}`,
      membershipStatus: "member",
    });
    expect(await createOrganization(again)).toEqual({ ok: false, error: "orgNumber_taken" });
  });

  it("validates the form: checksum, country, dates", () => {
    const base = { name: "X", country: "SE", membershipStatus: "member" };
    const issues = (v: Record<string, string>) => {
      const r = organizationSchema.safeParse({ ...base, ...v });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    };
    expect(issues({ orgNumber: "556677-8898" })).toEqual(["orgNumber:orgNumber_checksum"]);
    expect(issues({ orgNumber: "1572860-0" })).toEqual(["orgNumber:orgNumber_country_mismatch"]);
    expect(issues({ orgNumber: "1572860-0", country: "FI" })).toEqual([]);
    expect(issues({ orgNumber: "5566778899", memberSince: "2024-02-30" })).toEqual(["memberSince:invalidDate"]);
    expect(
      issues({
        orgNumber: "5566778899",
        membershipStatus: "excluded",
        memberSince: "2024-02-01",
        membershipEndedAt: "2023-01-01",
      }),
    ).toEqual(["membershipEndedAt:endBeforeStart"]);
  });

  it("excluding a company flips its standing (not its training criterion), records it with its cause, fires one event, and shows in the overview and the API", async () => {
    const org = await makeOrg();
    const manager = await makeUser([[org.id, "manager"]]);
    const actor = await makeUser([], "Kim Kontakta");
    await issue(manager.id);
    webhookCalls.length = 0;
    const input = organizationSchema.parse({
      name: org.name,
      country: "SE",
      orgNumber: org.orgNumber,
      membershipStatus: "excluded",
      memberSince: "2020-01-01",
      membershipEndedAt: "2026-01-01",
      exclusionDecidedAt: "2025-12-15",
    });
    expect(await updateOrganization(org.id, input, actor.id)).toEqual({ ok: true, id: org.id });

    // One event, with the standing and the (unchanged) criterion side by side.
    expect(webhookCalls.map((c) => c.type)).toEqual(["criterion.changed"]);
    expect(webhookCalls[0]!.payload).toMatchObject({
      change: "membership",
      cause: "membership_changed",
      criterion: { status: "met", met: true },
      membership: {
        status: "excluded",
        endedAt: "2026-01-01T00:00:00.000Z",
        exclusionDecidedAt: "2025-12-15T00:00:00.000Z",
      },
      certificate: null,
    });
    // Recorded in the criterion history with its cause and who did it.
    expect(
      (await events(org.id)).map((e) => [
        e.kind,
        e.cause,
        e.met,
        e.membershipStatus,
        e.previousMembershipStatus,
        e.actorId,
      ]),
    ).toEqual([
      ["criterion", "certificate_issued", true, null, null, null],
      ["membership", "membership_changed", true, "excluded", "member", actor.id],
    ]);
    const history = await listCriterionEvents(org.id);
    expect(history.items[0]).toMatchObject({
      kind: "membership",
      membershipStatus: "excluded",
      previousMembershipStatus: "member",
      actor: { id: actor.id },
    });

    // The overview: filter on both; the count of companies that meet the criterion without being members.
    expect(
      (await listCompaniesByCriterion({ status: "met", membershipStatus: "excluded", search: org.orgNumber })).items,
    ).toMatchObject([
      {
        id: org.id,
        met: true,
        membershipStatus: "excluded",
        membership: { exclusionDecidedAt: new Date("2025-12-15T00:00:00.000Z") },
      },
    ]);
    expect(
      (await listCompaniesByCriterion({ status: "met", membershipStatus: "member", search: org.orgNumber })).items,
    ).toEqual([]);
    expect(await countCompaniesByCriterion({ search: org.orgNumber })).toMatchObject({
      total: 1,
      met: 1,
      metNotMember: 1,
      excluded: 1,
    });

    // The criterion endpoint's data: the standing next to the criterion.
    const byNumber = await getCriterionStatusByOrgNumber(org.orgNumber);
    expect(byNumber).toMatchObject({ ok: true, organization: { membershipStatus: "excluded" }, status: { met: true } });

    // Saving again without a change of standing records nothing more.
    webhookCalls.length = 0;
    expect(await updateOrganization(org.id, input, actor.id)).toEqual({ ok: true, id: org.id });
    expect(webhookCalls).toEqual([]);
    expect(await events(org.id)).toHaveLength(2);
    expect(await updateOrganization("nope", input, null)).toEqual({ ok: false, error: "not_found" });
  });

  it("the form asks for the decision date of an exclusion, and only then", () => {
    const base = {
      name: "X AB",
      country: "SE",
      orgNumber: "5566778899",
      memberSince: "2020-01-01",
      membershipEndedAt: "2026-01-01",
    };
    const issues = (v: Record<string, string>) => {
      const r = organizationSchema.safeParse({ ...base, ...v });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    };
    expect(issues({ membershipStatus: "excluded" })).toEqual(["exclusionDecidedAt:decisionRequired"]);
    expect(issues({ membershipStatus: "non_member", exclusionDecidedAt: "2025-12-01" })).toEqual([
      "exclusionDecidedAt:decisionWithoutExclusion",
    ]);
    expect(issues({ membershipStatus: "excluded", exclusionDecidedAt: "2025-12-01" })).toEqual([]);
  });
});

describe("invitations", () => {
  const inviter = async (orgId: string) => {
    const user = await makeUser([[orgId, "org_admin"]], "Anders Admin");
    return { id: user.id, name: user.name, email: user.email };
  };
  // Invitation mails are queued in the mail outbox with the invitation; the mail job sends them
  // (here to the development outbox file).
  const tokenFromMail = async (email: string) => {
    await deliverDueMail();
    const mail = readOutbox(200).find((m) => m.to === email);
    expect(mail, `mail to ${email}`).toBeDefined();
    const url = /https?:\/\/\S+\/invitations\/([A-Za-z0-9_-]{43})/.exec(mail!.text);
    expect(url).not.toBeNull();
    return url![1]!;
  };

  it("sends a single-use link, stores only its hash, and makes the invitee a member when accepted", async () => {
    const org = await makeOrg("Inbjudan AB");
    const by = await inviter(org.id);
    const email = `ny-${randomUUID().slice(0, 6)}@org.example`;
    const report = await inviteMany({
      organizationId: org.id,
      rows: parseInviteList(`${email},manager,Nina Ny`, "agent").rows,
      invitedBy: by,
      language: "sv",
    });
    expect(report).toMatchObject({
      invited: 1,
      failed: 0,
      rows: [{ status: "invited", email, roles: ["manager"], name: "Nina Ny", mail: "queued" }],
    });
    const token = await tokenFromMail(email);
    const mail = readOutbox(200).find((m) => m.to === email)!;
    expect(mail.subject).toContain("Inbjudan AB");
    expect(mail.text).toContain("Hej Nina Ny");

    const db = await getDb();
    const stored = await db.invitation.findFirstOrThrow({ where: { email } });
    expect(stored.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(7 * DAY);

    expect(await findInvitationByToken(token)).toMatchObject({
      email,
      roles: ["manager"],
      state: "pending",
      organization: { id: org.id, name: "Inbjudan AB" },
    });
    const invitee = await db.user.create({ data: { email } });
    expect(await acceptInvitation(token, invitee)).toMatchObject({
      status: "accepted",
      organizationId: org.id,
      roles: ["manager"],
    });
    expect(
      await db.membership.findUnique({
        where: { userId_organizationId: { userId: invitee.id, organizationId: org.id } },
      }),
    ).toMatchObject({ roles: ["manager"] });
    expect((await db.user.findUniqueOrThrow({ where: { id: invitee.id } })).name).toBe("Nina Ny");
    // Single use: the same link again is refused.
    expect(await acceptInvitation(token, invitee)).toEqual({ status: "used" });
    expect((await findInvitationByToken(token))!.state).toBe("accepted");
  });

  it("refuses an expired link, a withdrawn link, a wrong account and a malformed token", async () => {
    const org = await makeOrg();
    const by = await inviter(org.id);
    const db = await getDb();
    const emails = ["old", "withdrawn", "forwarded"].map((p) => `${p}-${randomUUID().slice(0, 6)}@org.example`);
    const report = await inviteMany({
      organizationId: org.id,
      rows: parseInviteList(emails.join("\n"), "agent").rows,
      invitedBy: by,
      language: "en",
    });
    expect(report.invited).toBe(3);
    const [oldToken, withdrawnToken, forwardedToken] = [
      await tokenFromMail(emails[0]!),
      await tokenFromMail(emails[1]!),
      await tokenFromMail(emails[2]!),
    ];
    const users = await Promise.all(emails.map((email) => db.user.create({ data: { email } })));

    const eightDaysLater = new Date(Date.now() + 8 * DAY);
    expect(await acceptInvitation(oldToken!, users[0]!, eightDaysLater)).toEqual({ status: "expired" });
    expect((await findInvitationByToken(oldToken!, eightDaysLater))!.state).toBe("expired");

    const withdrawn = await db.invitation.findFirstOrThrow({ where: { email: emails[1] } });
    expect(await revokeInvitation(org.id, withdrawn.id)).toBe(true);
    expect(await acceptInvitation(withdrawnToken!, users[1]!)).toEqual({ status: "revoked" });

    const stranger = await makeUser();
    expect(await acceptInvitation(forwardedToken!, stranger)).toEqual({
      status: "wrong_user",
      invitedEmail: emails[2],
    });
    expect(await db.membership.count({ where: { organizationId: org.id, userId: stranger.id } })).toBe(0);

    expect(await acceptInvitation("short", users[2]!)).toEqual({ status: "not_found" });
    expect(await acceptInvitation("A".repeat(43), users[2]!)).toEqual({ status: "not_found" });
    expect(await findInvitationByToken("../../etc/passwd")).toBeNull();
  });

  it("lets only one of two simultaneous acceptances succeed", async () => {
    const org = await makeOrg();
    const by = await inviter(org.id);
    const email = `race-${randomUUID().slice(0, 6)}@org.example`;
    await inviteMany({
      organizationId: org.id,
      rows: parseInviteList(email, "agent").rows,
      invitedBy: by,
      language: "sv",
    });
    const token = await tokenFromMail(email);
    const db = await getDb();
    const user = await db.user.create({ data: { email } });
    const outcomes = await Promise.all([acceptInvitation(token, user), acceptInvitation(token, user)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["accepted", "used"]);
    expect(await db.membership.count({ where: { organizationId: org.id, userId: user.id } })).toBe(1);
  });

  it("resending replaces the link: the old one stops working, the new one works for 7 more days", async () => {
    const org = await makeOrg();
    const by = await inviter(org.id);
    const email = `resend-${randomUUID().slice(0, 6)}@org.example`;
    await inviteMany({
      organizationId: org.id,
      rows: parseInviteList(email, "agent").rows,
      invitedBy: by,
      language: "sv",
    });
    const oldToken = await tokenFromMail(email);
    const db = await getDb();
    const inv = await db.invitation.findFirstOrThrow({ where: { email } });
    const result = await resendInvitation({
      organizationId: org.id,
      invitationId: inv.id,
      invitedBy: by,
      language: "sv",
    });
    expect(result).toMatchObject({ ok: true, mail: "queued", email });
    const latest = await tokenFromMail(email);
    const newToken = latest === oldToken ? null : latest;
    // readOutbox is newest first: the first mail to the address is the new one.
    expect(newToken).not.toBeNull();
    const user = await db.user.create({ data: { email } });
    expect(await acceptInvitation(oldToken, user)).toEqual({ status: "not_found" });
    expect(await acceptInvitation(newToken!, user)).toMatchObject({ status: "accepted" });
    // Another company cannot resend or revoke this company's invitation.
    const other = await makeOrg();
    expect(
      await resendInvitation({ organizationId: other.id, invitationId: inv.id, invitedBy: by, language: "sv" }),
    ).toEqual({ ok: false });
    expect(await revokeInvitation(other.id, inv.id)).toBe(false);
  });

  it("accepting as a manager can flip the criterion (member_added)", async () => {
    const org = await makeOrg();
    const by = await inviter(org.id);
    const db = await getDb();
    const email = `certified-${randomUUID().slice(0, 6)}@org.example`;
    const user = await db.user.create({ data: { email } });
    await issue(user.id); // certified before joining: no company yet
    await inviteMany({
      organizationId: org.id,
      rows: parseInviteList(`${email};chef`, "agent").rows,
      invitedBy: by,
      language: "sv",
    });
    expect(await acceptInvitation(await tokenFromMail(email), user)).toMatchObject({
      status: "accepted",
      roles: ["manager"],
      criterionChanged: true,
    });
    expect((await events(org.id)).map((e) => [e.met, e.cause, e.userId, e.actorId])).toEqual([
      [true, "member_added", user.id, by.id],
    ]);
  });

  it("bulk invite: one report row per input row, saying what failed and why; valid rows written together", async () => {
    const org = await makeOrg();
    const by = await inviter(org.id);
    const member = await makeUser([[org.id, "agent"]]);
    const db = await getDb();
    const earlier = `earlier-${randomUUID().slice(0, 6)}@org.example`;
    await inviteMany({
      organizationId: org.id,
      rows: parseInviteList(earlier, "agent").rows,
      invitedBy: by,
      language: "sv",
    });
    const fresh = `fresh-${randomUUID().slice(0, 6)}@org.example`;
    const both = `both-${randomUUID().slice(0, 6)}@org.example`;
    const csv = [
      "email,role,name",
      `${fresh},manager,"Frida Fresh"`,
      "not-an-address,agent,",
      `${fresh},agent,Again`,
      `${member.email.toUpperCase()},agent,`,
      `someone@org.example,boss,`,
      `${earlier},org_admin,`,
      `${both},admin+chef,Bo Both`,
    ].join("\n");
    const report = await inviteMany({
      organizationId: org.id,
      rows: parseInviteList(csv, "agent").rows,
      invitedBy: by,
      language: "sv",
    });
    expect(report.rows.map((r) => [r.line, r.status, r.status === "failed" ? r.error : r.roles.join("+")])).toEqual([
      [2, "invited", "manager"],
      [3, "failed", "invalid_email"],
      [4, "failed", "duplicate"],
      [5, "failed", "already_member"],
      [6, "failed", "invalid_role"],
      [7, "reinvited", "org_admin"],
      [8, "invited", "manager+org_admin"],
    ]);
    expect(report).toMatchObject({ invited: 3, failed: 4 });
    expect(await db.invitation.findFirst({ where: { email: fresh } })).toMatchObject({
      name: "Frida Fresh",
      roles: ["manager"],
    });
    expect(await db.invitation.findFirst({ where: { email: both } })).toMatchObject({
      roles: ["manager", "org_admin"],
    });
    // The mail names both roles.
    await deliverDueMail();
    expect(readOutbox(200).find((m) => m.to === both)!.text).toContain(
      "Chef (ledande ställning) + Företagsadministratör",
    );
    // The earlier invitation to the same address was replaced, not duplicated.
    const open = await listOpenInvitations(org.id);
    expect(open.items.filter((i) => i.email === earlier)).toHaveLength(1);
    expect(open.items.find((i) => i.email === earlier)).toMatchObject({ roles: ["org_admin"], state: "pending" });
  });

  it("refuses to remove or demote the last company admin", async () => {
    const org = await makeOrg();
    const admin = await makeUser([[org.id, "org_admin"]]);
    const db = await getDb();
    const membership = await db.membership.findFirstOrThrow({ where: { userId: admin.id } });
    expect(
      await setRoles({ organizationId: org.id, membershipId: membership.id, roles: ["agent"], actorId: admin.id }),
    ).toEqual({ ok: false, error: "last_admin" });
    // Adding a role is fine; dropping the admin role while keeping another is still refused.
    expect(
      await setRoles({
        organizationId: org.id,
        membershipId: membership.id,
        roles: ["org_admin", "manager"],
        actorId: admin.id,
      }),
    ).toMatchObject({ ok: true, roles: ["manager", "org_admin"] });
    expect(
      await setRoles({ organizationId: org.id, membershipId: membership.id, roles: ["manager"], actorId: admin.id }),
    ).toEqual({ ok: false, error: "last_admin" });
    expect(
      await setRoles({ organizationId: org.id, membershipId: membership.id, roles: [], actorId: admin.id }),
    ).toEqual({ ok: false, error: "no_roles" });
    expect(
      await setRoles({
        organizationId: org.id,
        membershipId: membership.id,
        roles: ["manager", "org_admin"],
        actorId: admin.id,
      }),
    ).toEqual({ ok: false, error: "unchanged" });
    expect(await removeMember({ organizationId: org.id, membershipId: membership.id, actorId: admin.id })).toEqual({
      ok: false,
      error: "last_admin",
    });
    // A membership id from another company is not found through this company.
    const other = await makeOrg();
    expect(await removeMember({ organizationId: other.id, membershipId: membership.id, actorId: admin.id })).toEqual({
      ok: false,
      error: "not_found",
    });
    expect(await db.membership.count({ where: { id: membership.id } })).toBe(1);
  });
});

describe("team dashboard", () => {
  it("shows each person's progress and certificates, the completion series, guidance and the CSV", async () => {
    const { getTeamDashboard, teamCsv } = await import("~/modules/organizations/team.server");
    const { getContentStore } = await import("~/modules/courses/content.server");
    const org = await makeOrg("Instrumentpanel AB");
    const manager = await makeUser([[org.id, "manager"]], "Maja Chef");
    const agent = await makeUser([[org.id, "agent"]], "=Evil Agent");
    const admin = await makeUser([[org.id, "org_admin"]], "Ada Admin");
    await issue(admin.id); // a certificate, but not a manager: the guidance says so

    const db = await getDb();
    const course = getContentStore().getCourse("introduktion-for-chefer")!;
    await db.lessonCompletion.createMany({
      data: course.lessons.slice(0, 2).map((l) => ({
        userId: manager.id,
        courseSlug: course.slug,
        contentVersion: course.version,
        lessonSlug: l.slug,
      })),
    });
    // A completion of an old content version does not count.
    await db.lessonCompletion.create({
      data: {
        userId: manager.id,
        courseSlug: course.slug,
        contentVersion: "1999.1",
        lessonSlug: course.lessons[2]!.slug,
      },
    });

    let dashboard = (await getTeamDashboard(org.id, { language: "sv" }))!;
    expect(dashboard.criterion.met).toBe(false);
    expect(dashboard.guidance.managerCount).toBe(1);
    expect(dashboard.guidance.managers[0]).toMatchObject({
      name: "Maja Chef",
      progress: { state: "in_progress", lessonsDone: 2, lessonCount: course.lessons.length },
    });
    expect(dashboard.guidance.certifiedNonManagers.map((p) => p.userId)).toEqual([admin.id]);
    expect(dashboard.courses[0]).toMatchObject({
      slug: "introduktion-for-chefer",
      criterionCourse: true,
      certified: 1,
    });

    const lastMonth = new Date();
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1, 15);
    await issue(manager.id, { issuedAt: lastMonth });
    dashboard = (await getTeamDashboard(org.id, { language: "sv" }))!;
    expect(dashboard.criterion.met).toBe(true);
    const byName = new Map(dashboard.members.items.map((m) => [m.name, m]));
    expect(byName.get("Maja Chef")!.progress["introduktion-for-chefer"]).toMatchObject({
      state: "certified",
      certificate: { expiringSoon: false },
    });
    expect(byName.get("=Evil Agent")!.progress["introduktion-for-chefer"]).toMatchObject({
      state: "not_started",
      lessonsDone: 0,
    });
    expect(dashboard.series).toHaveLength(12);
    expect(dashboard.series.at(-1)!.cumulative).toBe(2);
    expect(dashboard.series.at(-2)!.completions).toBe(1);
    expect(dashboard.series.reduce((n, p) => n + p.completions, 0)).toBe(2);

    // Role filter and paging.
    expect(
      (await getTeamDashboard(org.id, { language: "sv", role: "agent" }))!.members.items.map((m) => m.userId),
    ).toEqual([agent.id]);
    expect(byName.get("Ada Admin")!.roles).toEqual(["org_admin"]);

    let csv = "";
    for await (const chunk of teamCsv(org.id, { t: (k) => k, language: "sv" })) csv += chunk;
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(4); // header + three people
    expect(lines[0]).toContain("csv.email");
    expect(csv).toContain(manager.email);
    expect(csv).toContain("'=Evil Agent"); // no formula reaches a spreadsheet
    expect(csv).toContain("progress.certified");
  });
});

describe("invite limits", () => {
  it("caps invitation mails per company per day, for single and bulk invites", async () => {
    const { handleInviteAction, invitationMailLimiter, INVITES_PER_COMPANY_PER_DAY } =
      await import("~/modules/organizations/invite-action.server");
    const db = await getDb();
    const setup = async () => {
      const org = await makeOrg();
      const admin = await makeUser([[org.id, "org_admin"]], "Lim Admin");
      const user = {
        id: admin.id,
        name: admin.name,
        email: admin.email,
        locale: null,
        platformRole: "user" as const,
        memberships: [],
      };
      expect((await invitationMailLimiter.consume(org.id, INVITES_PER_COMPANY_PER_DAY - 1)).allowed).toBe(true);
      const post = (fields: Record<string, string>) =>
        handleInviteAction(
          new Request("http://localhost:3000/x", { method: "POST", body: new URLSearchParams(fields) }),
          org.id,
          user,
        );
      return { org, post };
    };

    const one = await setup();
    expect(await one.post({ intent: "single", email: "one@lim.example", roles: "agent" })).toMatchObject({
      status: 200,
      result: { kind: "report", report: { invited: 1 } },
    });
    expect(await one.post({ intent: "single", email: "two@lim.example", roles: "agent" })).toMatchObject({
      status: 429,
      result: { message: "rateLimited" },
    });
    expect(await db.invitation.count({ where: { organizationId: one.org.id } })).toBe(1);

    // A list larger than what is left is refused as a whole: nothing is written or sent.
    const two = await setup();
    expect(
      await two.post({ intent: "bulk", defaultRole: "agent", list: "one@lim.example\ntwo@lim.example" }),
    ).toMatchObject({ status: 429, result: { message: "rateLimited" } });
    expect(await db.invitation.count({ where: { organizationId: two.org.id } })).toBe(0);

    // Bad input is a 400, not a 500.
    expect(await two.post({ intent: "nonsense" })).toMatchObject({ status: 400 });
  });
});
