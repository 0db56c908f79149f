// Certificates against a real database (runs on both engines): issuing from a passed attempt
// (exactly one, signed, expiry per course), revocation (recorded, status list updated at once,
// criterion hook), the public verification and holder routes, the credential check, and the
// expiry job (one reminder, one expiry event, safe when runs overlap).
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import * as vc from "@digitalbazaar/vc";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import {
  revokeCertificate,
  checkCredentialText,
  getPublicVerification,
} from "~/modules/certificates/certificates.server";
import { checkRevocationStatus, issuerDocumentLoader, verifyingSuite } from "~/modules/certificates/credential.server";
import { runCertificateExpiry } from "~/modules/certificates/expiry.server";
import { CertificateIssueError, issueCertificateForAttempt } from "~/modules/certificates/issue.server";
import { isCanonicalNumber } from "~/modules/certificates/number";
import { getSigningKey } from "~/modules/certificates/signing-key.server";
import { getStatusListCredential } from "~/modules/certificates/status-list.server";
import { ContentStore, setContentStore } from "~/modules/courses/content.server";
import { deliverDueMail } from "~/modules/mail/outbox.server";
import { getDb, QUEUED_TRANSACTION } from "~/utils/db.server";
import { readOutbox } from "~/utils/mail.server";
import { callRoute, type RouteModule } from "../support/route-harness";

const COURSE = "introduktion-for-chefer";
const DAY = 86_400_000;

// This file's own content store over content/, so one test can give the course another
// certificate validity (content has no "never expires" course).
const store = new ContentStore({ rootDir: resolve("content"), cacheDir: null, watch: false });
beforeAll(() => setContentStore(store));
afterAll(() => setContentStore(null));

function withCertificateValidity(months: number | null) {
  const meta = store.getCourse(COURSE)!.meta;
  const saved = meta.certificateValidityMonths;
  meta.certificateValidityMonths = months;
  onTestFinished(() => {
    meta.certificateValidityMonths = saved;
  });
}

async function createUser(options: { name?: string | null; platformRole?: "user" | "admin"; locale?: string } = {}) {
  const db = await getDb();
  return db.user.create({
    data: {
      email: `cert-${randomUUID().slice(0, 8)}@test.example`,
      name: options.name === undefined ? "Åsa Öberg" : options.name,
      platformRole: options.platformRole ?? "user",
      locale: options.locale,
    },
  });
}

async function gradedAttempt(
  userId: string,
  options: { passed?: boolean; score?: number; gradedAt?: Date; locale?: string; courseSlug?: string } = {},
) {
  const db = await getDb();
  return db.quizAttempt.create({
    data: {
      userId,
      courseSlug: options.courseSlug ?? COURSE,
      contentVersion: "2026.1",
      locale: options.locale ?? "sv",
      status: "graded",
      snapshot: {},
      passed: options.passed ?? true,
      scorePercent: options.score ?? 92,
      submittedAt: options.gradedAt ?? new Date(),
      gradedAt: options.gradedAt ?? new Date(),
    },
  });
}

async function issue(attemptId: string) {
  const db = await getDb();
  return db.$transaction((tx) => issueCertificateForAttempt(tx, attemptId), QUEUED_TRANSACTION);
}

async function sessionHeaders(userId: string) {
  const db = await getDb();
  const token = randomUUID();
  await db.session.create({ data: { sessionToken: token, userId, expires: new Date(Date.now() + 3_600_000) } });
  return { cookie: `authjs.session-token=${token}` };
}

const route = async (file: string) => (await import(/* @vite-ignore */ `../../app/routes/${file}`)) as RouteModule;

