// Revocation, published as a W3C Bitstring Status List credential (signed by the platform key) at
// a stable URL. It is derived from the certificates table on every request, so a revocation shows
// in the list the moment its transaction commits, on every instance. The signed list is cached in
// memory per exact set of revoked positions, so repeated reads cost one small query.
import { createHash } from "node:crypto";
import { createCredential, createList } from "@digitalbazaar/vc-bitstring-status-list";
import * as vc from "@digitalbazaar/vc";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { signingSuite, STATUS_PURPOSE, xsdDateTime } from "./credential.server";
import { createDocumentLoader, VC_V2_CONTEXT } from "./document-loader.server";
import { getSigningKey, issuerUrls, type SigningKey } from "./signing-key.server";

/** The spec's minimum list size (16 KB uncompressed) gives holders herd privacy. */
export const MIN_LIST_BITS = 131_072;
/** Hint to verifiers: re-fetch at least every 5 minutes. */
export const STATUS_LIST_TTL_MS = 5 * 60_000;

export function listLength(maxIndex: number): number {
  return Math.max(MIN_LIST_BITS, Math.ceil((maxIndex + 1) / MIN_LIST_BITS) * MIN_LIST_BITS);
}

/** Builds and signs the status list credential for these revoked positions. */
export async function buildStatusListCredential(options: {
  revokedIndexes: number[];
  length: number;
  key: SigningKey;
  appUrl: string;
  now?: Date;
}): Promise<Record<string, unknown>> {
  const list = await createList({ length: options.length });
  for (const index of options.revokedIndexes) list.setStatus(index, true);
  const urls = issuerUrls(options.appUrl);
  const unsigned = await createCredential({ id: urls.statusListId, list, statusPurpose: STATUS_PURPOSE, context: [VC_V2_CONTEXT] });
  const now = options.now ?? new Date();
  const credential = {
    ...unsigned,
    issuer: urls.issuerId,
    validFrom: xsdDateTime(now),
    credentialSubject: { ...unsigned.credentialSubject, ttl: STATUS_LIST_TTL_MS },
  };
  return vc.issue({ credential, suite: signingSuite(options.key, now), documentLoader: createDocumentLoader() });
}

const globalCache = globalThis as unknown as { __kaStatusList?: { fingerprint: string; credential: Promise<Record<string, unknown>> } };

/** The current signed status list credential. */
export async function getStatusListCredential(): Promise<Record<string, unknown>> {
  const db = await getDb();
  const [revoked, max] = await Promise.all([
    db.certificate.findMany({ where: { revokedAt: { not: null } }, select: { statusListIndex: true }, orderBy: { statusListIndex: "asc" } }),
    db.certificate.aggregate({ _max: { statusListIndex: true } }),
  ]);
  const revokedIndexes = revoked.map((r) => r.statusListIndex);
  const length = listLength(max._max.statusListIndex ?? 0);
  const key = await getSigningKey();
  const appUrl = getEnv().APP_URL;
  const fingerprint = createHash("sha256")
    .update(`${appUrl}|${key.verificationMethod}|${length}|${revokedIndexes.join(",")}`)
    .digest("base64url");
  const cached = globalCache.__kaStatusList;
  if (cached?.fingerprint === fingerprint) return cached.credential;
  const credential = buildStatusListCredential({ revokedIndexes, length, key, appUrl });
  globalCache.__kaStatusList = { fingerprint, credential };
  credential.catch(() => {
    if (globalCache.__kaStatusList?.credential === credential) globalCache.__kaStatusList = undefined;
  });
  return credential;
}
