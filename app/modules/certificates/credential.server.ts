// Open Badges 3.0: every certificate is also an OpenBadgeCredential (W3C VC Data Model 2.0) with an
// embedded Data Integrity proof, cryptosuite eddsa-rdfc-2022, signed with the platform key. This
// file builds and signs those credentials, the issuer documents they point to (profile, public
// key), and checks any credential JSON someone hands us (signature, revocation, validity period).
// Everything resolves offline through the static document loader.
import type { TFunction } from "i18next";
import { getEnv } from "~/utils/env.server";
import type { CertificateCourse } from "./course-meta.server";
import {
  createDocumentLoader,
  OB_V3P0_CONTEXT,
  UnknownDocumentError,
  VC_V2_CONTEXT,
  type DocumentLoader,
} from "./document-loader.server";
import { getIssuerKeys, type IssuerKey } from "./key-registry.server";
import { getSigningKey, issuerUrls, type SigningKey } from "./signing-key.server";
import { isValidAt } from "./validity";
import { vcLibraries } from "./vc-libraries.server";
import type { CredentialSummary } from "./credential-check";

export const ISSUER_NAME = "Kontakta – KontaktAkademin";
export const STATUS_PURPOSE = "revocation";

export type DocumentLanguage = "sv" | "en" | "fi";

/**
 * Text in a certificate and its credential: the learner's language when the course has its
 * certificate text in it (Swedish, and Finnish for the courses written in Finnish), else English.
 */
export function documentLanguage(
  locale: string,
  course: Pick<CertificateCourse, "certificateLanguages">,
): DocumentLanguage {
  if (locale === "sv") return "sv";
  if (locale === "fi" && course.certificateLanguages.includes("fi")) return "fi";
  return "en";
}

/** BCP 47 tag for a document language (PDF metadata, credential language maps). */
export const documentLocaleTag: Record<DocumentLanguage, string> = { sv: "sv-SE", en: "en-GB", fi: "fi-FI" };

/** ISO 8601 without milliseconds, as VC examples use ("2026-01-01T10:00:00Z"). */
export function xsdDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export type CertificateForCredential = {
  number: string;
  holderName: string;
  courseSlug: string;
  contentVersion: string;
  locale: string;
  scorePercent: number;
  issuedAt: Date;
  expiresAt: Date | null;
  statusListIndex: number;
};

export function credentialId(appUrl: string, number: string): string {
  return `${appUrl}/verify/${number}`;
}

