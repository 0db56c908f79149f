// The mails at the moments that matter, on both engines: each is queued exactly once, in the
// transaction of the change that causes it (a rolled-back change leaves no mail), to the right
// people in their language; reminders honour the opt-out and carry the one-click unsubscribe link,
// which works without signing in; transactional mails ignore the opt-out.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { revokeCertificate } from "~/modules/certificates/certificates.server";
import { runCertificateExpiry } from "~/modules/certificates/expiry.server";
import { openBody } from "~/modules/mail/outbox.server";
import { unsubscribeToken, verifyUnsubscribeToken } from "~/modules/mail/reminders.server";
import { reevaluateCriterion } from "~/modules/organizations/criterion.server";
import {
  acceptInvitation,
  hashInvitationToken,
  landingAfterInvitation,
  newInvitationToken,
} from "~/modules/organizations/invitations.server";
import { getDb } from "~/utils/db.server";
import { createCompany, createPerson, issueCertificate } from "../support/domain-fixtures";
import { callRoute, importRoute, listRouteFiles } from "../support/route-harness";

const DAY = 86_400_000;

beforeEach(async () => {
  const db = await getDb();
  await db.mailOutbox.deleteMany({});
});

async function mailsTo(email: string) {
  const db = await getDb();
  return db.mailOutbox.findMany({ where: { to: email }, orderBy: { createdAt: "asc" } });
}

async function invitation(organizationId: string, email: string, roles: Array<"manager" | "agent" | "org_admin">) {
  const db = await getDb();
  const token = newInvitationToken();
  await db.invitation.create({
    data: {
      organizationId,
      email,
      name: "Nina Ny",
      roles,
      tokenHash: hashInvitationToken(token),
      expiresAt: new Date(Date.now() + DAY),
    },
  });
  return token;
}

describe("welcome after an invitation is accepted", () => {
  it("queues one welcome with the membership, pointing a manager to the introductory course", async () => {
    const db = await getDb();
    const company = await createCompany({ country: "FI" });
    const person = await db.user.create({ data: { email: `chef-${randomUUID().slice(0, 8)}@mail.example` } });
    const token = await invitation(company.id, person.email, ["manager"]);
    const outcome = await acceptInvitation(token, person);
    expect(outcome).toMatchObject({ status: "accepted" });
    const mails = await mailsTo(person.email);
    expect(mails.map((m) => m.kind)).toEqual(["welcome"]);
    // A Finnish company, a person without a language of their own: Finnish.
    expect(mails[0]!.subject).toContain("Tervetuloa");
    expect(openBody(mails[0]!.text)).toContain("/courses/introduktion-for-chefer");
    expect(await landingAfterInvitation({ userId: person.id, organizationId: company.id, roles: ["manager"] })).toBe(
      "/courses/introduktion-for-chefer",
    );
    // Accepting again changes nothing and queues nothing.
    expect((await acceptInvitation(token, person)).status).toBe("used");
    expect(await mailsTo(person.email)).toHaveLength(1);
  });

  it("an agent lands on My learning, an admin on the company; a refused acceptance queues nothing", async () => {
    const db = await getDb();
    const company = await createCompany();
    const agent = await db.user.create({
      data: { email: `agent-${randomUUID().slice(0, 8)}@mail.example`, locale: "en" },
    });
    const token = await invitation(company.id, agent.email, ["agent"]);
    const stranger = await db.user.create({ data: { email: `other-${randomUUID().slice(0, 8)}@mail.example` } });
    expect((await acceptInvitation(token, stranger)).status).toBe("wrong_user");
    expect(await mailsTo(stranger.email)).toHaveLength(0);
    expect(await mailsTo(agent.email)).toHaveLength(0);
    await acceptInvitation(token, agent);
    const [welcome] = await mailsTo(agent.email);
    expect(welcome!.subject).toMatch(/^Welcome to/);
    expect(openBody(welcome!.text)).toContain("/learning");
    expect(await landingAfterInvitation({ userId: agent.id, organizationId: company.id, roles: ["agent"] })).toBe(
      "/learning",
    );
    expect(await landingAfterInvitation({ userId: agent.id, organizationId: company.id, roles: ["org_admin"] })).toBe(
      `/team/${company.id}`,
    );
  });

  it("the sign-in link's destination accepts for the invited address and sends them on", async () => {
    const db = await getDb();
    const company = await createCompany();
    const person = await db.user.create({ data: { email: `ny-${randomUUID().slice(0, 8)}@mail.example` } });
    const token = await invitation(company.id, person.email, ["manager"]);
    const sessionToken = randomUUID();
    await db.session.create({ data: { sessionToken, userId: person.id, expires: new Date(Date.now() + DAY) } });
    const route = listRouteFiles().find((r) => r.file === "invitations.$token_.accept.tsx")!;
    const response = await callRoute(await importRoute(route), {
      path: `/invitations/${token}/accept`,
      params: { token },
      headers: { cookie: `authjs.session-token=${sessionToken}` },
    });
    expect(response.status).toBe(302);
    expect(response.location).toBe("/courses/introduktion-for-chefer");
    expect(await db.membership.count({ where: { userId: person.id, organizationId: company.id } })).toBe(1);
    expect((await mailsTo(person.email)).map((m) => m.kind)).toEqual(["welcome"]);
  });
});

