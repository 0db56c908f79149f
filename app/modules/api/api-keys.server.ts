// API keys: "ka_<mode>_<prefix>_<secret>". The prefix (12 characters) is stored in clear to find
// the client and to show in lists; the secret (32 random bytes, base64url) is stored only as its
// SHA-256. A plain hash is enough for a 256-bit random secret (nothing to brute-force), and
// comparison is in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export type KeyMode = "live" | "test";

const PREFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"; // no 0/o/1/l: readable when spoken
export const KEY_PATTERN = /^ka_(live|test)_([a-z2-9]{12})_([A-Za-z0-9_-]{43})$/;

function randomPrefix(): string {
  const bytes = randomBytes(12);
  let out = "";
  for (const b of bytes) out += PREFIX_ALPHABET[b % PREFIX_ALPHABET.length];
  return out;
}

export function hashKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export type GeneratedKey = { key: string; mode: KeyMode; prefix: string; hash: string };

export function generateApiKey(mode: KeyMode): GeneratedKey {
  const prefix = randomPrefix();
  const secret = randomBytes(32).toString("base64url");
  return { key: `ka_${mode}_${prefix}_${secret}`, mode, prefix, hash: hashKeySecret(secret) };
}

export type ParsedKey = { mode: KeyMode; prefix: string; secret: string };

export function parseApiKey(key: string): ParsedKey | null {
  if (typeof key !== "string" || key.length > 100) return null;
  const m = KEY_PATTERN.exec(key);
  if (!m) return null;
  return { mode: m[1] as KeyMode, prefix: m[2]!, secret: m[3]! };
}

/** Whether `secret` hashes to `storedHash`, in time independent of where they differ. */
export function keySecretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashKeySecret(secret), "hex");
  const expected = Buffer.from(storedHash, "hex");
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

/** The key from an `Authorization: Bearer …` header; null when absent or not a bearer token. */
export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}