describe("issuing", () => {
  it("turns a passed attempt into exactly one signed certificate with the course's expiry", async () => {
    const user = await createUser();
    const gradedAt = new Date("2026-01-31T09:15:30.250Z");
    const attempt = await gradedAttempt(user.id, { gradedAt, score: 88 });
    const first = await issue(attempt.id);
    const again = await issue(attempt.id);
    expect(again).toEqual(first);
    expect(isCanonicalNumber(first.number)).toBe(true);

    const db = await getDb();
    const rows = await db.certificate.findMany({ where: { attemptId: attempt.id } });
    expect(rows).toHaveLength(1);
    const c = rows[0]!;
    expect(c).toMatchObject({
      number: first.number,
      userId: user.id,
      holderName: "Åsa Öberg",
      courseSlug: COURSE,
      contentVersion: "2026.1",
      locale: "sv",
      criterionCourse: true,
      scorePercent: 88,
      revokedAt: null,
    });
    expect(c.issuedAt.toISOString()).toBe("2026-01-31T09:15:30.000Z");
    // 36 months after 31 January 2026 is the last day of January 2029 (no overflow into February quirks).
    expect(c.expiresAt?.toISOString()).toBe("2029-01-31T09:15:30.000Z");

    // The stored credential verifies with the library's own verify, offline, against our status list.
    const key = await getSigningKey();
    const result = await vc.verifyCredential({
      credential: c.credential,
      suite: await verifyingSuite(),
      documentLoader: issuerDocumentLoader(key, getStatusListCredential),
      checkStatus: checkRevocationStatus,
      now: new Date("2026-02-01T00:00:00Z"),
    });
    expect(result.verified).toBe(true);
    expect(c.credential).toMatchObject({
      credentialStatus: { statusListIndex: String(c.statusListIndex) },
      validUntil: "2029-01-31T09:15:30Z",
    });

    // The criterion hook ran in the same transaction (its audit entry exists).
    const audit = await db.auditEntry.findMany({ where: { type: "certificate.issued" } });
    expect(audit.some((a) => JSON.stringify(a.payload).includes(first.number))).toBe(true);
  });

  it("issues once when many callers race for the same attempt", async () => {
    const user = await createUser();
    const attempt = await gradedAttempt(user.id);
    const results = await Promise.all(Array.from({ length: 20 }, () => issue(attempt.id)));
    expect(new Set(results.map((r) => r.number)).size).toBe(1);
    const db = await getDb();
    expect(await db.certificate.count({ where: { attemptId: attempt.id } })).toBe(1);
  });

  it("never expires when the course sets no validity", async () => {
    withCertificateValidity(null);
    const user = await createUser();
    const { certificateId } = await issue((await gradedAttempt(user.id)).id);
    const db = await getDb();
    const c = await db.certificate.findUniqueOrThrow({ where: { id: certificateId } });
    expect(c.expiresAt).toBeNull();
    expect(c.credential).not.toHaveProperty("validUntil");
  });

  it("refuses attempts that did not pass, and rolls the whole transaction back", async () => {
    const user = await createUser();
    const attempt = await gradedAttempt(user.id, { passed: false, score: 40 });
    const db = await getDb();
    await expect(
      db.$transaction(async (tx) => {
        await tx.quizAttempt.update({ where: { id: attempt.id }, data: { scorePoints: 4 } });
        return issueCertificateForAttempt(tx, attempt.id);
      }, QUEUED_TRANSACTION),
    ).rejects.toBeInstanceOf(CertificateIssueError);
    expect(await db.certificate.count({ where: { attemptId: attempt.id } })).toBe(0);
    expect((await db.quizAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).scorePoints).toBeNull();
    await expect(issue("no-such-attempt")).rejects.toMatchObject({ code: "attempt-not-found" });
  });

  it("names the holder by e-mail when the account has no name", async () => {
    const user = await createUser({ name: null });
    const { certificateId } = await issue((await gradedAttempt(user.id)).id);
    const db = await getDb();
    expect((await db.certificate.findUniqueOrThrow({ where: { id: certificateId } })).holderName).toBe(user.email);
  });
});