/** The unsigned OpenBadgeCredential for a certificate. */
export function buildOpenBadgeCredential(
  certificate: CertificateForCredential,
  course: CertificateCourse,
  t: TFunction,
  appUrl = getEnv().APP_URL,
): Record<string, unknown> {
  const language = documentLanguage(certificate.locale, course);
  const urls = issuerUrls(appUrl);
  const achievementId = `${appUrl}/courses/${certificate.courseSlug}?version=${encodeURIComponent(certificate.contentVersion)}`;
  const scoreDescriptionId = `${appUrl}/courses/${certificate.courseSlug}/result-descriptions/score`;
  const title = course.title(language);
  const credential: Record<string, unknown> = {
    "@context": [VC_V2_CONTEXT, OB_V3P0_CONTEXT],
    id: credentialId(appUrl, certificate.number),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: title,
    issuer: { id: urls.issuerId, type: ["Profile"], name: ISSUER_NAME, url: appUrl },
    validFrom: xsdDateTime(certificate.issuedAt),
    ...(certificate.expiresAt ? { validUntil: xsdDateTime(certificate.expiresAt) } : {}),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [
        { type: "IdentityObject", identityType: "name", identityHash: certificate.holderName, hashed: false },
      ],
      achievement: {
        id: achievementId,
        type: ["Achievement"],
        achievementType: "Certificate",
        name: title,
        description: course.description(language),
        criteria: {
          narrative: `${course.certificateProves(language)} ${t("certificates:credential.passMark", { lng: language, percent: course.passPercent })}`,
        },
        version: certificate.contentVersion,
        resultDescription: [
          {
            id: scoreDescriptionId,
            type: ["ResultDescription"],
            name: t("certificates:credential.score", { lng: language }),
            resultType: "Percent",
            requiredValue: String(course.passPercent),
            valueMin: "0",
            valueMax: "100",
          },
        ],
      },
      result: [{ type: ["Result"], resultDescription: scoreDescriptionId, value: String(certificate.scorePercent) }],
    },
    credentialStatus: {
      id: `${urls.statusListId}#${certificate.statusListIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: STATUS_PURPOSE,
      statusListIndex: String(certificate.statusListIndex),
      statusListCredential: urls.statusListId,
    },
  };
  return credential;
}

/** A public key as the issuer documents show it (a SigningKey is one; retiredAt from the registry). */
export type PublicKeyInfo = Pick<IssuerKey, "publicKeyMultibase" | "verificationMethod" | "controller"> & {
  retiredAt?: Date | null;
};

function keyList(keys: PublicKeyInfo | readonly PublicKeyInfo[]): readonly PublicKeyInfo[] {
  return Array.isArray(keys) ? keys : [keys as PublicKeyInfo];
}

/**
 * The issuer's profile, which is also the controller document that authorises its keys: every
 * key the platform ever signed with stays in `assertionMethod` (the current one first), so the
 * credentials a retired key signed keep verifying; `retiredKeys` says since when each retired
 * key no longer signs.
 */
export function issuerProfileDocument(
  keys: PublicKeyInfo | readonly PublicKeyInfo[],
  appUrl = getEnv().APP_URL,
): Record<string, unknown> {
  const all = keyList(keys);
  const issuerId = issuerUrls(appUrl).issuerId;
  const retired = all.filter((k) => k.retiredAt);
  return {
    "@context": [
      VC_V2_CONTEXT,
      OB_V3P0_CONTEXT,
      {
        assertionMethod: { "@id": "https://w3id.org/security#assertionMethod", "@type": "@id", "@container": "@set" },
        ...(retired.length
          ? {
              retiredKeys: { "@id": `${issuerId}#retiredKeys`, "@container": "@set" },
              retiredAt: { "@id": `${issuerId}#retiredAt`, "@type": "http://www.w3.org/2001/XMLSchema#dateTime" },
            }
          : {}),
      },
    ],
    id: issuerId,
    type: ["Profile"],
    name: ISSUER_NAME,
    url: appUrl,
    description:
      "Kontakta is the Swedish association of contact-centre companies. KontaktAkademin is its training platform; it issues the certificates behind the Trygg Kundkontakt trained-manager criterion.",
    assertionMethod: all.map((k) => k.verificationMethod),
    ...(retired.length
      ? { retiredKeys: retired.map((k) => ({ id: k.verificationMethod, retiredAt: xsdDateTime(k.retiredAt!) })) }
      : {}),
  };
}

/**
 * A public key as a Multikey verification method. A retired key's document is the same as it
 * always was: no `expires`/`revoked`, which would make verifiers refuse the credentials it
 * signed while it was current (docs/decisions/015-signing-key-rotation.md).
 */
export function verificationMethodDocument(key: PublicKeyInfo): Record<string, unknown> {
  return {
    "@context": "https://w3id.org/security/multikey/v1",
    id: key.verificationMethod,
    type: "Multikey",
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
  };
}

export type StatusListSource = () => Promise<Record<string, unknown>>;

/**
 * The loader used to sign and verify our credentials: bundled contexts, our issuer profile and
 * keys (current and retired), and the status list (from `statusList`, which reads the database).
 */
export function issuerDocumentLoader(
  keys: PublicKeyInfo | readonly PublicKeyInfo[],
  statusList: StatusListSource,
  appUrl = getEnv().APP_URL,
): DocumentLoader {
  const urls = issuerUrls(appUrl);
  const all = keyList(keys);
  return createDocumentLoader({
    documents: {
      [urls.issuerId]: issuerProfileDocument(all, appUrl),
      ...Object.fromEntries(all.map((k) => [k.verificationMethod, verificationMethodDocument(k)])),
    },
    resolve: async (url) => (url === urls.statusListId ? statusList() : undefined),
  });
}

export async function signingSuite(key: SigningKey, date?: Date) {
  const { DataIntegrityProof, cryptosuite } = await vcLibraries();
  return new DataIntegrityProof({ signer: key.keyPair.signer(), cryptosuite, date: date ?? new Date() });
}

export async function verifyingSuite() {
  const { DataIntegrityProof, cryptosuite } = await vcLibraries();
  return new DataIntegrityProof({ cryptosuite });
}

