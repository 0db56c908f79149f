// Revocation, published as a W3C Bitstring Status List credential (signed by the platform key) at
// a stable URL. The signed list is stored (CredentialStatusList) and served byte for byte, the
// same on every instance. Every revocation re-signs it inside its own transaction, with validFrom
// before the revocation time (so before the commit): a verifier fetching it right after the
// revocation already finds it valid, even with a clock that runs behind (VALID_FROM_ALLOWANCE_MS)
// and no skew tolerance. A fetch re-signs only when the stored list no longer says what the
// certificates table says (first fetch, the list grew, APP_URL changed) or was signed by a key
// that is no longer the current one; then validFrom is the time of the last change it reflects.
import { createHash } from "node:crypto";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { getDb, QUEUED_TRANSACTION } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { signingSuite, STATUS_PURPOSE, xsdDateTime } from "./credential.server";
import { createDocumentLoader, VC_V2_CONTEXT } from "./document-loader.server";
import { getSigningKey, issuerUrls, type SigningKey } from "./signing-key.server";
import { vcLibraries } from "./vc-libraries.server";

/** The spec's minimum list size (16 KB uncompressed) gives holders herd privacy. */
export const MIN_LIST_BITS = 131_072;
/** Hint to verifiers: re-fetch at least every 5 minutes. */
export const STATUS_LIST_TTL_MS = 5 * 60_000;
/** The one list (/credentials/status/1). */
export const STATUS_LIST_ID = 1;
/**
 * validFrom is this much before the change the list reflects, so a verifier whose clock is up to
 * a minute behind ours, and that allows no clock skew, does not see a fresh list as "not yet valid".
 */
export const VALID_FROM_ALLOWANCE_MS = 60_000;

export function listLength(maxIndex: number): number {
  return Math.max(MIN_LIST_BITS, Math.ceil((maxIndex + 1) / MIN_LIST_BITS) * MIN_LIST_BITS);
}

/** Builds and signs the status list credential for these revoked positions. */
export async function buildStatusListCredential(options: {
  revokedIndexes: number[];
  length: number;
  key: SigningKey;
  appUrl: string;
  /** The proof's creation time (default: now). */
  now?: Date;
  /** Default: `now`. */
  validFrom?: Date;
}): Promise<Record<string, unknown>> {
  const { vc, statusList } = await vcLibraries();
  const list = await statusList.createList({ length: options.length });
  for (const index of options.revokedIndexes) list.setStatus(index, true);
  const urls = issuerUrls(options.appUrl);
  const unsigned = await statusList.createCredential({
    id: urls.statusListId,
    list,
    statusPurpose: STATUS_PURPOSE,
    context: [VC_V2_CONTEXT],
  });
  const now = options.now ?? new Date();
  const credential = {
    ...unsigned,
    issuer: urls.issuerId,
    validFrom: xsdDateTime(options.validFrom ?? now),
    credentialSubject: { ...unsigned.credentialSubject, ttl: STATUS_LIST_TTL_MS },
  };
  return vc.issue({ credential, suite: await signingSuite(options.key, now), documentLoader: createDocumentLoader() });
}

type Client = PrismaClient | Prisma.TransactionClient;
type ListState = { revokedIndexes: number[]; length: number; latestRevokedAt: Date | null };

/** What the list must say: the revoked positions, its length, and when the last revocation was. */
async function readState(db: Client): Promise<ListState> {
  const revoked = await db.certificate.findMany({
    where: { revokedAt: { not: null } },
    select: { statusListIndex: true, revokedAt: true },
    orderBy: { statusListIndex: "asc" },
  });
  const max = await db.certificate.aggregate({ _max: { statusListIndex: true } });
  const latest = revoked.reduce((t, r) => Math.max(t, r.revokedAt!.getTime()), 0);
  return {
    revokedIndexes: revoked.map((r) => r.statusListIndex),
    length: listLength(max._max.statusListIndex ?? 0),
    latestRevokedAt: latest ? new Date(latest) : null,
  };
}

function fingerprintOf(appUrl: string, state: ListState): string {
  return createHash("sha256")
    .update(`${appUrl}|${state.length}|${state.revokedIndexes.join(",")}`)
    .digest("base64url");
}

