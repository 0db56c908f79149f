// API rate limits on both engines: per client, counted in the database (so a second app instance
// sees the same count), 429 rate_limited with Retry-After; wrong keys are limited per address.
import { describe, expect, it, vi } from "vitest";
import { callJson, conformsToDocument, newClient } from "../support/api-harness";

process.env.API_RATE_LIMIT_PER_MINUTE = "3";

const engine = process.env.KA_TEST_ENGINE;

describe(`API rate limits on ${engine}`, () => {
  it("allows the configured calls per minute per client, then answers 429 with Retry-After", async () => {
    const { key } = await newClient(["criteria:read"]);
    const { key: other } = await newClient(["criteria:read"]);
    for (let i = 0; i < 3; i++) expect((await callJson("/companies", { key })).status).toBe(200);
    const limited = await callJson("/companies", { key });
    expect(limited.status).toBe(429);
    expect(conformsToDocument("/companies", "GET", 429, limited.body)).toBeNull();
    expect((limited.body as { error: { code: string } }).error.code).toBe("rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    // Another client has its own budget.
    expect((await callJson("/companies", { key: other })).status).toBe(200);

    // A second app instance (fresh modules, its own limiter objects) sees the same count.
    vi.resetModules();
    const secondInstance = await import("../support/api-harness");
    expect((await secondInstance.callJson("/companies", { key })).status).toBe(429);
    expect((await secondInstance.callJson("/companies", { key: other })).status).toBe(200);
  });

  it("limits wrong keys per address, without touching other addresses", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++)
      statuses.push((await callJson("/companies", { key: "ka_live_wrong", clientIp: "203.0.113.7" })).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect((await callJson("/companies", { key: "ka_live_wrong", clientIp: "203.0.113.8" })).status).toBe(401);
  });
});
