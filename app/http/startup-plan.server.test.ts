import { afterEach, describe, expect, it, vi } from "vitest";
import { reloadEnv } from "~/utils/env.server";
import { startupPlan } from "./startup-plan.server";

const production = {
  NODE_ENV: "production",
  AUTH_SECRET: "a-test-secret-that-is-long-enough-0123456789",
  APP_URL: "https://akademin.example",
  SMTP_URL: "smtp://127.0.0.1:2525",
  CREDENTIAL_SIGNING_KEY: "z3u2cBdoZ74wNbQ9wAZKqucXnk7GSYYn4eBpeRUh2iMjoU37",
};

function planWith(env: Record<string, string | undefined>, cpuCount = 4) {
  for (const [key, value] of Object.entries({ DATABASE_URL: undefined, WEB_CONCURRENCY: undefined, ...env }))
    vi.stubEnv(key, value);
  reloadEnv();
  return startupPlan(cpuCount);
}

afterEach(() => {
  vi.unstubAllEnvs();
  reloadEnv();
});

describe("startupPlan", () => {
  it("runs one process on the embedded database, even in production", () => {
    expect(planWith({ NODE_ENV: "development" })).toMatchObject({ ok: true, engine: "embedded", workers: 1 });
    expect(planWith(production)).toMatchObject({ ok: true, engine: "embedded", workers: 1, production: true });
  });

  it("runs one worker per core on PostgreSQL in production, or WEB_CONCURRENCY", () => {
    const pg = { ...production, DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/ka" };
    expect(planWith(pg, 4)).toMatchObject({ ok: true, engine: "postgresql", workers: 4 });
    expect(planWith({ ...pg, WEB_CONCURRENCY: "2" }, 4)).toMatchObject({ workers: 2 });
  });

  it("runs one process on PostgreSQL outside production", () => {
    const plan = planWith({ NODE_ENV: "development", DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/ka" });
    expect(plan).toMatchObject({ ok: true, engine: "postgresql", workers: 1, production: false });
  });

  it("answers a bad env with the one-line message instead of throwing", () => {
    const plan = planWith({ ...production, AUTH_SECRET: undefined });
    expect(plan).toEqual({ ok: false, message: expect.stringContaining("AUTH_SECRET is required in production") });
  });
});
