// Personal data in the audit chain, kept OUTSIDE the hashed part so it can be erased without
// breaking the chain (GDPR art. 17; docs/decisions/017).
// Before an entry is hashed, every value under a PERSONAL_KEYS key is moved into a side record
// ({ salt, values: { "<dotted path>": value } }, the AuditEntry.personal column) and replaced in
// the hashed payload by a salted commitment "pc1:" + sha256_hex(salt ":" path ":" value).
// - While the side record exists, anyone can check that it is the data the chain committed to
//   (personalMismatch); `npm run audit:verify` does.
// - Erasure sets the side record to null. The hash chain is untouched, so it still verifies, and
//   without the random salt the commitment cannot be linked back to a name by guessing.
import { createHash, randomBytes } from "node:crypto";
import type { JsonValue } from "./canonical-json";

/** Keys whose values are personal data wherever they appear in an audit payload. */
export const PERSONAL_KEYS = new Set(["holderName", "email", "holderEmail", "personName", "inviteeEmail"]);

export const COMMITMENT_PREFIX = "pc1:";

export type PersonalRecord = { salt: string; values: Record<string, JsonValue> };

export function commitment(salt: string, path: string, value: JsonValue): string {
  return (
    COMMITMENT_PREFIX +
    createHash("sha256")
      .update(`${salt}:${path}:${JSON.stringify(value)}`)
      .digest("hex")
  );
}

/** Splits a payload into what is hashed (commitments in place of personal values) and the side record. */
export function separatePersonal(
  payload: { [key: string]: JsonValue },
  salt = randomBytes(16).toString("base64url"),
): {
  hashed: { [key: string]: JsonValue };
  personal: PersonalRecord | null;
} {
  const values: Record<string, JsonValue> = {};
  const walk = (value: JsonValue, path: string): JsonValue => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}.${i}`));
    if (value && typeof value === "object") {
      const out: { [key: string]: JsonValue } = {};
      for (const [k, v] of Object.entries(value)) {
        const p = path ? `${path}.${k}` : k;
        if (PERSONAL_KEYS.has(k) && v !== null) {
          values[p] = v;
          out[k] = commitment(salt, p, v);
        } else out[k] = walk(v, p);
      }
      return out;
    }
    return value;
  };
  const hashed = walk(payload, "") as { [key: string]: JsonValue };
  return { hashed, personal: Object.keys(values).length ? { salt, values } : null };
}

/** The payload with personal values put back (those still held), for reading an entry. */
export function joinPersonal(payload: unknown, personal: unknown): unknown {
  const record = asPersonalRecord(personal);
  if (!record) return payload;
  const copy = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
  for (const [path, value] of Object.entries(record.values)) {
    const parts = path.split(".");
    let node: unknown = copy;
    for (const part of parts.slice(0, -1))
      node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
    if (node && typeof node === "object") (node as Record<string, unknown>)[parts.at(-1)!] = value;
  }
  return copy;
}

function asPersonalRecord(value: unknown): PersonalRecord | null {
  if (!value || typeof value !== "object") return null;
  const r = value as Partial<PersonalRecord>;
  return typeof r.salt === "string" && r.values && typeof r.values === "object" ? (r as PersonalRecord) : null;
}

/** The first path whose side-record value does not match the commitment in the hashed payload (null: all match). */
export function personalMismatch(payload: unknown, personal: unknown): string | null {
  if (personal === null || personal === undefined) return null;
  const record = asPersonalRecord(personal);
  if (!record) return "(malformed personal record)";
  for (const [path, value] of Object.entries(record.values)) {
    let node: unknown = payload;
    for (const part of path.split("."))
      node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
    if (node !== commitment(record.salt, path, value)) return path;
  }
  return null;
}
