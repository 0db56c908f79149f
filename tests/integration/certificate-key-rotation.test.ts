// Signing-key rotation and the status list's validity, against a real database (both engines).
// The status list is signed when a revocation commits (validFrom before it, the same bytes on
// every fetch until the next change). After CREDENTIAL_SIGNING_KEY rotates, credentials signed by
// the old key still verify, checked by an INDEPENDENT verifier (Digital Bazaar's libraries with a
// document loader built only from the HTTP responses of /issuer, /issuer/keys/… and
// /credentials/status/1) and by our own check; a foreign key claiming one of our key URLs does not.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import securityContext from "@digitalbazaar/security-context";
import * as vc from "@digitalbazaar/vc";
import { checkStatus, decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFixedT } from "~/i18n/i18n.server";
import { checkCredentialText, revokeCertificate } from "~/modules/certificates/certificates.server";
import { loadCertificateCourse } from "~/modules/certificates/course-meta.server";
import { buildOpenBadgeCredential, signCredential } from "~/modules/certificates/credential.server";
import { createDocumentLoader } from "~/modules/certificates/document-loader.server";
import { issueCertificateForAttempt } from "~/modules/certificates/issue.server";
import { getIssuerKeys, recordSigningKey, RetiredSigningKeyError } from "~/modules/certificates/key-registry.server";
import { encodeSecretKeyMultibase } from "~/modules/certificates/signing-key";
import { getSigningKey, issuerUrls, signingKeyFromSecret } from "~/modules/certificates/signing-key.server";
import { VALID_FROM_ALLOWANCE_MS } from "~/modules/certificates/status-list.server";
import { getDb, QUEUED_TRANSACTION } from "~/utils/db.server";
import { getEnv, reloadEnv } from "~/utils/env.server";
import { callRoute, type RouteModule } from "../support/route-harness";

const COURSE = "introduktion-for-chefer";
const secretOf = (fill: number) => encodeSecretKeyMultibase(new Uint8Array(32).fill(fill));
const SECRET_A = secretOf(21);
const SECRET_B = secretOf(22);
const SECRET_FOREIGN = secretOf(23);

const savedKey = process.env.CREDENTIAL_SIGNING_KEY;
/** Restarts the app's notion of its key: the env var changes and the boot step runs. */
async function bootWith(secret: string, now?: Date) {
  process.env.CREDENTIAL_SIGNING_KEY = secret;
  reloadEnv();
  return recordSigningKey(await getSigningKey(), { now });
}

beforeAll(async () => {
  await bootWith(SECRET_A);
});
afterAll(() => {
  if (savedKey === undefined) delete process.env.CREDENTIAL_SIGNING_KEY;
  else process.env.CREDENTIAL_SIGNING_KEY = savedKey;
  reloadEnv();
});

async function issueOne(gradedAt = new Date()) {
  const db = await getDb();
  const user = await db.user.create({
    data: { email: `rot-${randomUUID().slice(0, 8)}@test.example`, name: "Åsa Öberg" },
  });
  const attempt = await db.quizAttempt.create({
    data: {
      userId: user.id,
      courseSlug: COURSE,
      contentVersion: "2026.1",
      locale: "sv",
      status: "graded",
      snapshot: {},
      passed: true,
      scorePercent: 92,
      submittedAt: gradedAt,
      gradedAt,
    },
  });
  const { certificateId, number } = await db.$transaction(
    (tx) => issueCertificateForAttempt(tx, attempt.id),
    QUEUED_TRANSACTION,
  );
  const row = await db.certificate.findUniqueOrThrow({ where: { id: certificateId } });
  return {
    number,
    certificateId,
    credential: row.credential as Record<string, unknown>,
    statusListIndex: row.statusListIndex,
  };
}

async function admin() {
  const db = await getDb();
  return db.user.create({ data: { email: `adm-${randomUUID().slice(0, 8)}@test.example`, platformRole: "admin" } });
}

const route = async (file: string) => (await import(/* @vite-ignore */ `../../app/routes/${file}`)) as RouteModule;

