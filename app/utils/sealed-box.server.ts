// Encryption at rest for what the app must read back (webhook signing secrets, queued mail
// bodies): AES-256-GCM with a key derived from AUTH_SECRET by HKDF-SHA256, one key per purpose.
// Stored as "<version>.<iv>.<tag>.<ciphertext>" (base64url). Changing AUTH_SECRET makes what was
// sealed before unreadable (the callers say what that means for their rows).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

export type SealedBox = {
  seal(plaintext: string, appSecret: string): string;
  /** Throws `unreadable` when the text is not this box's format or does not decrypt with this secret. */
  open(stored: string, appSecret: string): string;
};

/**
 * A box for one purpose. `info` is the HKDF info (a new one is a new key), `version` the prefix
 * of what it seals, `what` names the contents in its errors.
 */
export function sealedBox(purpose: {
  info: string;
  version: string;
  what: string;
  unreadable: new (message: string) => Error;
}): SealedBox {
  const keys = new Map<string, Buffer>();
  const keyFor = (appSecret: string) => {
    let key = keys.get(appSecret);
    if (!key) {
      key = Buffer.from(hkdfSync("sha256", appSecret, "kontaktakademin", purpose.info, 32));
      keys.set(appSecret, key);
    }
    return key;
  };
  return {
    seal(plaintext, appSecret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", keyFor(appSecret), iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [
        purpose.version,
        iv.toString("base64url"),
        cipher.getAuthTag().toString("base64url"),
        ciphertext.toString("base64url"),
      ].join(".");
    },
    open(stored, appSecret) {
      const [version, iv, tag, ciphertext] = stored.split(".");
      if (version !== purpose.version || !iv || !tag || ciphertext === undefined)
        throw new purpose.unreadable(`unknown ${purpose.what} format`);
      try {
        const decipher = createDecipheriv("aes-256-gcm", keyFor(appSecret), Buffer.from(iv, "base64url"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
          "utf8",
        );
      } catch {
        throw new purpose.unreadable(`the ${purpose.what} cannot be decrypted with the current AUTH_SECRET`);
      }
    },
  };
}