/** The list's row, locked for this transaction (created if missing): one signer at a time. */
async function lockList(tx: Prisma.TransactionClient) {
  await tx.$executeRaw`INSERT INTO "CredentialStatusList" ("id", "updatedAt") VALUES (${STATUS_LIST_ID}, CURRENT_TIMESTAMP) ON CONFLICT ("id") DO NOTHING`;
  await tx.$queryRaw`SELECT "id" FROM "CredentialStatusList" WHERE "id" = ${STATUS_LIST_ID} FOR UPDATE`;
  return tx.credentialStatusList.findUniqueOrThrow({ where: { id: STATUS_LIST_ID } });
}

async function signAndStore(
  tx: Prisma.TransactionClient,
  options: { state: ListState; key: SigningKey; appUrl: string; now: Date; validFrom: Date },
): Promise<string> {
  const { state, key, appUrl, now } = options;
  const credential = await buildStatusListCredential({
    revokedIndexes: state.revokedIndexes,
    length: state.length,
    key,
    appUrl,
    now,
    validFrom: options.validFrom,
  });
  const text = `${JSON.stringify(credential, null, 2)}\n`;
  await tx.credentialStatusList.update({
    where: { id: STATUS_LIST_ID },
    data: { credential: text, fingerprint: fingerprintOf(appUrl, state), signedBy: key.verificationMethod },
  });
  return text;
}

/**
 * Re-signs the list inside a revocation's transaction, after the certificate row changed; `now`
 * is the revocation time (before the commit). Revocations take turns on the list's row lock, and
 * each reads the revoked set after the previous one committed, so none is lost.
 */
export async function resignStatusListInTransaction(tx: Prisma.TransactionClient, now: Date): Promise<void> {
  const key = await getSigningKey();
  await lockList(tx);
  const state = await readState(tx);
  await signAndStore(tx, {
    state,
    key,
    appUrl: getEnv().APP_URL,
    now,
    validFrom: new Date(now.getTime() - VALID_FROM_ALLOWANCE_MS),
  });
}

/** Whether the stored list is signed by a key other instances should re-sign with ours (ours is current). */
async function signedByAnotherKey(db: Client, signedBy: string | null, key: SigningKey): Promise<boolean> {
  if (signedBy === key.verificationMethod) return false;
  const own = await db.credentialSigningKey.findUnique({
    where: { publicKeyMultibase: key.publicKeyMultibase },
    select: { retiredAt: true },
  });
  // Not in the registry (no boot step ran, as in tests) counts as current.
  return !own?.retiredAt;
}

/** The signed status list credential as served (the exact JSON text; the same until it changes). */
export async function getStatusListText(): Promise<string> {
  const db = await getDb();
  const key = await getSigningKey();
  const appUrl = getEnv().APP_URL;
  const row = await db.credentialStatusList.findUnique({ where: { id: STATUS_LIST_ID } });
  const state = await readState(db);
  if (
    row?.credential &&
    row.fingerprint === fingerprintOf(appUrl, state) &&
    !(await signedByAnotherKey(db, row.signedBy, key))
  ) {
    return row.credential;
  }
  return db.$transaction(async (tx) => {
    const locked = await lockList(tx);
    const fresh = await readState(tx);
    if (
      locked.credential &&
      locked.fingerprint === fingerprintOf(appUrl, fresh) &&
      !(await signedByAnotherKey(tx, locked.signedBy, key))
    ) {
      return locked.credential; // another request signed it meanwhile
    }
    const changedAt = Math.max(fresh.latestRevokedAt?.getTime() ?? 0, locked.createdAt.getTime());
    return signAndStore(tx, {
      state: fresh,
      key,
      appUrl,
      now: new Date(),
      validFrom: new Date(changedAt - VALID_FROM_ALLOWANCE_MS),
    });
  }, QUEUED_TRANSACTION);
}

/** The current signed status list credential (parsed). */
export async function getStatusListCredential(): Promise<Record<string, unknown>> {
  return JSON.parse(await getStatusListText()) as Record<string, unknown>;
}
