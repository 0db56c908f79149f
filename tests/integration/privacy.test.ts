// Export (GDPR art. 15/20) and erasure (art. 17) on both engines:
// - the export covers every column that points at a person (read from information_schema: a new
//   table with a user id column fails here until the export covers it), and holds the person's
//   rows from each of them, without sign-in secrets, within seconds;
// - erasure leaves no row with the person's address or name except the documented ones (a
//   criterion-evidence certificate's holder name until its validity ends), changes the company's
//   criterion only as the rules say, withdraws other certificates (status list), and
//   `npm run audit:verify` still passes afterwards.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/modules/api/audit.server";
import { getCertificate } from "~/modules/api/certification.server";
import { getPublicVerification } from "~/modules/certificates/certificates.server";
import { runCertificateExpiry } from "~/modules/certificates/expiry.server";
import { getStatusListCredential } from "~/modules/certificates/status-list.server";
import { getCriterionStatus } from "~/modules/organizations/criterion.server";
import { erasePerson, planErasure } from "~/modules/privacy/erasure.server";
import { EXPORT_COVERAGE, exportPersonalData } from "~/modules/privacy/export.server";
import { runRetention } from "~/modules/privacy/retention.server";
import { closeDatabase, getDb, openDatabase } from "~/utils/db.server";
import { createCompany, createPerson, issueCertificate } from "../support/domain-fixtures";
import { callRoute, fillPattern, importRoute, listRouteFiles } from "../support/route-harness";

async function route(file: string) {
  const found = listRouteFiles().find((r) => r.file === file);
  if (!found) throw new Error(`no route ${file}`);
  return { route: found, mod: await importRoute(found) };
}

async function sessionCookie(userId: string) {
  const db = await getDb();
  const token = randomUUID();
  await db.session.create({ data: { sessionToken: token, userId, expires: new Date(Date.now() + DAY) } });
  return { cookie: `authjs.session-token=${token}` };
}

const engine = process.env.KA_TEST_ENGINE;
const DAY = 86_400_000;

/** Columns that point at a person: foreign keys to "User", and columns named like a person's id or address. */
async function personColumns(): Promise<string[]> {
  const db = await getDb();
  const rows = await db.$queryRaw<Array<{ t: string; c: string }>>`
    SELECT kcu.table_name AS t, kcu.column_name AS c
    FROM information_schema.referential_constraints rc
    JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
    JOIN information_schema.key_column_usage ref ON ref.constraint_name = rc.unique_constraint_name AND ref.constraint_schema = rc.unique_constraint_schema
    WHERE ref.table_name = 'User' AND kcu.table_schema = current_schema()
    UNION
    SELECT table_name AS t, column_name AS c FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'
      AND (column_name ~* '(userid|byid|actorid|personid|holderid|email)$' OR (table_name = 'User' AND column_name = 'id'))`;
  return rows.map((r) => `${r.t}.${r.c}`).sort();
}