/** Signs with the platform key (adds the `proof`). */
export async function signCredential(
  credential: Record<string, unknown>,
  options: { key?: SigningKey; documentLoader: DocumentLoader; date?: Date },
): Promise<Record<string, unknown>> {
  const key = options.key ?? (await getSigningKey());
  const { vc } = await vcLibraries();
  return vc.issue({
    credential: structuredClone(credential),
    suite: await signingSuite(key, options.date),
    documentLoader: options.documentLoader,
  });
}

/**
 * checkStatus for vc.verifyCredential: the library reports whether it could read the status;
 * a set revocation bit must fail verification too.
 */
export async function checkRevocationStatus(options: Record<string, unknown>) {
  const { statusList } = await vcLibraries();
  const result = await statusList.checkStatus({
    credential: options.credential,
    documentLoader: options.documentLoader as DocumentLoader,
    suite: options.suite,
    verifyBitstringStatusListCredential: true,
    verifyMatchingIssuers: true,
  });
  if (!result.verified) return result;
  const revoked = (result.results ?? []).some((r) => r.status === true);
  return revoked
    ? { ...result, verified: false, revoked: true, error: new Error("The credential has been revoked.") }
    : { ...result, revoked: false };
}

function firstError(error: unknown): Error | undefined {
  if (!error) return undefined;
  const e = error as Error & { errors?: unknown[]; cause?: unknown };
  if (e.errors?.length) return firstError(e.errors[0]);
  return e instanceof Error ? e : new Error(String(error));
}

