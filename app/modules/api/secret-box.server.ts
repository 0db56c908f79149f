// Webhook signing secrets at rest: sealed with AUTH_SECRET (app/utils/sealed-box.server.ts).
// Changing AUTH_SECRET makes stored secrets unreadable: subscriptions then need a new secret
// (rotate in the admin page).
import { getAuthSecret } from "~/modules/auth/auth-secret.server";
import { sealedBox } from "~/utils/sealed-box.server";

export class SecretDecryptionError extends Error {
  override name = "SecretDecryptionError";
}

const box = sealedBox({
  info: "webhook-secret-encryption-v1",
  version: "v1",
  what: "secret",
  unreadable: SecretDecryptionError,
});

export function encryptSecret(plaintext: string, appSecret: string = getAuthSecret()): string {
  return box.seal(plaintext, appSecret);
}

export function decryptSecret(stored: string, appSecret: string = getAuthSecret()): string {
  return box.open(stored, appSecret);
}
