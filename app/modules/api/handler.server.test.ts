import { describe, expect, it } from "vitest";
import { apiLanguage } from "./handler.server";
import { backoffSeconds, BACKOFF_BASE_SECONDS, BACKOFF_CAP_SECONDS } from "./webhooks.server";

const req = (accept?: string) =>
  new Request("http://x/api/v1/companies", { headers: accept ? { "Accept-Language": accept } : {} });

describe("API message language", () => {
  it("is English unless Swedish or Finnish is preferred", () => {
    expect(apiLanguage(req())).toBe("en");
    expect(apiLanguage(req("de-DE"))).toBe("en");
    expect(apiLanguage(req("sv-SE,sv;q=0.9"))).toBe("sv");
    expect(apiLanguage(req("de;q=1, fi;q=0.8, sv;q=0.5"))).toBe("fi");
    expect(apiLanguage(req("sv;q=0, en"))).toBe("en");
    expect(apiLanguage(req("x".repeat(1000)))).toBe("en");
  });
});

describe("webhook retry backoff", () => {
  it("doubles from 30 s with jitter in [½, 1] and is capped at 6 h", () => {
    expect(backoffSeconds(1, () => 1)).toBe(BACKOFF_BASE_SECONDS);
    expect(backoffSeconds(1, () => 0)).toBe(BACKOFF_BASE_SECONDS / 2);
    expect(backoffSeconds(4, () => 1)).toBe(BACKOFF_BASE_SECONDS * 8);
    expect(backoffSeconds(30, () => 1)).toBe(BACKOFF_CAP_SECONDS);
    for (let attempt = 1; attempt <= 12; attempt++) {
      const values = Array.from({ length: 50 }, () => backoffSeconds(attempt));
      const full = Math.min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempt - 1));
      for (const v of values) expect(v).toBeGreaterThanOrEqual(Math.floor(full / 2));
      for (const v of values) expect(v).toBeLessThanOrEqual(full);
    }
  });
});
