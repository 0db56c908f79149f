// Open Badges 3.0 credentials: the spec's eddsa-rdfc-2022 test vectors reproduced by our
// canonicalisation and signing, and our own credentials verified by the library's verify with a
// static document loader (no network), including revocation through the status list.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import * as vc from "@digitalbazaar/vc";
import * as base58 from "base58-universal";
import jsonld from "jsonld";
import jsigs from "jsonld-signatures";
import { beforeAll, describe, expect, it } from "vitest";
import { getFixedT } from "~/i18n/i18n.server";
import type { CertificateCourse } from "./course-meta.server";
import {
  buildOpenBadgeCredential,
  checkCredential,
  checkRevocationStatus,
  issuerDocumentLoader,
  issuerProfileDocument,
  signCredential,
  verifyingSuite,
  type CertificateForCredential,
} from "./credential.server";
import { bundledContexts, createDocumentLoader, UnknownDocumentError } from "./document-loader.server";
import { decodeSecretKeyMultibase, encodeSecretKeyMultibase } from "./signing-key";
import { issuerUrls, signingKeyFromSecret, type SigningKey } from "./signing-key.server";
import { buildStatusListCredential, listLength, MIN_LIST_BITS } from "./status-list.server";

const FIXTURES = join(process.cwd(), "tests/fixtures/ob3");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const json = (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>;
const sha256hex = (text: string) => createHash("sha256").update(text).digest("hex");
const OB_LEGACY_URL = "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld";

describe("OB 3.0 eddsa-rdfc-2022 test vector (VC 1.1, linked-data-proof-ob.md)", () => {
  const vector = json("eddsa-rdfc-2022-vc1.json") as {
    privateKeyHex: string;
    publicKeyHex: string;
    publicKeyMultibase: string;
    secretKeyMultibase: string;
    verificationMethod: string;
    controller: string;
    credential: Record<string, unknown>;
    documentWithSuiteContext: string[];
    proofOptions: Record<string, string>;
    documentHashHex: string;
    proofHashHex: string;
    dataToSignHex: string;
    signatureHex: string;
    proofValue: string;
  };
  // The 2022 context the vector was made with (the URL now serves a later version).
  const loader = createDocumentLoader({
    documents: {
      [OB_LEGACY_URL]: json("ob_v3p0-3.0.0.jsonld"),
      "https://w3id.org/security/data-integrity/v1": json("data-integrity-v1.jsonld"),
    },
  });

  it("canonicalises the document and the proof options exactly as published", async () => {
    const document = { ...vector.credential, "@context": vector.documentWithSuiteContext };
    const documentCanon = await cryptosuite.canonize(document, { documentLoader: loader });
    expect(documentCanon).toBe(fixture("vc1-document-canon.txt"));
    expect(sha256hex(documentCanon)).toBe(vector.documentHashHex);
    const proofCanon = await cryptosuite.canonize(
      { "@context": vector.documentWithSuiteContext, ...vector.proofOptions },
      { documentLoader: loader },
    );
    expect(proofCanon).toBe(fixture("vc1-proof-canon.txt"));
    expect(sha256hex(proofCanon)).toBe(vector.proofHashHex);
    expect(vector.proofHashHex + vector.documentHashHex).toBe(vector.dataToSignHex);
  });

  it("derives the published key pair from the secret key", async () => {
    const seed = Buffer.from(vector.privateKeyHex, "hex").subarray(0, 32);
    const decoded = decodeSecretKeyMultibase(vector.secretKeyMultibase);
    expect(decoded.ok && Buffer.from(decoded.key.seed).equals(seed)).toBe(true);
    const key = await signingKeyFromSecret(
      vector.secretKeyMultibase,
      vector.controller,
      () => vector.verificationMethod,
    );
    expect(Buffer.from(key.keyPair.publicKey).toString("hex")).toBe(vector.publicKeyHex);
    expect(key.publicKeyMultibase).toBe(vector.publicKeyMultibase);
    expect(key.keyPair.id).toBe(vector.verificationMethod);
  });

  it("signs to the published signature and proofValue, and the result verifies", async () => {
    const key = await signingKeyFromSecret(
      vector.secretKeyMultibase,
      vector.controller,
      () => vector.verificationMethod,
    );
    const suite = new DataIntegrityProof({
      signer: key.keyPair.signer(),
      cryptosuite,
      date: vector.proofOptions.created,
      legacyContext: true,
    });
    const signed = await jsigs.sign(structuredClone(vector.credential), {
      suite,
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader: loader,
    });
    expect(signed["@context"]).toEqual(vector.documentWithSuiteContext);
    expect(signed.proof).toEqual({ ...vector.proofOptions, proofValue: vector.proofValue });
    // proofValue is multibase base58-btc of the raw signature
    const signature = await key.keyPair.signer().sign({ data: Buffer.from(vector.dataToSignHex, "hex") });
    expect(Buffer.from(signature).toString("hex")).toBe(vector.signatureHex);

    const controller = {
      "@context": "https://w3id.org/security/v2",
      id: vector.controller,
      assertionMethod: [vector.verificationMethod],
    };
    const verifyLoader = createDocumentLoader({
      documents: {
        [OB_LEGACY_URL]: json("ob_v3p0-3.0.0.jsonld"),
        "https://w3id.org/security/data-integrity/v1": json("data-integrity-v1.jsonld"),
        [vector.controller]: controller,
        [vector.verificationMethod]: {
          "@context": "https://w3id.org/security/multikey/v1",
          id: vector.verificationMethod,
          type: "Multikey",
          controller: vector.controller,
          publicKeyMultibase: vector.publicKeyMultibase,
        },
      },
    });
    const result = await jsigs.verify(signed, {
      suite: new DataIntegrityProof({ cryptosuite, legacyContext: true }),
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader: verifyLoader,
    });
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });
});

describe("OB 3.0 eddsa-rdfc-2022 test vector (VC 2.0, test-vectors/obv3p0)", () => {
  const vector = json("eddsa-rdfc-2022-vc2.json") as {
    credential: Record<string, unknown>;
    proofOptions: Record<string, string>;
  };
  // Today's context behind the vector's URL is the 3.0.3 context we bundle.
  const loader = createDocumentLoader({
    documents: { [OB_LEGACY_URL]: bundledContexts.get("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json") },
  });

  it("canonicalises the document as published (with our bundled VC 2.0 and OB 3.0.3 contexts)", async () => {
    expect(await cryptosuite.canonize(vector.credential, { documentLoader: loader })).toBe(
      fixture("document-canon.txt"),
    );
  });

  it("canonicalises the proof options as published (cryptosuite typed as cryptosuiteString)", async () => {
    const proofCanon = await cryptosuite.canonize(
      { "@context": vector.credential["@context"], ...vector.proofOptions },
      { documentLoader: loader },
    );
    expect(proofCanon).toBe(fixture("proof-canon.txt"));
  });
});

describe("our OpenBadgeCredential", () => {
  const appUrl = "https://akademin.example";
  const urls = issuerUrls(appUrl);
  let key: SigningKey;
  let t: Awaited<ReturnType<typeof getFixedT>>;
  const course: CertificateCourse = {
    slug: "introduktion-for-chefer",
    version: "2026.1",
    criterionCourse: true,
    certificateValidityMonths: 36,
    title: (l) => (l === "sv" ? "Introduktion för chefer i medlemsföretag" : "Introduction for managers"),
    description: (l) => (l === "sv" ? "Kursen för dig som leder ett medlemsföretag." : "The course for managers."),
    certificateProves: (l) => (l === "sv" ? "Innehavaren har klarat provet." : "The holder passed the test."),
    certificateLanguages: ["sv", "en"],
    passPercent: 80,
  };
  const certificate: CertificateForCredential = {
    number: "KA-0000-0001-1",
    holderName: "Åsa Öberg-Ängström",
    courseSlug: "introduktion-for-chefer",
    contentVersion: "2026.1",
    locale: "sv",
    scorePercent: 92,
    issuedAt: new Date("2026-03-01T10:00:00Z"),
    expiresAt: new Date("2029-03-01T10:00:00Z"),
    statusListIndex: 7,
  };
  const statusList = (revoked: number[]) => () =>
    buildStatusListCredential({ revokedIndexes: revoked, length: MIN_LIST_BITS, key, appUrl });

  beforeAll(async () => {
    key = await signingKeyFromSecret(encodeSecretKeyMultibase(new Uint8Array(32).fill(7)), urls.issuerId, urls.keyId);
    t = await getFixedT("sv");
  });

  async function issued() {
    const unsigned = buildOpenBadgeCredential(certificate, course, t, appUrl);
    return signCredential(unsigned, { key, documentLoader: createDocumentLoader(), date: certificate.issuedAt });
  }

  it("is a VC 2.0 OpenBadgeCredential with an eddsa-rdfc-2022 DataIntegrityProof by our key", async () => {
    const credential = await issued();
    expect(credential["@context"]).toEqual([
      "https://www.w3.org/ns/credentials/v2",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]);
    expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(credential).toMatchObject({
      id: `${appUrl}/verify/KA-0000-0001-1`,
      validFrom: "2026-03-01T10:00:00Z",
      validUntil: "2029-03-01T10:00:00Z",
      issuer: { id: `${appUrl}/issuer`, type: ["Profile"] },
      credentialSubject: {
        identifier: [
          { type: "IdentityObject", identityType: "name", identityHash: "Åsa Öberg-Ängström", hashed: false },
        ],
        achievement: { name: "Introduktion för chefer i medlemsföretag", version: "2026.1" },
        result: [{ value: "92" }],
      },
      credentialStatus: {
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListIndex: "7",
        statusListCredential: `${appUrl}/credentials/status/1`,
      },
      proof: {
        type: "DataIntegrityProof",
        cryptosuite: "eddsa-rdfc-2022",
        proofPurpose: "assertionMethod",
        verificationMethod: `${appUrl}/issuer/keys/${key.publicKeyMultibase}`,
      },
    });
    expect((credential.proof as { proofValue: string }).proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/);
  });

  it("is in Finnish for a Finnish learner when the course has Finnish text, in English when it has none", async () => {
    const finnishCourse: CertificateCourse = {
      ...course,
      title: (l) => (l === "fi" ? "Johdanto jäsenyritysten esihenkilöille" : course.title(l)),
      certificateProves: (l) => (l === "fi" ? "Haltija on läpäissyt kokeen." : course.certificateProves(l)),
      certificateLanguages: ["sv", "en", "fi"],
    };
    const finnish = buildOpenBadgeCredential({ ...certificate, locale: "fi" }, finnishCourse, t, appUrl) as {
      name: string;
      credentialSubject: { achievement: { name: string; criteria: { narrative: string } } };
    };
    expect(finnish.credentialSubject.achievement.name).toBe("Johdanto jäsenyritysten esihenkilöille");
    expect(finnish.credentialSubject.achievement.criteria.narrative).toMatch(/^Haltija on läpäissyt kokeen\. /);
    const fallback = buildOpenBadgeCredential({ ...certificate, locale: "fi" }, course, t, appUrl) as typeof finnish;
    expect(fallback.credentialSubject.achievement.name).toBe("Introduction for managers");
  });

  it("verifies with the library's own verifyCredential and a static loader; a revoked one fails the status check", async () => {
    const credential = await issued();
    const now = new Date("2026-06-01T00:00:00Z");
    // Verified against a published status list with these indices revoked (the credential's is 7).
    const verifyWithRevoked = async (indices: number[]) =>
      vc.verifyCredential({
        credential,
        suite: await verifyingSuite(),
        documentLoader: issuerDocumentLoader(key, statusList(indices), appUrl),
        checkStatus: checkRevocationStatus,
        now,
      });
    const good = await verifyWithRevoked([3, 99]);
    expect(good.error).toBeUndefined();
    expect(good.verified).toBe(true);
    expect(good.statusResult?.verified).toBe(true);

    const revoked = await verifyWithRevoked([3, 7]);
    expect(revoked.verified).toBe(false);
    expect(revoked.statusResult?.verified).toBe(false);
    // …while its signature is still genuine:
    expect(revoked.results?.[0]?.verified).toBe(true);
  });

  it("fails verification when any signed statement is altered", async () => {
    const credential = await issued();
    const tampered = structuredClone(credential) as { credentialSubject: { result: Array<{ value: string }> } };
    tampered.credentialSubject.result[0]!.value = "100";
    const result = await vc.verifyCredential({
      credential: tampered,
      suite: await verifyingSuite(),
      documentLoader: issuerDocumentLoader(key, statusList([]), appUrl),
      checkStatus: checkRevocationStatus,
      now: new Date("2026-06-01T00:00:00Z"),
    });
    expect(result.verified).toBe(false);
  });

  it("rejects a credential signed by another key that claims our verification method", async () => {
    const impostor = await signingKeyFromSecret(
      encodeSecretKeyMultibase(new Uint8Array(32).fill(9)),
      urls.issuerId,
      () => key.verificationMethod,
    );
    const unsigned = buildOpenBadgeCredential(certificate, course, t, appUrl);
    const forged = await signCredential(unsigned, { key: impostor, documentLoader: createDocumentLoader() });
    const check = await checkCredential(forged, {
      key,
      statusList: statusList([]),
      appUrl,
      now: new Date("2026-06-01T00:00:00Z"),
    });
    expect(check).toMatchObject({ kind: "checked", signature: { ok: false } });
  });

  it("checkCredential reports signature, revocation and validity separately", async () => {
    const credential = await issued();
    const options = { key, appUrl };
    expect(
      await checkCredential(credential, {
        ...options,
        statusList: statusList([]),
        now: new Date("2026-06-01T00:00:00Z"),
      }),
    ).toMatchObject({
      kind: "checked",
      signature: { ok: true },
      status: "active",
      validity: "valid",
      summary: { holderName: "Åsa Öberg-Ängström", number: "KA-0000-0001-1", validUntil: "2029-03-01T10:00:00Z" },
    });
    expect(
      await checkCredential(credential, {
        ...options,
        statusList: statusList([7]),
        now: new Date("2026-06-01T00:00:00Z"),
      }),
    ).toMatchObject({
      signature: { ok: true },
      status: "revoked",
    });
    expect(
      await checkCredential(credential, {
        ...options,
        statusList: statusList([]),
        now: new Date("2030-01-01T00:00:00Z"),
      }),
    ).toMatchObject({
      signature: { ok: true },
      status: "active",
      validity: "expired",
    });
  });

  it("refuses credentials of other issuers and anything that is not a credential", async () => {
    const options = { key, appUrl, statusList: statusList([]) };
    const credential = await issued();
    expect(await checkCredential({ ...credential, issuer: { id: "https://evil.example/issuer" } }, options)).toEqual({
      kind: "invalid",
      reason: "foreignIssuer",
      detail: "https://evil.example/issuer",
    });
    expect(await checkCredential([], options)).toEqual({ kind: "invalid", reason: "notObject" });
    expect(
      await checkCredential(
        { "@context": ["https://www.w3.org/2018/credentials/v1"], type: ["VerifiableCredential"] },
        options,
      ),
    ).toMatchObject({
      reason: "notCredential",
    });
    const { proof: _proof, ...unsigned } = credential;
    expect(await checkCredential(unsigned, options)).toMatchObject({ reason: "noProof" });
    // A proof pointing at a key URL elsewhere is reported, never fetched.
    const elsewhere = structuredClone(credential) as { proof: { verificationMethod: string } };
    elsewhere.proof.verificationMethod = "https://evil.example/keys/1";
    expect(await checkCredential(elsewhere, options)).toMatchObject({
      kind: "invalid",
      reason: "foreignIssuer",
      detail: "https://evil.example/keys/1",
    });
  });

  it("publishes an issuer profile that authorises the key for assertions", () => {
    expect(issuerProfileDocument(key, appUrl)).toMatchObject({
      id: `${appUrl}/issuer`,
      type: ["Profile"],
      assertionMethod: [key.verificationMethod],
    });
    expect(issuerProfileDocument(key, appUrl)).not.toHaveProperty("retiredKeys");
  });

  it("after a rotation: the profile keeps every key, and a retired key is accepted for proofs made before its retirement only", async () => {
    const newKey = await signingKeyFromSecret(
      encodeSecretKeyMultibase(new Uint8Array(32).fill(8)),
      urls.issuerId,
      urls.keyId,
    );
    const credential = await issued(); // proof created 2026-03-01T10:00:00Z by `key`
    const retiredAt = (iso: string) => [
      { ...newKey, retiredAt: null },
      { ...key, retiredAt: new Date(iso) },
    ];
    const profile = issuerProfileDocument(retiredAt("2026-04-01T00:00:00Z"), appUrl);
    expect(profile).toMatchObject({
      assertionMethod: [newKey.verificationMethod, key.verificationMethod],
      retiredKeys: [{ id: key.verificationMethod, retiredAt: "2026-04-01T00:00:00Z" }],
    });
    // Every term of the profile is defined (safe mode throws on anything JSON-LD would drop).
    const expanded = JSON.stringify(
      await jsonld.expand(profile, { documentLoader: createDocumentLoader(), safe: true } as never),
    );
    expect(expanded).toContain(`${appUrl}/issuer#retiredAt`);

    const now = new Date("2026-06-01T00:00:00Z");
    const byNewKey = () =>
      buildStatusListCredential({ revokedIndexes: [], length: MIN_LIST_BITS, key: newKey, appUrl });
    expect(
      await checkCredential(credential, { keys: retiredAt("2026-04-01T00:00:00Z"), statusList: byNewKey, appUrl, now }),
    ).toMatchObject({
      kind: "checked",
      signature: { ok: true },
      status: "active",
    });
    // Retired at the very second of the proof: "at or after" the retirement is refused.
    expect(
      await checkCredential(credential, { keys: retiredAt("2026-03-01T10:00:00Z"), statusList: byNewKey, appUrl, now }),
    ).toMatchObject({
      signature: { ok: false, detail: expect.stringContaining("after its retirement") },
    });
    // A status list signed by the retired key after its retirement is not taken as the status.
    expect(
      await checkCredential(credential, {
        keys: retiredAt("2026-04-01T00:00:00Z"),
        statusList: statusList([]),
        appUrl,
        now,
      }),
    ).toMatchObject({
      signature: { ok: true },
      status: "unknown",
      statusDetail: expect.stringContaining("after its retirement"),
    });
    // A key the issuer does not list is not ours: reported, never fetched.
    expect(await checkCredential(credential, { keys: [newKey], statusList: byNewKey, appUrl, now })).toMatchObject({
      kind: "invalid",
      reason: "foreignIssuer",
    });
  });
});

describe("status list", () => {
  it("is at least 131,072 entries long and grows in whole blocks", () => {
    expect(listLength(0)).toBe(131_072);
    expect(listLength(131_071)).toBe(131_072);
    expect(listLength(131_072)).toBe(262_144);
  });

  it("is a signed BitstringStatusListCredential whose bits are the revoked positions", async () => {
    const appUrl = "https://akademin.example";
    const urls = issuerUrls(appUrl);
    const key = await signingKeyFromSecret(
      encodeSecretKeyMultibase(new Uint8Array(32).fill(3)),
      urls.issuerId,
      urls.keyId,
    );
    const list = await buildStatusListCredential({ revokedIndexes: [1, 5], length: MIN_LIST_BITS, key, appUrl });
    expect(list).toMatchObject({
      id: urls.statusListId,
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer: urls.issuerId,
      credentialSubject: { type: "BitstringStatusList", statusPurpose: "revocation" },
    });
    const { decodeList } = await import("@digitalbazaar/vc-bitstring-status-list");
    const decoded = await decodeList({ encodedList: (list.credentialSubject as { encodedList: string }).encodedList });
    expect([0, 1, 2, 5, 131_071].map((i) => decoded.getStatus(i))).toEqual([false, true, false, true, false]);
    const verified = await vc.verifyCredential({
      credential: list,
      suite: await verifyingSuite(),
      documentLoader: issuerDocumentLoader(key, async () => list, appUrl),
    });
    expect(verified.verified).toBe(true);
  });
});

describe("offline document loader", () => {
  it("serves bundled contexts and refuses every other URL (no network)", async () => {
    const loader = createDocumentLoader();
    await expect(loader("https://www.w3.org/ns/credentials/v2")).resolves.toMatchObject({
      documentUrl: "https://www.w3.org/ns/credentials/v2",
    });
    await expect(loader("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")).resolves.toBeTruthy();
    await expect(loader("https://example.com/context.json")).rejects.toBeInstanceOf(UnknownDocumentError);
  });
});

describe("signing key format", () => {
  it("round-trips the 32-byte secretKeyMultibase and derives the Multikey public key", async () => {
    const seed = new Uint8Array(32).map((_, i) => i);
    const secret = encodeSecretKeyMultibase(seed);
    expect(secret.startsWith("z")).toBe(true);
    const decoded = decodeSecretKeyMultibase(secret);
    expect(decoded.ok && Buffer.from(decoded.key.seed).equals(Buffer.from(seed))).toBe(true);
    const key = await signingKeyFromSecret(
      secret,
      "https://a.example/issuer",
      (pk) => `https://a.example/issuer/keys/${pk}`,
    );
    const generated = await Ed25519Multikey.generate({ seed });
    expect(key.publicKeyMultibase).toBe(generated.publicKeyMultibase);
    expect(key.publicKeyMultibase.startsWith("z6Mk")).toBe(true);
  });

  it("explains what is wrong with a bad key", () => {
    expect(decodeSecretKeyMultibase("abc")).toMatchObject({ ok: false, message: expect.stringContaining('"z"') });
    expect(decodeSecretKeyMultibase("z0OIl")).toMatchObject({ ok: false, message: expect.stringContaining("base58") });
    expect(decodeSecretKeyMultibase("z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")).toMatchObject({
      ok: false,
      message: expect.stringContaining("0x8026"),
    });
  });

  it("refuses a long-form key whose public half does not match", async () => {
    const seed = new Uint8Array(32).fill(1);
    const wrongPublic = new Uint8Array(32).fill(2);
    const secret = `z${base58.encode(Uint8Array.from([0x80, 0x26, ...seed, ...wrongPublic]))}`;
    await expect(signingKeyFromSecret(secret, "https://a.example/issuer", () => "https://a.example/k")).rejects.toThrow(
      /public half/,
    );
  });
});
