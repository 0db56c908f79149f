// The platform's Ed25519 credential-signing key: CREDENTIAL_SIGNING_KEY from the env (required in
// production); in development and tests one is generated once and kept in DATA_DIR, like
// AUTH_SECRET, so credentials issued locally keep verifying across restarts.
// The verification method id is derived from the public key (/issuer/keys/<publicKeyMultibase>),
// so a rotated key gets a new URL and credentials signed with an old key never appear "tampered".
import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { getEnv } from "~/utils/env.server";
import { forget, remember } from "~/utils/remember.server";
import { decodeSecretKeyMultibase, encodeSecretKeyMultibase } from "./signing-key";

export type IssuerUrls = { issuerId: string; keyId: (publicKeyMultibase: string) => string; statusListId: string };

export function issuerUrls(appUrl = getEnv().APP_URL): IssuerUrls {
  return {
    issuerId: `${appUrl}/issuer`,
    keyId: (publicKeyMultibase) => `${appUrl}/issuer/keys/${publicKeyMultibase}`,
    statusListId: `${appUrl}/credentials/status/1`,
  };
}

export type SigningKey = {
  publicKeyMultibase: string;
  verificationMethod: string;
  controller: string;
  /** The key pair object @digitalbazaar/data-integrity signs with. */
  keyPair: Awaited<ReturnType<typeof Ed25519Multikey.generate>>;
};

/** Builds the signing key from a secretKeyMultibase; `controller` is the issuer URL. */
export async function signingKeyFromSecret(
  secretKeyMultibase: string,
  controller: string,
  keyIdFor: (pk: string) => string,
): Promise<SigningKey> {
  const decoded = decodeSecretKeyMultibase(secretKeyMultibase);
  if (!decoded.ok) throw new Error(`CREDENTIAL_SIGNING_KEY ${decoded.message}`);
  const { seed, publicKey: embedded } = decoded.key;
  const keyPair = await Ed25519Multikey.generate({ seed, controller });
  if (embedded && !timingSafeEqual(Buffer.from(embedded), Buffer.from(keyPair.publicKey))) {
    throw new Error("CREDENTIAL_SIGNING_KEY: its public half does not belong to its secret half");
  }
  const { publicKeyMultibase } = keyPair;
  const verificationMethod = keyIdFor(publicKeyMultibase);
  // The id names the key in every proof; it is known only once the public key is.
  keyPair.id = verificationMethod;
  return { publicKeyMultibase, verificationMethod, controller, keyPair };
}

function developmentSecret(): string {
  const dir = resolve(getEnv().DATA_DIR);
  const file = join(dir, "dev-credential-signing-key");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(file, `${encodeSecretKeyMultibase(randomBytes(32))}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readFileSync(file, "utf8").trim();
}

/** The key this instance signs with (CREDENTIAL_SIGNING_KEY, or the development key). */
export function getSigningKey(): Promise<SigningKey> {
  const env = getEnv();
  const secret = env.CREDENTIAL_SIGNING_KEY ?? developmentSecret();
  const create = () => {
    const urls = issuerUrls(env.APP_URL);
    const key = signingKeyFromSecret(secret, urls.issuerId, urls.keyId);
    key.catch(() => forget("signing-key", key));
    return key;
  };
  return remember("signing-key", create, { key: `${env.APP_URL} ${secret}` });
}