function findUnknownDocument(error: unknown, depth = 0): UnknownDocumentError | undefined {
  if (!error || depth > 6) return undefined;
  if (error instanceof UnknownDocumentError) return error;
  const e = error as { errors?: unknown[]; cause?: unknown; details?: { cause?: unknown } };
  for (const inner of [...(e.errors ?? []), e.cause, e.details?.cause]) {
    const found = findUnknownDocument(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export type CredentialCheck =
  | { kind: "invalid"; reason: "notObject" | "notCredential" | "noProof" | "foreignIssuer"; detail?: string }
  | {
      kind: "checked";
      signature: { ok: true } | { ok: false; detail: string };
      status: "active" | "revoked" | "unknown";
      statusDetail?: string;
      validity: "valid" | "expired" | "notYetValid";
      summary: CredentialSummary;
    };

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function summarize(credential: Record<string, unknown>) {
  const subject = (credential.credentialSubject ?? {}) as Record<string, unknown>;
  const identifiers = Array.isArray(subject.identifier) ? (subject.identifier as Array<Record<string, unknown>>) : [];
  const nameIdentity = identifiers.find((i) => i.identityType === "name" && i.hashed === false);
  const achievement = (subject.achievement ?? {}) as Record<string, unknown>;
  return {
    name: str(credential.name) ?? str(achievement.name),
    holderName: str(nameIdentity?.identityHash),
    validFrom: str(credential.validFrom),
    validUntil: str(credential.validUntil),
    number: str(credential.id)?.match(/\/verify\/(KA-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=])$/)?.[1] ?? null,
  };
}

/**
 * The retired key of ours that made one of the document's proofs on or after its retirement, if
 * any (a proof's `created` is when it was made; a proof without one is not dated before anything).
 */
function lateRetiredKey(document: Record<string, unknown>, keys: readonly PublicKeyInfo[]): PublicKeyInfo | undefined {
  const proofs = (Array.isArray(document.proof) ? document.proof : [document.proof]) as unknown[];
  for (const proof of proofs) {
    if (!proof || typeof proof !== "object") continue;
    const { verificationMethod: method, created } = proof as Record<string, unknown>;
    const id = typeof method === "string" ? method : str((method as Record<string, unknown> | null)?.id);
    const key = keys.find((k) => k.verificationMethod === id);
    const createdAt = typeof created === "string" ? Date.parse(created) : Number.NaN;
    if (key?.retiredAt && !(createdAt < key.retiredAt.getTime())) return key;
  }
  return undefined;
}

/**
 * Checks a credential someone gives us: that it is ours, that the proof verifies against one of
 * our public keys (a retired key only for proofs it made before its retirement), whether it is
 * revoked in our status list, and whether it is inside its validity period. Never fetches
 * anything: a credential pointing elsewhere is reported, not followed.
 * `keys` defaults to `key` alone when given (tests), else to the key registry.
 */
export async function checkCredential(
  input: unknown,
  options: {
    key?: SigningKey;
    keys?: readonly PublicKeyInfo[];
    statusList: StatusListSource;
    now?: Date;
    appUrl?: string;
  },
): Promise<CredentialCheck> {
  if (!input || typeof input !== "object" || Array.isArray(input)) return { kind: "invalid", reason: "notObject" };
  const credential = input as Record<string, unknown>;
  const types = Array.isArray(credential.type) ? credential.type : [credential.type];
  const contexts = Array.isArray(credential["@context"]) ? credential["@context"] : [credential["@context"]];
  if (!types.includes("VerifiableCredential") || contexts[0] !== VC_V2_CONTEXT)
    return { kind: "invalid", reason: "notCredential" };
  if (!credential.proof || typeof credential.proof !== "object") return { kind: "invalid", reason: "noProof" };
  const appUrl = options.appUrl ?? getEnv().APP_URL;
  const urls = issuerUrls(appUrl);
  const issuer = credential.issuer;
  const issuerId = typeof issuer === "string" ? issuer : str((issuer as Record<string, unknown> | null)?.id);
  if (issuerId !== urls.issuerId) return { kind: "invalid", reason: "foreignIssuer", detail: issuerId ?? undefined };

  const keys = options.keys ?? (options.key ? [options.key] : await getIssuerKeys(await getSigningKey(), appUrl));
  // The status list is held to the same rule as credentials: a retired key only for lists it
  // signed before its retirement (the library's own check of the list knows no retirement).
  const statusList: StatusListSource = async () => {
    const list = await options.statusList();
    const late = lateRetiredKey(list, keys);
    if (late) throw new Error(`The status list is signed by the key ${late.verificationMethod} after its retirement.`);
    return list;
  };
  const documentLoader = issuerDocumentLoader(keys, statusList, appUrl);
  const now = options.now ?? new Date();
  const summary = summarize(credential);

  // 1. The proof, independent of dates (checked separately below, so an expired credential still
  //    shows whether its signature is genuine).
  const signatureTime =
    summary.validFrom && !Number.isNaN(Date.parse(summary.validFrom)) ? new Date(summary.validFrom) : now;
  const { vc } = await vcLibraries();
  const proofResult = await vc.verifyCredential({
    credential,
    suite: await verifyingSuite(),
    documentLoader,
    checkStatus: async () => ({ verified: true }),
    now: signatureTime,
  });
  let signature: { ok: true } | { ok: false; detail: string };
  if (proofResult.verified) {
    // Only proofs by keys of ours get here (any other key URL is refused by the loader).
    const late = lateRetiredKey(credential, keys);
    signature = late
      ? {
          ok: false,
          detail: `signed by the key ${late.verificationMethod} after its retirement on ${xsdDateTime(late.retiredAt!)}`,
        }
      : { ok: true };
  } else {
    const unknown = findUnknownDocument(proofResult.error);
    if (unknown) return { kind: "invalid", reason: "foreignIssuer", detail: unknown.url };
    signature = { ok: false, detail: firstError(proofResult.error)?.message ?? "verification failed" };
  }

  // 2. Revocation, from our status list (itself a signed credential, verified too).
  let status: "active" | "revoked" | "unknown" = "unknown";
  let statusDetail: string | undefined;
  if (credential.credentialStatus) {
    const statusResult = (await checkRevocationStatus({
      credential,
      documentLoader,
      suite: await verifyingSuite(),
    })) as {
      verified: boolean;
      revoked?: boolean;
      error?: Error;
    };
    if (statusResult.revoked) status = "revoked";
    else if (statusResult.verified) status = "active";
    else statusDetail = firstError(statusResult.error)?.message;
  } else statusDetail = "no credentialStatus";

  // 3. Validity period.
  let validity: "valid" | "expired" | "notYetValid" = "valid";
  // The certificates' own rule (revocation is checked apart, above, from the status list).
  if (summary.validUntil && !isValidAt({ revokedAt: null, expiresAt: summary.validUntil }, now)) validity = "expired";
  if (summary.validFrom && Date.parse(summary.validFrom) > now.getTime() + 5 * 60_000) validity = "notYetValid";

  return { kind: "checked", signature, status, statusDetail, validity, summary };
}
