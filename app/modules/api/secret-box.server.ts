// Encryption at rest for secrets we must be able to read back (webhook signing secrets):
// AES-256-GCM with a key derived from AUTH_SECRET by HKDF-SHA256. Stored as
// "v1.<iv>.<tag>.<ciphertext>" (base64url). Changing AUTH_SECRET makes stored secrets unreadable:
// subscriptions then need a new secret (rotate in the admin page).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getAuthSecret } from "~/modules/auth/auth-secret.server";

const keys = new Map<string, Buffer>();

function deriveKey(appSecret: string): Buffer {
  let key = keys.get(appSecret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", appSecret, "kontaktakademin", "webhook-secret-encryption-v1", 32));
    keys.set(appSecret, key);
  }
  return key;
}

export function encryptSecret(plaintext: string, appSecret: string = getAuthSecret()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(appSecret), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export class SecretDecryptionError extends Error {
  override name = "SecretDecryptionError";
}

export function decryptSecret(stored: string, appSecret: string = getAuthSecret()): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new SecretDecryptionError("Unknown secret format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", deriveKey(appSecret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("The secret cannot be decrypted with the current AUTH_SECRET");
  }
}