/** Every text-like column of every table with a row containing `needle` (case-insensitive). */
async function rowsContaining(needle: string): Promise<string[]> {
  const db = await getDb();
  const columns = await db.$queryRaw<Array<{ t: string; c: string }>>`
    SELECT table_name AS t, column_name AS c FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'
      AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`;
  const hits: string[] = [];
  for (const { t, c } of columns) {
    const found = await db.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM "${t}" WHERE strpos(lower("${c}"::text), lower($1)) > 0`,
      needle,
    );
    if (Number(found[0]?.n ?? 0) > 0) hits.push(`${t}.${c}`);
  }
  return hits.filter((hit) => !KEPT_FOR_BOOKKEEPING.includes(hit)).sort();
}

/** Orders are accounting records: the buyer stays on them for the bookkeeping period (bokföringslagen 7 kap.; docs/decisions/017). */
const KEPT_FOR_BOOKKEEPING = ["Order.buyerEmail", "Order.buyerName"];

/** A person with rows in every table that can hold their data. */
async function fullPerson(role: "manager" | "agent", name: string) {
  const db = await getDb();
  const org = await createCompany();
  const admin = await createPerson(org.id, "org_admin", `Admin ${randomUUID().slice(0, 6)}`);
  const person = await createPerson(org.id, role, name);
  await db.account.create({
    data: {
      userId: person.id,
      type: "oidc",
      provider: "microsoft-entra-id",
      providerAccountId: randomUUID(),
      access_token: "secret-access-token",
    },
  });
  await db.session.create({
    data: { sessionToken: `secret-session-${randomUUID()}`, userId: person.id, expires: new Date(Date.now() + DAY) },
  });
  await db.verificationToken.create({
    data: { identifier: person.email, token: `secret-link-${randomUUID()}`, expires: new Date(Date.now() + DAY) },
  });
  await db.rateLimiterFlexible.create({
    data: { key: `signin-email:${person.email}`, points: 1, expire: new Date(Date.now() + DAY) },
  });
  await db.enrollment.create({
    data: { userId: person.id, courseSlug: "etik-for-saljare-och-kundtjanst", contentVersion: "1" },
  });
  await db.lessonCompletion.create({
    data: { userId: person.id, courseSlug: "etik-for-saljare-och-kundtjanst", contentVersion: "1", lessonSlug: "l1" },
  });
  await db.quizAttempt.create({
    data: {
      userId: person.id,
      courseSlug: "etik-for-saljare-och-kundtjanst",
      contentVersion: "1",
      locale: "sv",
      status: "graded",
      passed: false,
      snapshot: { q: ["q1"] },
      answers: { q1: ["a"] },
      result: { q1: { correct: false } },
      gradedAt: new Date(),
    },
  });
  await db.invitation.create({
    data: {
      organizationId: org.id,
      email: person.email,
      name,
      roles: ["agent"],
      tokenHash: randomUUID(),
      expiresAt: new Date(Date.now() + DAY),
      acceptedAt: new Date(),
    },
  });
  await db.invitation.create({
    data: {
      organizationId: org.id,
      email: `colleague-${randomUUID()}@test.example`,
      roles: ["agent"],
      tokenHash: randomUUID(),
      expiresAt: new Date(Date.now() + DAY),
      invitedById: person.id,
    },
  });
  await db.apiClient.create({
    data: {
      name: "Made by them",
      keyPrefix: `pv_${randomUUID().slice(0, 8)}`,
      keyHash: "x",
      scopes: [],
      createdById: person.id,
    },
  });
  // Payments: their own purchase and the course it grants, a company seat they hold and one they gave, a price they set.
  const money = {
    buyerCountry: "SE",
    vatTreatment: "se",
    vatRateBp: 2500,
    currency: "SEK",
    netAmount: 100,
    vatAmount: 25,
    totalAmount: 125,
  };
  const order = await db.order.create({
    data: {
      number: `PV-${randomUUID().slice(0, 8)}`,
      kind: "course",
      status: "paid",
      buyerId: person.id,
      buyerType: "consumer",
      buyerName: name,
      buyerEmail: person.email,
      ...money,
    },
  });
  await db.entitlement.create({
    data: { userId: person.id, courseSlug: "etik-for-saljare-och-kundtjanst", source: "purchase", orderId: order.id },
  });
  const packOrder = await db.order.create({
    data: {
      number: `PV-${randomUUID().slice(0, 8)}`,
      kind: "seat_pack",
      status: "paid",
      organizationId: org.id,
      buyerId: admin.id,
      buyerType: "business",
      buyerEmail: admin.email,
      ...money,
    },
  });
  const pack = await db.seatPack.create({
    data: {
      orderId: packOrder.id,
      organizationId: org.id,
      courseSlug: "etik-for-saljare-och-kundtjanst",
      seatsBought: 2,
      seats: 2,
    },
  });
  await db.seatAssignment.create({ data: { seatPackId: pack.id, userId: person.id, assignedById: person.id } });
  await db.coursePrice.create({
    data: { courseSlug: `privacy-test-${randomUUID().slice(0, 8)}`, updatedById: person.id },
  });
  // Course assignments: one the company gave them, one they made (to a role).
  const membership = await db.membership.findFirstOrThrow({ where: { userId: person.id, organizationId: org.id } });
  const given = await db.courseAssignment.create({
    data: {
      organizationId: org.id,
      courseSlug: "etik-for-saljare-och-kundtjanst",
      membershipId: membership.id,
      dueAt: new Date(Date.now() + 10 * DAY),
      assignedById: admin.id,
    },
  });
  await db.courseAssignee.create({
    data: {
      assignmentId: given.id,
      membershipId: membership.id,
      userId: person.id,
      organizationId: org.id,
      courseSlug: given.courseSlug,
      dueAt: given.dueAt,
    },
  });
  await db.courseAssignment.create({
    data: {
      organizationId: org.id,
      courseSlug: "introduktion-for-chefer",
      role: "manager",
      dueAt: new Date(Date.now() + 10 * DAY),
      assignedById: person.id,
    },
  });
  return { org, admin, person };
}

describe(`personal data export on ${engine}`, () => {
  it("covers every column that points at a person (a new one fails here until the export covers it)", async () => {
    const columns = await personColumns();
    expect(columns.length).toBeGreaterThan(10);
    const uncovered = columns.filter((c) => !(c in EXPORT_COVERAGE));
    expect(
      uncovered,
      "columns pointing at a person that the export does not cover: add them to EXPORT_COVERAGE and exportPersonalData",
    ).toEqual([]);
  });

  it("holds the person's rows from every covered table, without sign-in secrets, within seconds", async () => {
    const name = `Export Person ${randomUUID().slice(0, 6)}`;
    const { person, org } = await fullPerson("manager", name);
    const cert = await issueCertificate(person.id, { criterionCourse: true });
    const db = await getDb();
    await db.certificate.update({ where: { id: cert.id }, data: { revokedById: person.id } });
    const started = Date.now();
    const data = await exportPersonalData(person.id);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(data).not.toBeNull();
    const sections = new Set(Object.values(EXPORT_COVERAGE));
    for (const section of sections) {
      const value = (data as Record<string, unknown>)[section];
      expect(value, `section ${section}`).toBeDefined();
      if (Array.isArray(value)) expect(value.length, `section ${section} has the person's rows`).toBeGreaterThan(0);
    }
    const text = JSON.stringify(data);
    expect(text).toContain(name);
    expect(text).toContain(org.orgNumber);
    expect(text).toContain(cert.number);
    expect(text).not.toContain("secret-session-");
    expect(text).not.toContain("secret-link-");
    expect(text).not.toContain("secret-access-token");
    // Quiz attempts with their answers and results; certificates with their credential field.
    expect(data!.quizAttempts.some((a) => JSON.stringify(a.answers).includes("q1"))).toBe(true);
    expect(data!.certificates[0]).toHaveProperty("credential");
    // Audit entries that name them carry the name again (from the side record).
    expect(JSON.stringify(data!.auditEntries)).toContain(name);
  });
});

