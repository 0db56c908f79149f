// Signing webhook deliveries: `KA-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
// The timestamp is inside the signed text, so a captured delivery cannot be replayed later with a
// new timestamp; receivers reject timestamps older than a few minutes. RECEIVER_EXAMPLE is the
// five-line check shown on /api/docs (and run by the unit tests, so the docs cannot go stale).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "KA-Signature";
export const EVENT_ID_HEADER = "KA-Event-Id";
export const EVENT_TYPE_HEADER = "KA-Event-Type";
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new subscription secret: "whsec_" + 32 random bytes, base64url. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: "malformed" | "stale" | "mismatch" };

/** Receiver-side check (also what our tests' receiver uses). Accepts several v1 values (secret rotation). */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  { toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = Date.now() }: { toleranceSeconds?: number; now?: number } = {},
): VerifyResult {
  if (!header || header.length > 2_000) return { ok: false, reason: "malformed" };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    const key = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: "malformed" };
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: "stale" };
  const expected = Buffer.from(computeSignature(secret, timestamp, body), "hex");
  const match = signatures.some((s) => timingSafeEqual(Buffer.from(s, "hex"), expected));
  return match ? { ok: true, timestamp } : { ok: false, reason: "mismatch" };
}

/**
 * The receiver check shown in the docs, for Node.js. `req` is the incoming request, `rawBody`
 * the body exactly as received (a string), `secret` the subscription's signing secret.
 */
export const RECEIVER_EXAMPLE = `const { createHmac, timingSafeEqual } = require("node:crypto");
const { t, v1 = "" } = Object.fromEntries(String(req.headers["ka-signature"]).split(",").map((kv) => kv.split("=")));
const expected = createHmac("sha256", secret).update(\`\${t}.\${rawBody}\`).digest("hex");
const fresh = Math.abs(Date.now() / 1000 - Number(t)) < 300;
const valid = fresh && v1.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));`;
