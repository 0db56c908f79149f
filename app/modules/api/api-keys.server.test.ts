import { describe, expect, it } from "vitest";
import {
  bearerToken,
  generateApiKey,
  hashKeySecret,
  KEY_PATTERN,
  keySecretMatches,
  parseApiKey,
} from "./api-keys.server";

describe("API keys", () => {
  it("look like ka_<mode>_<12-character prefix>_<43-character secret> and are all different", () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey("live"));
    for (const k of keys) {
      expect(k.key).toMatch(KEY_PATTERN);
      expect(k.key.startsWith(`ka_live_${k.prefix}_`)).toBe(true);
    }
    expect(new Set(keys.map((k) => k.key)).size).toBe(200);
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(200);
    expect(generateApiKey("test").key).toMatch(/^ka_test_/);
  });

  it("store only the SHA-256 of the secret, never the secret", () => {
    const k = generateApiKey("live");
    const parsed = parseApiKey(k.key)!;
    expect(k.hash).toBe(hashKeySecret(parsed.secret));
    expect(k.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(k.hash).not.toContain(parsed.secret);
  });

  it("parse back into mode, prefix and secret, even when the secret contains underscores", () => {
    const key = `ka_live_abcdefghijkm_${"_".repeat(10)}${"A".repeat(33)}`;
    expect(parseApiKey(key)).toEqual({
      mode: "live",
      prefix: "abcdefghijkm",
      secret: `${"_".repeat(10)}${"A".repeat(33)}`,
    });
  });

  it("refuse anything else", () => {
    const good = generateApiKey("live").key;
    for (const bad of [
      "",
      "ka_live_",
      good.slice(0, -1),
      `${good}x`,
      good.replace("ka_live", "ka_prod"),
      good.toUpperCase(),
      ` ${good}`,
      "x".repeat(10_000),
    ]) {
      expect(parseApiKey(bad), bad.slice(0, 30)).toBeNull();
    }
  });

  it("compare secrets against the stored hash", () => {
    const k = generateApiKey("live");
    const { secret } = parseApiKey(k.key)!;
    expect(keySecretMatches(secret, k.hash)).toBe(true);
    expect(keySecretMatches(`${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`, k.hash)).toBe(false);
    expect(keySecretMatches(secret, "not-a-hash")).toBe(false);
  });

  it("read bearer tokens from the Authorization header only", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer   abc  ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