describe("revocation", () => {
  it("records who, when and why, updates the status list at once, and shows on every surface", async () => {
    const holder = await createUser();
    const admin = await createUser({ platformRole: "admin", name: "Kontakta Admin" });
    const { number, certificateId } = await issue((await gradedAttempt(holder.id)).id);
    const db = await getDb();
    const { statusListIndex, credential } = await db.certificate.findUniqueOrThrow({ where: { id: certificateId } });

    const before = await getStatusListCredential();
    const listBefore = await decodeList({
      encodedList: (before.credentialSubject as { encodedList: string }).encodedList,
    });
    expect(listBefore.getStatus(statusListIndex)).toBe(false);
    expect(await checkCredentialText(JSON.stringify(credential))).toMatchObject({
      outcome: "checked",
      valid: true,
      status: "active",
    });

    expect(
      await revokeCertificate({ number, reason: "Provet genomfördes av någon annan.", adminId: admin.id }),
    ).toMatchObject({ status: "revoked" });
    expect(await revokeCertificate({ number, reason: "again", adminId: admin.id })).toEqual({
      status: "already-revoked",
    });
    expect(await revokeCertificate({ number: "KA-0000-0001-1", reason: "none", adminId: admin.id })).toEqual({
      status: "not-found",
    });

    const row = await db.certificate.findUniqueOrThrow({ where: { id: certificateId } });
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect(row).toMatchObject({ revokedReason: "Provet genomfördes av någon annan.", revokedById: admin.id });

    const after = await getStatusListCredential();
    const listAfter = await decodeList({
      encodedList: (after.credentialSubject as { encodedList: string }).encodedList,
    });
    expect(listAfter.getStatus(statusListIndex)).toBe(true);

    // The holder's credential now fails the library's verification on status (signature intact).
    const key = await getSigningKey();
    const verified = await vc.verifyCredential({
      credential,
      suite: await verifyingSuite(),
      documentLoader: issuerDocumentLoader(key, getStatusListCredential),
      checkStatus: checkRevocationStatus,
    });
    expect(verified.verified).toBe(false);
    expect(verified.statusResult?.verified).toBe(false);
    expect(await checkCredentialText(JSON.stringify(credential))).toMatchObject({
      outcome: "checked",
      valid: false,
      signatureOk: true,
      status: "revoked",
    });

    expect(await getPublicVerification(number, "sv")).toMatchObject({
      status: "revoked",
      revokedReason: "Provet genomfördes av någon annan.",
      holderName: "Åsa Öberg",
    });
    const audit = await db.auditEntry.findMany({ where: { type: "certificate.revoked" } });
    expect(audit.some((a) => JSON.stringify(a.payload).includes(number))).toBe(true);
  });

  it("through the admin page: Kontakta admins only, with a validated reason", async () => {
    const holder = await createUser();
    const admin = await createUser({ platformRole: "admin" });
    const { number } = await issue((await gradedAttempt(holder.id)).id);
    const page = await route("admin.certificates.$number.tsx");
    const post = async (userId: string, fields: Record<string, string>) =>
      callRoute(page, {
        method: "POST",
        path: `/admin/certificates/${number}`,
        params: { number },
        headers: await sessionHeaders(userId),
        body: new URLSearchParams(fields),
      });

    expect((await post(holder.id, { reason: "Fusk vid provet", confirm: "on" })).status).toBe(403);
    expect((await post(admin.id, { reason: "kort", confirm: "on" })).status).toBe(400);
    expect((await post(admin.id, { reason: "Fusk vid provet" })).status).toBe(400);
    const done = await post(admin.id, { reason: "Fusk vid provet", confirm: "on" });
    expect(done).toMatchObject({ status: 302, location: `/admin/certificates/${number}?revoked=1` });
    expect((await post(admin.id, { reason: "Fusk vid provet", confirm: "on" })).status).toBe(409);
    const view = await callRoute(page, {
      path: `/admin/certificates/${number}`,
      params: { number },
      headers: await sessionHeaders(admin.id),
    });
    expect(view.status).toBe(200);
    expect(view.body).toContain("Fusk vid provet");
  });
});