describe("certificates and the criterion", () => {
  it("a revocation mails the holder and their company's admins once, and the criterion flip mails every admin once, in the same transaction", async () => {
    const db = await getDb();
    const company = await createCompany();
    const admins = [
      await createPerson(company.id, "org_admin", "Anna Admin"),
      await createPerson(company.id, ["org_admin", "agent"], "Bo Admin"),
    ];
    const manager = await createPerson(company.id, "manager", "Cecilia Chef");
    const staff = await db.user.create({
      data: { email: `staff-${randomUUID().slice(0, 8)}@kontakta.example`, platformRole: "admin" },
    });
    const certificate = await issueCertificate(manager.id);
    expect((await db.organization.findUniqueOrThrow({ where: { id: company.id } })).criterionMet).toBe(true);
    await db.mailOutbox.deleteMany({});

    expect(
      await revokeCertificate({
        number: certificate.number,
        reason: "Provet gjordes av någon annan",
        adminId: staff.id,
      }),
    ).toMatchObject({ status: "revoked" });
    const holderMails = await mailsTo(manager.email);
    expect(holderMails.map((m) => m.kind)).toEqual(["certificate_revoked"]);
    expect(openBody(holderMails[0]!.text)).toContain("Provet gjordes av någon annan");
    for (const admin of admins) {
      const kinds = (await mailsTo(admin.email)).map((m) => m.kind).sort();
      expect(kinds).toEqual(["certificate_revoked", "criterion_changed"]);
      const flip = (await mailsTo(admin.email)).find((m) => m.kind === "criterion_changed")!;
      expect(flip.subject).toContain("uppfyller inte längre");
      expect(openBody(flip.text)).toContain(`/team/${company.id}`);
    }
    expect(await db.mailOutbox.count()).toBe(1 + 2 * admins.length);
    // Revoking again changes nothing and queues nothing.
    expect(await revokeCertificate({ number: certificate.number, reason: "igen", adminId: staff.id })).toMatchObject({
      status: "already-revoked",
    });
    expect(await db.mailOutbox.count()).toBe(1 + 2 * admins.length);
  });

  it("a flip to expiring mails the admins with the date; a rolled-back flip leaves no mail", async () => {
    const db = await getDb();
    const company = await createCompany();
    const admin = await createPerson(company.id, "org_admin", "Anna Admin");
    const manager = await createPerson(company.id, "manager", "Cecilia Chef");
    // Met from the start, but every certificate expires within 60 days: "expiring".
    await issueCertificate(manager.id, { expiresAt: new Date(Date.now() + 20 * DAY) });
    const [mail] = await mailsTo(admin.email);
    expect(mail).toMatchObject({ kind: "criterion_changed" });
    expect(mail!.subject).toMatch(/gäller bara till/);

    const other = await createCompany();
    const otherAdmin = await createPerson(other.id, "org_admin");
    const otherManager = await createPerson(other.id, "manager");
    await issueCertificate(otherManager.id);
    await db.mailOutbox.deleteMany({});
    await db.certificate.updateMany({ where: { userId: otherManager.id }, data: { revokedAt: new Date() } });
    await expect(
      db.$transaction(async (tx) => {
        expect((await reevaluateCriterion(tx, other.id, "certificate_revoked")).changed).toBe(true);
        expect(await tx.mailOutbox.count({ where: { to: otherAdmin.email } })).toBe(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await mailsTo(otherAdmin.email)).toHaveLength(0);
  });
});

describe("reminders and the opt-out", () => {
  it("the expiry reminder carries the unsubscribe link and headers; after opting out through it, no reminder is queued", async () => {
    const db = await getDb();
    const company = await createCompany();
    const holder = await createPerson(company.id, "agent", "Greta Giltig");
    const now = new Date();
    // Reminders due for other tests' certificates first, so the counts below are this person's.
    await runCertificateExpiry(now);
    const first = await issueCertificate(holder.id, {
      criterionCourse: false,
      expiresAt: new Date(now.getTime() + 10 * DAY),
    });
    await db.mailOutbox.deleteMany({});
    expect(await runCertificateExpiry(now)).toMatchObject({ remindersQueued: 1 });
    const [reminder] = await mailsTo(holder.email);
    expect(reminder).toMatchObject({ kind: "expiry_reminder", certificateId: first.id });
    const headers = JSON.parse(openBody(reminder!.headers!)) as Record<string, string>;
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const url = /^<(.+)>$/.exec(headers["List-Unsubscribe"]!)![1]!;
    expect(openBody(reminder!.text)).toContain(url);
    const token = url.split("/unsubscribe/")[1]!;
    expect(verifyUnsubscribeToken(token)).toBe(holder.id);
    expect(verifyUnsubscribeToken(`${token.slice(0, -2)}xx`)).toBeNull();
    expect(verifyUnsubscribeToken(unsubscribeToken(holder.id, "another-secret-another-secret-1234"))).toBeNull();

    // The mail client's one-click POST, without any session.
    const route = listRouteFiles().find((r) => r.file === "unsubscribe.$token.tsx")!;
    const response = await callRoute(await importRoute(route), {
      method: "POST",
      path: `/unsubscribe/${token}`,
      params: { token },
      body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }),
    });
    expect(response.status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: holder.id } })).remindersOptOut).toBe(true);

    // A second certificate nearing expiry: claimed, but no reminder for someone who opted out…
    await issueCertificate(holder.id, {
      criterionCourse: false,
      courseSlug: "introduktion-for-chefer",
      expiresAt: new Date(now.getTime() + 12 * DAY),
    });
    await db.mailOutbox.deleteMany({});
    expect(await runCertificateExpiry(now)).toMatchObject({ remindersQueued: 0, remindersSkipped: 1 });
    expect(await mailsTo(holder.email)).toHaveLength(0);
    // …while transactional mail still goes out.
    const staff = await db.user.create({
      data: { email: `staff-${randomUUID().slice(0, 8)}@kontakta.example`, platformRole: "admin" },
    });
    await revokeCertificate({ number: first.number, reason: "Fel", adminId: staff.id });
    expect((await mailsTo(holder.email)).map((m) => m.kind)).toEqual(["certificate_revoked"]);
  });
});
