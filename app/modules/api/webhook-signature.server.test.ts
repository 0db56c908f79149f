import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  computeSignature,
  generateWebhookSecret,
  RECEIVER_EXAMPLE,
  signatureHeader,
  verifySignature,
} from "./webhook-signature.server";

const secret = generateWebhookSecret();
const body = JSON.stringify({ id: "0b8f…", type: "certificate.issued", data: { å: "ä" } });

/** Runs the docs' five lines exactly as a receiver would paste them. */
function runReceiverExample(headers: Record<string, string>, rawBody: string, key: string): boolean {
  const fn = new Function("require", "req", "rawBody", "secret", `${RECEIVER_EXAMPLE}\nreturn valid;`);
  return fn(require, { headers }, rawBody, key) as boolean;
}

describe("webhook signatures", () => {
  it("sign HMAC-SHA256 over '<t>.<body>' with the secret", () => {
    const t = 1_760_000_000;
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(computeSignature(secret, t, body)).toBe(expected);
    expect(signatureHeader(secret, t, body)).toBe(`t=${t},v1=${expected}`);
  });

  it("verify a fresh signature and refuse a changed body, a wrong secret, an old timestamp or garbage", () => {
    const now = Date.now();
    const t = Math.floor(now / 1000);
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(secret, header, body, { now })).toEqual({ ok: true, timestamp: t });
    expect(verifySignature(secret, header, `${body} `, { now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(generateWebhookSecret(), header, body, { now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(secret, header, body, { now: now + 301_000 })).toEqual({ ok: false, reason: "stale" });
    for (const bad of [null, "", "t=1", "v1=abc", "t=x,v1=" + "0".repeat(64), "x".repeat(3000)]) {
      expect(verifySignature(secret, bad, body, { now }).ok).toBe(false);
    }
  });

  it("accept any of several v1 values (a receiver mid-rotation)", () => {
    const t = Math.floor(Date.now() / 1000);
    const header = `t=${t},v1=${"0".repeat(64)},v1=${computeSignature(secret, t, body)}`;
    expect(verifySignature(secret, header, body).ok).toBe(true);
  });

  it("the docs' five-line receiver check accepts our deliveries and refuses forgeries", () => {
    expect(RECEIVER_EXAMPLE.split("\n")).toHaveLength(5);
    const t = Math.floor(Date.now() / 1000);
    const headers = { "ka-signature": signatureHeader(secret, t, body) };
    expect(runReceiverExample(headers, body, secret)).toBe(true);
    expect(runReceiverExample(headers, body.replace("ä", "a"), secret)).toBe(false);
    expect(runReceiverExample(headers, body, generateWebhookSecret())).toBe(false);
    expect(runReceiverExample({ "ka-signature": signatureHeader(secret, t - 600, body) }, body, secret)).toBe(false);
    expect(runReceiverExample({ "ka-signature": `t=${t},v1=abc` }, body, secret)).toBe(false);
    expect(runReceiverExample({}, body, secret)).toBe(false);
  });

  it("secrets are whsec_ + 32 random bytes", () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