/** GET one of our public documents through its route: status, body text. */
async function fetchDocument(url: string): Promise<{ status: number; body: string }> {
  const appUrl = getEnv().APP_URL;
  const path = url.slice(appUrl.length);
  if (path === "/issuer") return callRoute(await route("issuer.ts"), { path, params: {} });
  const key = path.match(/^\/issuer\/keys\/([^/]+)$/);
  if (key) return callRoute(await route("issuer.keys.$keyId.ts"), { path, params: { keyId: key[1]! } });
  const list = path.match(/^\/credentials\/status\/([^/]+)$/);
  if (list) return callRoute(await route("credentials.status.$listId.ts"), { path, params: { listId: list[1]! } });
  return { status: 404, body: "" };
}

const OB_CONTEXT_URL = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const obContext = JSON.parse(
  readFileSync("app/modules/certificates/contexts/ob-v3p0-context-3.0.3.json", "utf8"),
) as unknown;

/**
 * A verifier that shares nothing with our checkCredential: contexts from the libraries' packages
 * (the OB context from its published file), everything of ours only from HTTP responses.
 */
function independentLoader() {
  const contexts = new Map<string, unknown>([
    ...(credentialsContexts as Map<string, unknown>),
    ...(securityContext.contexts as Map<string, unknown>),
    [OB_CONTEXT_URL, obContext],
  ]);
  return async (url: string) => {
    if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
    const response = await fetchDocument(url.split("#")[0]!);
    if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
    return { contextUrl: null, documentUrl: url, document: JSON.parse(response.body) as unknown };
  };
}

/** The library's verification (signature, issuer's key, status list readable) and the revocation bit. */
async function verifyIndependently(credential: unknown) {
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: independentLoader(),
    checkStatus: (options: Record<string, unknown>) =>
      checkStatus({ ...options, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true } as never),
  });
  const revoked = result.statusResult?.results?.some((r) => r.status === true) ?? false;
  return { ...result, revoked };
}

async function fetchList() {
  const response = await fetchDocument(issuerUrls().statusListId);
  expect(response.status).toBe(200);
  const list = JSON.parse(response.body) as {
    validFrom: string;
    credentialSubject: { encodedList: string };
    proof: { verificationMethod: string; created: string };
  };
  return { body: response.body, list, bits: await decodeList({ encodedList: list.credentialSubject.encodedList }) };
}

describe("status list validity", () => {
  it("is valid from before the first fetch, and the same bytes on every fetch", async () => {
    const before = Date.now();
    const first = await fetchList();
    expect(Date.parse(first.list.validFrom)).toBeLessThanOrEqual(before);
    const second = await fetchList();
    expect(second.body).toBe(first.body);
    // A verifier whose clock is a second behind ours, allowing no skew at all, accepts it.
    const behind = await vc.verifyCredential({
      credential: first.list,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: independentLoader(),
      now: new Date(Date.now() - 1000),
      maxClockSkew: 0,
    });
    expect(behind.error).toBeUndefined();
    expect(behind.verified).toBe(true);
  });

  it("is signed when a revocation commits: valid at once, bit set, the same bytes until the next change", async () => {
    const issued = await issueOne();
    const other = await issueOne();
    const listBefore = await fetchList();
    expect(listBefore.bits.getStatus(issued.statusListIndex)).toBe(false);

    const { id: adminId } = await admin();
    expect(
      await revokeCertificate({ number: issued.number, reason: "Provet gjordes av någon annan.", adminId }),
    ).toMatchObject({ status: "revoked" });
    const fetchedAt = Date.now();
    const after = await fetchList();
    const db = await getDb();
    const { revokedAt } = await db.certificate.findUniqueOrThrow({ where: { id: issued.certificateId } });
    const validFrom = Date.parse(after.list.validFrom);
    expect(validFrom).toBeLessThanOrEqual(revokedAt!.getTime());
    expect(revokedAt!.getTime()).toBeLessThanOrEqual(fetchedAt);
    expect(revokedAt!.getTime() - validFrom).toBeLessThanOrEqual(VALID_FROM_ALLOWANCE_MS + 1000);
    expect(after.bits.getStatus(issued.statusListIndex)).toBe(true);
    expect(after.bits.getStatus(other.statusListIndex)).toBe(false);
    expect(after.body).not.toBe(listBefore.body);
    // Stored when the revocation committed, not on this fetch: the proof is as old as the revocation.
    expect(Date.parse(after.list.proof.created)).toBeLessThanOrEqual(revokedAt!.getTime());

    // A verifier a second behind, with no skew allowance, sees it valid right away.
    const behind = await vc.verifyCredential({
      credential: after.list,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: independentLoader(),
      now: new Date(Date.now() - 1000),
      maxClockSkew: 0,
    });
    expect(behind.error).toBeUndefined();
    expect(behind.verified).toBe(true);

    expect((await fetchList()).body).toBe(after.body);
    expect((await fetchList()).body).toBe(after.body);
    // The revoked credential fails an independent status check; the other one passes.
    expect(await verifyIndependently(issued.credential)).toMatchObject({ verified: true, revoked: true });
    const ok = await verifyIndependently(other.credential);
    expect(ok.error).toBeUndefined();
    expect(ok).toMatchObject({ verified: true, revoked: false });

    // The next revocation changes it again.
    await revokeCertificate({ number: other.number, reason: "Återkallat i test.", adminId });
    const next = await fetchList();
    expect(next.body).not.toBe(after.body);
    expect(next.bits.getStatus(other.statusListIndex)).toBe(true);
  });

  // Revocations also queue on the audit chain (onCertificateChanged); the list's own row lock
  // keeps this true without relying on that.
  it("loses no revocation when several commit at once", async () => {
    const issued = await Promise.all(Array.from({ length: 6 }, () => issueOne()));
    const { id: adminId } = await admin();
    const results = await Promise.all(
      issued.map((c) => revokeCertificate({ number: c.number, reason: "Samtidigt återkallat.", adminId })),
    );
    expect(results.every((r) => r.status === "revoked")).toBe(true);
    const db = await getDb();
    const row = await db.credentialStatusList.findUniqueOrThrow({ where: { id: 1 } });
    const stored = JSON.parse(row.credential!) as { credentialSubject: { encodedList: string } };
    const bits = await decodeList({ encodedList: stored.credentialSubject.encodedList });
    expect(issued.map((c) => bits.getStatus(c.statusListIndex))).toEqual(issued.map(() => true));
    expect((await fetchList()).body).toBe(row.credential);
  });
});