describe(`erasure on ${engine}`, () => {
  it("keeps a manager's criterion evidence for its validity, changes the criterion only as the rules say, and removes the name when validity ends", async () => {
    const db = await getDb();
    const name = `Zelda Quixbrook ${randomUUID().slice(0, 6)}`;
    const { person, org, admin } = await fullPerson("manager", name);
    const expiresAt = new Date(Date.now() + 200 * DAY);
    const evidence = await issueCertificate(person.id, { criterionCourse: true, expiresAt });
    const other = await issueCertificate(person.id, { criterionCourse: false });
    const old = await issueCertificate(person.id, {
      criterionCourse: false,
      expiresAt: new Date(Date.now() - DAY),
      issuedAt: new Date(Date.now() - 400 * DAY),
    });
    // A second company where they are an agent: its criterion is not theirs to change.
    const other2 = await createCompany();
    await db.membership.create({ data: { userId: person.id, organizationId: other2.id, roles: ["agent"] } });
    expect((await getCriterionStatus(org.id))!.met).toBe(true);

    const plan = await planErasure(person.id);
    expect(Object.fromEntries(plan!.certificates.map((c) => [c.id, c.treatment]))).toEqual({
      [evidence.id]: "evidence",
      [other.id]: "withdrawn",
      [old.id]: "pseudonymised",
    });

    const result = await erasePerson({ userId: person.id, actorId: person.id });
    expect(result).toMatchObject({ status: "erased", userRowKept: true, criterionChanged: [org.id] });

    // The criterion: the manager has left the company (member_removed), nothing else.
    expect((await getCriterionStatus(org.id))!.met).toBe(false);
    const events = await db.criterionEvent.findMany({
      where: { organizationId: org.id },
      orderBy: { occurredAt: "asc" },
    });
    expect(events.map((e) => [e.cause, e.met])).toEqual([
      ["certificate_issued", true],
      ["member_removed", false],
    ]);
    expect(await db.criterionEvent.count({ where: { organizationId: other2.id } })).toBe(0);

    // The evidence stays valid and named until its validity ends; the others are withdrawn/pseudonymised now.
    expect(await getPublicVerification(evidence.number, "sv")).toMatchObject({ status: "valid", holderName: name });
    expect(await getPublicVerification(other.number, "en")).toMatchObject({
      status: "revoked",
      holderName: "name removed at the holder's request",
    });
    expect(await getPublicVerification(old.number, "fi")).toMatchObject({
      status: "expired",
      holderName: "nimi poistettu haltijan pyynnöstä",
    });
    const withdrawn = await db.certificate.findUniqueOrThrow({ where: { id: other.id } });
    expect(withdrawn.credential).toBeNull();
    // Its bit in the published status list is set.
    const statusList = await getStatusListCredential();
    const { decodeList } = await import("@digitalbazaar/vc-bitstring-status-list");
    const list = await decodeList({
      encodedList: (statusList.credentialSubject as { encodedList: string }).encodedList,
    });
    expect(list.getStatus(withdrawn.statusListIndex)).toBe(true);
    expect(
      list.getStatus((await db.certificate.findUniqueOrThrow({ where: { id: evidence.id } })).statusListIndex),
    ).toBe(false);

    // Nothing else holds their address; their name only where documented (the evidence, until it ends).
    expect(await rowsContaining(person.email)).toEqual([]);
    // (The stored credential names them too when one was signed; these fixtures sign none.)
    const documented = ["Certificate.credential", "Certificate.holderName"];
    const named = await rowsContaining(name);
    expect(named).toContain("Certificate.holderName");
    expect(named.filter((c) => !documented.includes(c))).toEqual([]);
    expect(await db.certificate.count({ where: { holderName: name } })).toBe(1);
    // Progress and attempts are gone; the evidence's attempt stays as a bare score.
    expect(await db.enrollment.count({ where: { userId: person.id } })).toBe(0);
    expect(await db.lessonCompletion.count({ where: { userId: person.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: person.id } })).toBe(0);
    const attempts = await db.quizAttempt.findMany({ where: { userId: person.id } });
    expect(attempts.map((a) => a.id).sort()).toEqual([evidence.attemptId, other.attemptId, old.attemptId].sort());
    for (const a of attempts) expect([a.snapshot, a.answers, a.result]).toEqual([{}, {}, null]);
    expect(await db.membership.count({ where: { organizationId: org.id, userId: admin.id } })).toBe(1);

    // When the evidence's validity ends, the expiry job records it (its audit entry and webhook
    // event may still carry the name) and the retention job replaces the name everywhere.
    await runCertificateExpiry(new Date(expiresAt.getTime() + 60_000));
    expect(
      await db.auditEntry.count({
        where: { type: "certificate.expired", payload: { path: ["certificate", "number"], equals: evidence.number } },
      }),
    ).toBe(1);
    await runRetention(new Date(expiresAt.getTime() + 60_000));
    expect(await getPublicVerification(evidence.number, "sv", new Date(expiresAt.getTime() + 60_000))).toMatchObject({
      status: "expired",
      holderName: "namnet borttaget på innehavarens begäran",
    });
    expect(await rowsContaining(name)).toEqual([]);
    expect(await db.user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({
      name: null,
      erasedAt: expect.any(Date),
    });
    // The certification API says the same (in the certificate's language).
    expect(await getCertificate(evidence.number)).toMatchObject({
      holderName: "namnet borttaget på innehavarens begäran",
    });
  });

  it("pseudonymises at once when the person was not a manager, and deletes a person with no certificates entirely", async () => {
    const db = await getDb();
    const name = `Yrsa Wexford ${randomUUID().slice(0, 6)}`;
    const { person } = await fullPerson("agent", name);
    const cert = await issueCertificate(person.id, { criterionCourse: true });
    await erasePerson({ userId: person.id, actorId: null });
    expect(await getPublicVerification(cert.number, "en")).toMatchObject({
      status: "revoked",
      holderName: "name removed at the holder's request",
    });
    expect(await getCertificate(cert.number)).toMatchObject({
      status: "revoked",
      holderName: "namnet borttaget på innehavarens begäran",
    });
    expect(await rowsContaining(name)).toEqual([]);
    expect(await rowsContaining(person.email)).toEqual([]);

    const plain = await fullPerson("agent", `Xavier Plain ${randomUUID().slice(0, 6)}`);
    expect(await erasePerson({ userId: plain.person.id, actorId: null })).toMatchObject({
      status: "erased",
      userRowKept: false,
    });
    expect(await db.user.count({ where: { id: plain.person.id } })).toBe(0);
    expect(await rowsContaining(plain.person.email)).toEqual([]);
    // Their purchase stays as the accounting record it is, no longer linked to an account.
    expect(await db.order.findFirst({ where: { buyerEmail: plain.person.email } })).toMatchObject({
      buyerId: null,
      status: "paid",
    });
    // Erasing twice is a no-op.
    expect(await erasePerson({ userId: person.id, actorId: null })).toEqual({ status: "not-found" });
  });

  it("leaves the audit chain verifiable: npm run audit:verify passes after an erasure", async () => {
    const name = `Wilma Audit ${randomUUID().slice(0, 6)}`;
    const { person } = await fullPerson("manager", name);
    await issueCertificate(person.id, { criterionCourse: true });
    const db = await getDb();
    const before = await db.auditEntry.count({ where: { personal: { not: { equals: null } } } });
    expect(before).toBeGreaterThan(0);
    await erasePerson({ userId: person.id, actorId: person.id });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    expect(await db.auditEntry.count({ where: { type: "person.erased" } })).toBeGreaterThan(0);
    const total = await db.auditEntry.count();
    await closeDatabase();
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, LOG_LEVEL: "silent" },
    });
    await openDatabase({ migrate: false });
    expect(run.stdout, run.stderr).toContain(`Audit chain intact: ${total} entries`);
    expect(run.status).toBe(0);
    // The hashed part never held the name (only its salted commitment).
    const again = await getDb();
    const hits = await again.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM "AuditEntry" WHERE strpos("payload"::text, $1) > 0`,
      name,
    );
    expect(Number(hits[0]!.n)).toBe(0);
  });
});

describe(`privacy pages on ${engine}`, () => {
  it("the profile exports the person's own data and erases them after they confirm with their address", async () => {
    const db = await getDb();
    const name = `Vera Sida ${randomUUID().slice(0, 6)}`;
    const { person } = await fullPerson("agent", name);
    const cert = await issueCertificate(person.id, { criterionCourse: false });
    const exp = await route("profile_.export[.json].ts");
    const download = await callRoute(exp.mod, {
      path: "/profile/export.json",
      params: {},
      headers: await sessionCookie(person.id),
    });
    expect(download.status).toBe(200);
    expect(JSON.parse(download.body)).toMatchObject({
      subject: { id: person.id, email: person.email },
      profile: { name },
    });

    const profile = await route("profile.tsx");
    const wrong = await callRoute(profile.mod, {
      method: "POST",
      path: "/profile",
      params: {},
      headers: await sessionCookie(person.id),
      body: new URLSearchParams({ intent: "erase", confirmEmail: "other@example.com" }),
    });
    expect(wrong.status).toBe(400);
    expect(await db.user.count({ where: { id: person.id, erasedAt: null } })).toBe(1);
    const done = await callRoute(profile.mod, {
      method: "POST",
      path: "/profile",
      params: {},
      headers: await sessionCookie(person.id),
      body: new URLSearchParams({ intent: "erase", confirmEmail: person.email.toUpperCase() }),
    });
    expect([done.status, done.location]).toEqual([302, "/privacy?erased=1"]);
    expect(await db.user.count({ where: { email: person.email } })).toBe(0);
    expect(await getPublicVerification(cert.number, "sv")).toMatchObject({
      status: "revoked",
      holderName: "namnet borttaget på innehavarens begäran",
    });
  });

  it("Kontakta staff export and erase a person on request at /admin/privacy", async () => {
    const db = await getDb();
    const { person } = await fullPerson("agent", `Tove Begäran ${randomUUID().slice(0, 6)}`);
    const staff = await db.user.create({
      data: { email: `staff-${randomUUID()}@kontakta.example`, platformRole: "admin" },
    });
    const admin = await route("admin.privacy.tsx");
    const found = await callRoute(admin.mod, {
      path: `/admin/privacy?email=${encodeURIComponent(person.email)}`,
      params: {},
      headers: await sessionCookie(staff.id),
    });
    expect(JSON.parse(found.body)).toMatchObject({ person: { email: person.email } });
    const exported = await callRoute(admin.mod, {
      method: "POST",
      path: "/admin/privacy",
      params: {},
      headers: await sessionCookie(staff.id),
      body: new URLSearchParams({ intent: "export", email: person.email }),
    });
    expect(JSON.parse(exported.body)).toMatchObject({ requestedBy: "admin", subject: { id: person.id } });
    const mismatch = await callRoute(admin.mod, {
      method: "POST",
      path: "/admin/privacy",
      params: {},
      headers: await sessionCookie(staff.id),
      body: new URLSearchParams({ intent: "erase", email: person.email, confirmEmail: "x@y.se" }),
    });
    expect(mismatch.status).toBe(400);
    const erased = await callRoute(admin.mod, {
      method: "POST",
      path: "/admin/privacy",
      params: {},
      headers: await sessionCookie(staff.id),
      body: new URLSearchParams({ intent: "erase", email: person.email, confirmEmail: person.email }),
    });
    expect(erased.status).toBe(200);
    expect(await db.user.count({ where: { id: person.id } })).toBe(0);
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { type: "person.erased", payload: { path: ["userId"], equals: person.id } },
    });
    expect(entry.payload).toMatchObject({ actorId: staff.id });
  });

  it("a company admin sees what is kept for a person who left, and removing them keeps a certificate that still counts", async () => {
    const db = await getDb();
    const { org, admin, person } = await fullPerson("manager", `Ulf Lämnar ${randomUUID().slice(0, 6)}`);
    const cert = await issueCertificate(person.id, { criterionCourse: true });
    const membership = await db.membership.findFirstOrThrow({ where: { userId: person.id, organizationId: org.id } });
    const remove = await route("team.$orgId.people.$membershipId.remove.tsx");
    const params = { orgId: org.id, membershipId: membership.id };
    const page = await callRoute(remove.mod, {
      path: fillPattern(remove.route.pattern, params),
      params,
      headers: await sessionCookie(admin.id),
    });
    expect(page.status).toBe(200);
    const shown = JSON.parse(page.body) as {
      certificates: Array<{ number: string; status: string; countsHere: boolean }>;
    };
    expect(shown.certificates).toEqual([
      expect.objectContaining({ number: cert.number, status: "valid", countsHere: true }),
    ]);
    const removed = await callRoute(remove.mod, {
      method: "POST",
      path: fillPattern(remove.route.pattern, params),
      params,
      headers: await sessionCookie(admin.id),
      body: new URLSearchParams(),
    });
    expect(removed.status).toBe(302);
    // The membership is gone, the person and their certificate are not: it stays valid and theirs.
    expect(await db.membership.count({ where: { id: membership.id } })).toBe(0);
    expect(await getPublicVerification(cert.number, "sv")).toMatchObject({ status: "valid" });
    expect(await db.user.count({ where: { id: person.id, erasedAt: null } })).toBe(1);
    // The company's criterion follows the rule (no manager with a certificate any more).
    expect((await getCriterionStatus(org.id))!.met).toBe(false);
  });
});
