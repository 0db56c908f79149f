import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, SecretDecryptionError } from "./secret-box.server";

const appSecret = "test-app-secret-0123456789-abcdefghijklmnop";

describe("secrets encrypted at rest (AES-256-GCM, key from AUTH_SECRET)", () => {
  it("round-trip, with a fresh IV each time", () => {
    const a = encryptSecret("whsec_abc", appSecret);
    const b = encryptSecret("whsec_abc", appSecret);
    expect(a).not.toBe(b);
    expect(a).not.toContain("whsec_abc");
    expect(decryptSecret(a, appSecret)).toBe("whsec_abc");
    expect(decryptSecret(b, appSecret)).toBe("whsec_abc");
  });

  it("refuse another AUTH_SECRET, a changed ciphertext and unknown formats", () => {
    const stored = encryptSecret("whsec_abc", appSecret);
    expect(() => decryptSecret(stored, `${appSecret}x`)).toThrow(SecretDecryptionError);
    const [v, iv, tag, ct] = stored.split(".");
    const flipped = Buffer.from(ct!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret([v, iv, tag, flipped.toString("base64url")].join("."), appSecret)).toThrow(
      SecretDecryptionError,
    );
    expect(() => decryptSecret("plain", appSecret)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(`v2.${iv}.${tag}.${ct}`, appSecret)).toThrow(SecretDecryptionError);
  });
});