describe("public verification and holder routes", () => {
  it("/verify/:number shows minimal data, explains typos, redirects variants, and is rate-limited", async () => {
    const holder = await createUser();
    const { number } = await issue((await gradedAttempt(holder.id)).id);
    const page = await route("verify.$number.tsx");
    const get = (value: string, ip = `203.0.113.${Math.floor(Math.random() * 200) + 1}`) =>
      Promise.resolve(
        page.loader!({
          request: new Request(`http://localhost:3000/verify/${encodeURIComponent(value)}`),
          params: { number: value },
          context: { clientIp: ip, cspNonce: "", requestId: "" },
        } as never),
      ).then(
        async (r: unknown) => ({
          status: (r as { init?: ResponseInit }).init?.status ?? 200,
          data: (r as { data: Record<string, unknown> }).data,
        }),
        async (thrown: Response) => ({ status: thrown.status, data: { location: thrown.headers.get("location") } }),
      );

    const found = await get(number);
    expect(found.status).toBe(200);
    expect(found.data).toMatchObject({ kind: "found", status: "valid", holderName: "Åsa Öberg", number });
    expect(Object.keys(found.data).sort()).toEqual([
      "courseTitle",
      "expiresAt",
      "holderName",
      "issuedAt",
      "kind",
      "number",
      "revokedAt",
      "revokedReason",
      "status",
      "title",
    ]);

    const typo = number.slice(0, -1) + (number.endsWith("0") ? "1" : "0");
    expect(await get(typo)).toMatchObject({ status: 400, data: { kind: "invalid", reason: "check" } });
    expect(await get("hello")).toMatchObject({ status: 400, data: { kind: "invalid", reason: "format" } });
    expect(await get(number.toLowerCase())).toMatchObject({ status: 302, data: { location: `/verify/${number}` } });
    expect(await get("KA-0000-0001-1")).toMatchObject({ status: 404, data: { kind: "notFound" } });

    const ip = "198.18.0.77";
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await get(number, ip)).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });

  it("/verify?number= validates the check character before looking anything up", async () => {
    const page = await route("verify._index.tsx");
    const call = (q: string) => callRoute(page, { path: `/verify?number=${encodeURIComponent(q)}`, params: {} });
    expect(await call("ka 0000 0001 1")).toMatchObject({ status: 302, location: "/verify/KA-0000-0001-1" });
    const typo = await call("KA-0000-0001-2");
    expect(typo.status).toBe(400);
    expect(JSON.parse(typo.body)).toMatchObject({ error: "check" });
  });

  it("the holder (and a Kontakta admin) get the page, the PDF and the credential; nobody else does", async () => {
    const holder = await createUser();
    const stranger = await createUser();
    const admin = await createUser({ platformRole: "admin" });
    const { number } = await issue((await gradedAttempt(holder.id)).id);
    const files = [
      "certificates.$number.tsx",
      "certificates.$number_.pdf.ts",
      "certificates.$number_.credential[.]json.ts",
    ];
    const paths = [`/certificates/${number}`, `/certificates/${number}/pdf`, `/certificates/${number}/credential.json`];
    for (const [i, file] of files.entries()) {
      const mod = await route(file);
      const as = async (userId: string | null) =>
        callRoute(mod, { path: paths[i]!, params: { number }, headers: userId ? await sessionHeaders(userId) : {} });
      expect((await as(null)).status, file).toBe(302);
      expect((await as(stranger.id)).status, file).toBe(404);
      expect((await as(holder.id)).status, file).toBe(200);
      expect((await as(admin.id)).status, file).toBe(200);
    }
    const pdf = await callRoute(await route("certificates.$number_.pdf.ts"), {
      path: paths[1]!,
      params: { number },
      headers: await sessionHeaders(holder.id),
    });
    expect(pdf.body.startsWith("%PDF-")).toBe(true);
    const json = await callRoute(await route("certificates.$number_.credential[.]json.ts"), {
      path: paths[2]!,
      params: { number },
      headers: await sessionHeaders(holder.id),
    });
    expect(JSON.parse(json.body)).toMatchObject({
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      proof: { cryptosuite: "eddsa-rdfc-2022" },
    });
    const list = await callRoute(await route("certificates._index.tsx"), {
      path: "/certificates",
      params: {},
      headers: await sessionHeaders(holder.id),
    });
    expect(JSON.parse(list.body)).toMatchObject({ certificates: [{ number, status: "valid" }], page: 1, pages: 1 });
  });

  it("serves the credential stored at issuance, byte for byte, and signs nothing on download", async () => {
    const holder = await createUser();
    const { number } = await issue((await gradedAttempt(holder.id)).id);
    const db = await getDb();
    const stored = (await db.certificate.findUniqueOrThrow({ where: { number }, select: { credential: true } }))
      .credential;
    const mod = await route("certificates.$number_.credential[.]json.ts");
    const first = await callRoute(mod, {
      path: `/certificates/${number}/credential.json`,
      params: { number },
      headers: await sessionHeaders(holder.id),
    });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual(stored);
    const second = await callRoute(mod, {
      path: `/certificates/${number}/credential.json`,
      params: { number },
      headers: await sessionHeaders(holder.id),
    });
    expect(second.body).toBe(first.body);
    expect(await checkCredentialText(first.body)).toMatchObject({ outcome: "checked", valid: true });
  });

  it("serves the issuer profile, its key and the status list", async () => {
    const key = await getSigningKey();
    const issuer = await callRoute(await route("issuer.ts"), { path: "/issuer", params: {} });
    expect(JSON.parse(issuer.body)).toMatchObject({
      id: "http://localhost:3000/issuer",
      type: ["Profile"],
      assertionMethod: [key.verificationMethod],
    });
    const keyRoute = await route("issuer.keys.$keyId.ts");
    const keyDoc = await callRoute(keyRoute, {
      path: `/issuer/keys/${key.publicKeyMultibase}`,
      params: { keyId: key.publicKeyMultibase },
    });
    expect(JSON.parse(keyDoc.body)).toMatchObject({
      type: "Multikey",
      publicKeyMultibase: key.publicKeyMultibase,
      controller: "http://localhost:3000/issuer",
    });
    expect((await callRoute(keyRoute, { path: "/issuer/keys/zOther", params: { keyId: "zOther" } })).status).toBe(404);
    const list = await callRoute(await route("credentials.status.$listId.ts"), {
      path: "/credentials/status/1",
      params: { listId: "1" },
    });
    expect(JSON.parse(list.body)).toMatchObject({
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      credentialSubject: { statusPurpose: "revocation" },
    });
    expect(
      (
        await callRoute(await route("credentials.status.$listId.ts"), {
          path: "/credentials/status/2",
          params: { listId: "2" },
        })
      ).status,
    ).toBe(404);
  });

  it("/verify/credential checks an upload, with clear errors and a size limit", async () => {
    const holder = await createUser();
    const { certificateId } = await issue((await gradedAttempt(holder.id)).id);
    const db = await getDb();
    const { credential } = await db.certificate.findUniqueOrThrow({ where: { id: certificateId } });
    const mod = await route("verify.credential.tsx");
    const submit = (fields: Record<string, string | Blob>) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      return callRoute(mod, { method: "POST", path: "/verify/credential", params: {}, body: form });
    };
    const upload = await submit({
      file: new File([JSON.stringify(credential)], "cert.json", { type: "application/json" }),
    });
    expect(upload.status).toBe(200);
    expect(JSON.parse(upload.body)).toMatchObject({
      report: { outcome: "checked", valid: true, signatureOk: true, status: "active", validity: "valid" },
    });
    const tampered = structuredClone(credential) as {
      credentialSubject: { identifier: Array<{ identityHash: string }> };
    };
    tampered.credentialSubject.identifier[0]!.identityHash = "Someone Else";
    expect(JSON.parse((await submit({ json: JSON.stringify(tampered) })).body)).toMatchObject({
      report: { valid: false, signatureOk: false },
    });
    expect(JSON.parse((await submit({ json: "{not json" })).body)).toMatchObject({
      report: { outcome: "error", error: "json" },
    });
    expect(JSON.parse((await submit({})).body)).toMatchObject({ report: { outcome: "error", error: "missing" } });
    expect(JSON.parse((await submit({ json: "{}", file: new File(["{}"], "a.json") })).body)).toMatchObject({
      report: { error: "both" },
    });
    const huge = await submit({ file: new File(["x".repeat(70 * 1024)], "big.json") });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ report: { error: "tooLarge" } });
  });
});

