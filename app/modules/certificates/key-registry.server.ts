// Every public key the platform has signed credentials with. CREDENTIAL_SIGNING_KEY may be
// rotated: the app records its key at boot (CredentialSigningKey), and the key that was current
// until then gets `retiredAt`. Retired keys stay in the issuer profile's assertionMethod and at
// /issuer/keys/<publicKeyMultibase>, so the credentials they signed keep verifying anywhere; our
// own check accepts a retired key only for proofs created before its retirement.
// Why not `revoked`/`expires` on the key document: docs/decisions/015-signing-key-rotation.md.
import { getDb, QUEUED_TRANSACTION } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { issuerUrls, type SigningKey } from "./signing-key.server";

/** A public key of the issuer, current (retiredAt null) or retired. */
export type IssuerKey = {
  publicKeyMultibase: string;
  verificationMethod: string;
  controller: string;
  retiredAt: Date | null;
};

export class RetiredSigningKeyError extends Error {
  override name = "RetiredSigningKeyError";
  constructor(
    readonly publicKeyMultibase: string,
    readonly retiredAt: Date,
  ) {
    super(
      `CREDENTIAL_SIGNING_KEY is the key ${publicKeyMultibase}, retired on ${retiredAt.toISOString()} when a newer key was first used. ` +
        "A retired key never signs again (its proofs from after that date are refused); start with the current key or a new one (npx tsx scripts/credential-key.ts).",
    );
  }
}

export type RecordOutcome = { status: "recorded" | "known" | "reactivated"; retired: string[] };

/**
 * The boot step: makes `key` the current signing key in the registry. A key not yet recorded is
 * added and the key(s) current until now are retired (at `now`, rounded up to the second).
 * Several instances may boot at once: one transaction at a time decides (table lock), so there
 * is always exactly one current key.
 * A retired key is refused in production (RetiredSigningKeyError); in development and tests it
 * becomes current again, with a warning.
 */
export async function recordSigningKey(
  key: Pick<SigningKey, "publicKeyMultibase">,
  options: { now?: Date; allowReactivation?: boolean } = {},
): Promise<RecordOutcome> {
  // Whole seconds, rounded up: retiredAt is published without milliseconds, and every proof made
  // before this boot (proofs are dated in whole seconds) is strictly before it.
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000 + 1000);
  const allowReactivation = options.allowReactivation ?? !getEnv().isProduction;
  const db = await getDb();
  const publicKeyMultibase = key.publicKeyMultibase;
  const outcome = await db.$transaction(async (tx) => {
    // SHARE ROW EXCLUSIVE conflicts with itself: concurrent boots take turns, readers do not wait.
    await tx.$executeRaw`LOCK TABLE "CredentialSigningKey" IN SHARE ROW EXCLUSIVE MODE`;
    const existing = await tx.credentialSigningKey.findUnique({ where: { publicKeyMultibase } });
    if (existing && !existing.retiredAt) return { status: "known" as const, retired: [] };
    if (existing?.retiredAt && !allowReactivation)
      throw new RetiredSigningKeyError(publicKeyMultibase, existing.retiredAt);
    const current = await tx.credentialSigningKey.findMany({
      where: { retiredAt: null },
      select: { publicKeyMultibase: true },
    });
    await tx.credentialSigningKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
    if (existing) {
      await tx.credentialSigningKey.update({ where: { publicKeyMultibase }, data: { retiredAt: null } });
      return { status: "reactivated" as const, retired: current.map((k) => k.publicKeyMultibase) };
    }
    await tx.credentialSigningKey.create({ data: { publicKeyMultibase, firstUsedAt: now } });
    return { status: "recorded" as const, retired: current.map((k) => k.publicKeyMultibase) };
  }, QUEUED_TRANSACTION);
  if (outcome.status === "reactivated")
    logger.warn("a retired credential-signing key is current again (development only)", { publicKeyMultibase });
  else if (outcome.retired.length)
    logger.info("credential-signing key rotated", { publicKeyMultibase, retired: outcome.retired });
  return outcome;
}

/**
 * Every key of the issuer: the current one first (this instance's key, also when the registry
 * does not know it yet, e.g. before the boot step ran; unless the registry says it is retired),
 * then the others newest first.
 */
export async function getIssuerKeys(current: SigningKey, appUrl = getEnv().APP_URL): Promise<IssuerKey[]> {
  const db = await getDb();
  const rows = await db.credentialSigningKey.findMany({
    orderBy: [{ firstUsedAt: "desc" }, { publicKeyMultibase: "asc" }],
  });
  return issuerKeysFrom(current, rows, appUrl);
}

/** Pure part of getIssuerKeys (for tests without a database). */
export function issuerKeysFrom(
  current: Pick<SigningKey, "publicKeyMultibase">,
  rows: Array<{ publicKeyMultibase: string; retiredAt: Date | null }>,
  appUrl: string,
): IssuerKey[] {
  const urls = issuerUrls(appUrl);
  const toKey = (publicKeyMultibase: string, retiredAt: Date | null): IssuerKey => ({
    publicKeyMultibase,
    verificationMethod: urls.keyId(publicKeyMultibase),
    controller: urls.issuerId,
    retiredAt,
  });
  const own = rows.find((r) => r.publicKeyMultibase === current.publicKeyMultibase);
  const keys = [
    toKey(current.publicKeyMultibase, own?.retiredAt ?? null),
    ...rows
      .filter((r) => r.publicKeyMultibase !== current.publicKeyMultibase)
      .map((r) => toKey(r.publicKeyMultibase, r.retiredAt)),
  ];
  // An instance still running a retired key (during a rolling deploy) lists the current key first.
  return [...keys.filter((k) => !k.retiredAt), ...keys.filter((k) => k.retiredAt)];
}