describe("signing-key rotation", () => {
  it("keeps credentials signed by the old key verifiable, independently and by our own check", async () => {
    const keyA = await getSigningKey();
    const old = await issueOne(new Date(Date.now() - 5000));
    expect((old.credential.proof as { verificationMethod: string }).verificationMethod).toBe(keyA.verificationMethod);

    const rotation = await bootWith(SECRET_B);
    const keyB = await getSigningKey();
    expect(keyB.publicKeyMultibase).not.toBe(keyA.publicKeyMultibase);
    expect(rotation).toEqual({ status: "recorded", retired: [keyA.publicKeyMultibase] });
    expect(await bootWith(SECRET_B)).toEqual({ status: "known", retired: [] }); // a restart changes nothing

    // The issuer profile authorises both keys and says since when A is retired.
    const profile = JSON.parse((await fetchDocument(issuerUrls().issuerId)).body) as {
      assertionMethod: string[];
      retiredKeys: Array<{ id: string; retiredAt: string }>;
    };
    expect(profile.assertionMethod).toEqual([keyB.verificationMethod, keyA.verificationMethod]);
    expect(profile.retiredKeys).toEqual([
      { id: keyA.verificationMethod, retiredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
    ]);
    // Both keys resolve (the retired one unchanged: no revoked/expires); an unknown one does not.
    for (const key of [keyA, keyB]) {
      const doc = await fetchDocument(key.verificationMethod);
      expect(doc.status).toBe(200);
      expect(JSON.parse(doc.body)).toEqual({
        "@context": "https://w3id.org/security/multikey/v1",
        id: key.verificationMethod,
        type: "Multikey",
        controller: issuerUrls().issuerId,
        publicKeyMultibase: key.publicKeyMultibase,
      });
    }
    const foreign = await signingKeyFromSecret(SECRET_FOREIGN, issuerUrls().issuerId, issuerUrls().keyId);
    expect((await fetchDocument(foreign.verificationMethod)).status).toBe(404);

    // The old credential: an independent verifier (HTTP documents only) and our check accept it.
    const independent = await verifyIndependently(old.credential);
    expect(independent.error).toBeUndefined();
    expect(independent).toMatchObject({ verified: true, revoked: false });
    expect(await checkCredentialText(JSON.stringify(old.credential))).toMatchObject({
      outcome: "checked",
      valid: true,
      signatureOk: true,
      status: "active",
    });

    // The status list is now signed by the new key (re-signed on the first fetch after the rotation).
    expect((await fetchList()).list.proof.verificationMethod).toBe(keyB.verificationMethod);

    // A new credential is signed by the new key, and verifies both ways.
    const fresh = await issueOne();
    expect((fresh.credential.proof as { verificationMethod: string }).verificationMethod).toBe(keyB.verificationMethod);
    expect(await verifyIndependently(fresh.credential)).toMatchObject({ verified: true, revoked: false });
    expect(await checkCredentialText(JSON.stringify(fresh.credential))).toMatchObject({
      outcome: "checked",
      valid: true,
    });
  });

  it("refuses a foreign key claiming one of our key URLs, and the retired key's proofs made after its retirement", async () => {
    const keys = await getIssuerKeys(await getSigningKey());
    const [current, retired] = keys;
    expect(current!.retiredAt).toBeNull();
    expect(retired!.retiredAt).toBeInstanceOf(Date);
    const course = (await loadCertificateCourse(COURSE))!;
    const t = await getFixedT("sv");
    const { certificateId } = await issueOne();
    const db = await getDb();
    const row = await db.certificate.findUniqueOrThrow({ where: { id: certificateId } });
    const unsigned = buildOpenBadgeCredential(row, course, t);

    for (const claimed of [current!, retired!]) {
      const impostor = await signingKeyFromSecret(
        SECRET_FOREIGN,
        issuerUrls().issuerId,
        () => claimed.verificationMethod,
      );
      const forged = await signCredential(unsigned, {
        key: impostor,
        documentLoader: createDocumentLoader(),
        date: new Date(retired!.retiredAt!.getTime() - 60_000),
      });
      expect((forged.proof as { verificationMethod: string }).verificationMethod).toBe(claimed.verificationMethod);
      expect(await checkCredentialText(JSON.stringify(forged))).toMatchObject({
        outcome: "checked",
        valid: false,
        signatureOk: false,
      });
      expect((await verifyIndependently(forged)).verified).toBe(false);
    }

    // The genuine retired key, signing after its retirement (a leaked old key, say): refused by our check.
    const keyA = await signingKeyFromSecret(SECRET_A, issuerUrls().issuerId, issuerUrls().keyId);
    const late = await signCredential(unsigned, {
      key: keyA,
      documentLoader: createDocumentLoader(),
      date: new Date(retired!.retiredAt!.getTime() + 1000),
    });
    expect(await checkCredentialText(JSON.stringify(late))).toMatchObject({
      outcome: "checked",
      valid: false,
      signatureOk: false,
      signatureDetail: expect.stringContaining("after its retirement"),
    });
  });

  it("agrees on one current key when several instances boot at once, and refuses a retired key in production", async () => {
    const secretC = secretOf(24);
    const keyC = await signingKeyFromSecret(secretC, issuerUrls().issuerId, issuerUrls().keyId);
    const keyD = await signingKeyFromSecret(secretOf(25), issuerUrls().issuerId, issuerUrls().keyId);
    // Five instances with the new key C and, racing them, one with another new key D.
    const outcomes = await Promise.all([
      ...Array.from({ length: 5 }, () => recordSigningKey(keyC)),
      recordSigningKey(keyD),
    ]);
    expect(outcomes.filter((o) => o.status === "recorded")).toHaveLength(2);
    const db = await getDb();
    const current = await db.credentialSigningKey.findMany({ where: { retiredAt: null } });
    expect(current).toHaveLength(1);
    expect(await db.credentialSigningKey.count({ where: { publicKeyMultibase: keyC.publicKeyMultibase } })).toBe(1);
    expect(await db.credentialSigningKey.count()).toBe(4); // A, B, C, D: every key ever used

    const keyA = await signingKeyFromSecret(SECRET_A, issuerUrls().issuerId, issuerUrls().keyId);
    await expect(recordSigningKey(keyA, { allowReactivation: false })).rejects.toBeInstanceOf(RetiredSigningKeyError);
    expect(await db.credentialSigningKey.findMany({ where: { retiredAt: null } })).toEqual(current);
    // Development may go back to an old key (a warning is logged).
    expect(await recordSigningKey(keyA, { allowReactivation: true })).toMatchObject({ status: "reactivated" });
    expect(
      (await db.credentialSigningKey.findMany({ where: { retiredAt: null } })).map((k) => k.publicKeyMultibase),
    ).toEqual([keyA.publicKeyMultibase]);
  });
});