describe("expiry job", () => {
  it("mails one reminder 30 days ahead and records each expiry once, even when runs overlap", async () => {
    const db = await getDb();
    const now = new Date();
    const soonUser = await createUser({ locale: "en" });
    const expiredUser = await createUser();
    const renewedUser = await createUser();
    const soon = await issue((await gradedAttempt(soonUser.id)).id);
    const expired = await issue((await gradedAttempt(expiredUser.id)).id);
    const renewedOld = await issue((await gradedAttempt(renewedUser.id)).id);
    await issue((await gradedAttempt(renewedUser.id)).id); // the renewal: a newer certificate (expires in 36 months)
    await db.certificate.update({
      where: { id: soon.certificateId },
      data: { expiresAt: new Date(now.getTime() + 10 * DAY) },
    });
    await db.certificate.update({
      where: { id: renewedOld.certificateId },
      data: { expiresAt: new Date(now.getTime() + 5 * DAY) },
    });
    await db.certificate.update({
      where: { id: expired.certificateId },
      data: { expiresAt: new Date(now.getTime() - DAY) },
    });

    const runs = await Promise.all([runCertificateExpiry(now), runCertificateExpiry(now), runCertificateExpiry(now)]);
    expect(runs.reduce((n, r) => n + r.remindersQueued, 0)).toBe(1);
    expect(runs.reduce((n, r) => n + r.remindersSkipped, 0)).toBe(1);
    expect(runs.reduce((n, r) => n + r.expiredRecorded, 0)).toBe(1);
    expect(await runCertificateExpiry(new Date(now.getTime() + 60_000))).toMatchObject({
      remindersQueued: 0,
      expiredRecorded: 0,
    });
    // The reminder went to the mail outbox with its mark; the mail job sends it.
    await deliverDueMail();

    // Expiry reminders only (passing also mailed each holder their certificate).
    const reminders = (to: string) => db.mailOutbox.count({ where: { to, kind: "expiry_reminder" } });
    expect(await reminders(soonUser.email)).toBe(1);
    const mails = readOutbox(200).filter(
      (m) => m.to === soonUser.email && m.subject.includes(soon.number) && /expires/.test(m.subject),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(soon.number);
    expect(mails[0]!.text).toContain("http://localhost:3000/courses/introduktion-for-chefer");
    expect(mails[0]!.subject).toMatch(/expires on/); // the user's language (English)
    expect(await reminders(renewedUser.email)).toBe(0);

    const expiredRow = await db.certificate.findUniqueOrThrow({ where: { id: expired.certificateId } });
    expect(expiredRow.expiredEventAt).toBeInstanceOf(Date);
    const audit = await db.auditEntry.findMany({ where: { type: "certificate.expired" } });
    expect(audit.filter((a) => JSON.stringify(a.payload).includes(expired.number))).toHaveLength(1);
    expect(await getPublicVerification(expired.number, "sv")).toMatchObject({ status: "expired" });
  });

  it("does not remind about revoked certificates or record their expiry", async () => {
    const db = await getDb();
    const now = new Date();
    const user = await createUser();
    const admin = await createUser({ platformRole: "admin" });
    const a = await issue((await gradedAttempt(user.id)).id);
    await db.certificate.update({
      where: { id: a.certificateId },
      data: { expiresAt: new Date(now.getTime() + 3 * DAY) },
    });
    await revokeCertificate({ number: a.number, reason: "Återkallat i test", adminId: admin.id });
    await runCertificateExpiry(now);
    await runCertificateExpiry(new Date(now.getTime() + 4 * DAY));
    await deliverDueMail();
    const row = await db.certificate.findUniqueOrThrow({ where: { id: a.certificateId } });
    expect(row.expiryReminderSentAt).toBeNull();
    expect(row.expiredEventAt).toBeNull();
    expect(await db.mailOutbox.count({ where: { to: user.email, kind: "expiry_reminder" } })).toBe(0);
  });
});
