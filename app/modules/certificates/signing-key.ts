// The format of CREDENTIAL_SIGNING_KEY: the platform's Ed25519 secret key as a Multikey
// `secretKeyMultibase` (W3C Data Integrity EdDSA): "z" + base58-btc of the multicodec header
// ed25519-priv (0x80 0x26) followed by the 32-byte secret seed. (The 64-byte "seed + public key"
// form older tools emit is accepted too, when its public half matches the seed.)
// Generate one with `npx tsx scripts/credential-key.ts`. Pure module: the env schema uses it.
// The public key and its publicKeyMultibase come from @digitalbazaar/ed25519-multikey
// (signing-key.server.ts), which signs with the key too.
import * as base58 from "base58-universal";

const ED25519_PRIV_HEADER = [0x80, 0x26] as const;

export type DecodedSecretKey = { seed: Uint8Array; publicKey: Uint8Array | null };

/** The 32-byte seed (and the public key when the long form carries one), or an error message. */
export function decodeSecretKeyMultibase(
  value: string,
): { ok: true; key: DecodedSecretKey } | { ok: false; message: string } {
  const fail = (message: string) => ({ ok: false as const, message });
  if (!value.startsWith("z"))
    return fail('must be a multibase base58-btc string starting with "z" (an Ed25519 secretKeyMultibase)');
  // base58.decode skips whitespace; a key with spaces in it is a pasting mistake, not a key.
  const bytes = /\s/.test(value) ? undefined : base58.decode(value.slice(1));
  if (!bytes) return fail("contains characters that are not base58-btc");
  if (bytes[0] !== ED25519_PRIV_HEADER[0] || bytes[1] !== ED25519_PRIV_HEADER[1]) {
    return fail("is not an Ed25519 secret key (multicodec header 0x8026 missing)");
  }
  const body = bytes.slice(2);
  if (body.length === 32) return { ok: true, key: { seed: body, publicKey: null } };
  if (body.length === 64) return { ok: true, key: { seed: body.slice(0, 32), publicKey: body.slice(32) } };
  return fail(`has ${body.length} key bytes; an Ed25519 secret key has 32`);
}

export function encodeSecretKeyMultibase(seed: Uint8Array): string {
  if (seed.length !== 32) throw new Error("an Ed25519 seed has 32 bytes");
  return `z${base58.encode(Uint8Array.from([...ED25519_PRIV_HEADER, ...seed]))}`;
}
