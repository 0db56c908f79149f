// Start-up failures give one clear line and a non-zero exit, never a stack trace.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function startServer(env: Record<string, string>) {
  return spawnSync(process.execPath, ["server/start.js"], {
    encoding: "utf8",
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: "39991",
      LOG_LEVEL: "warn",
      ...env,
    } as unknown as NodeJS.ProcessEnv,
  });
}

// Process-level checks: run once (in the embedded project), they do not depend on the engine.
describe.runIf(process.env.KA_TEST_ENGINE === "embedded")("start-up errors", () => {
  it("names a malformed DATABASE_URL and exits 1", () => {
    const result = startServer({ DATABASE_URL: "mysql://nope" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      "Invalid environment: DATABASE_URL must be a postgresql:// URL (or unset for the embedded database)",
    );
  });

  it("stops on Stripe keys without a webhook secret, and on a live key in development, with one line", () => {
    const missing = startServer({ STRIPE_SECRET_KEY: "sk_test_abc123" });
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(
      "Invalid environment: STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set (webhooks grant the purchases)",
    );
    const live = startServer({ STRIPE_SECRET_KEY: "sk_live_abc123", STRIPE_WEBHOOK_SECRET: "whsec_abc" });
    expect(live.status).toBe(1);
    expect(live.stderr.trim()).toBe(
      "Invalid environment: STRIPE_SECRET_KEY is a live key outside production (NODE_ENV=development); use an sk_test_ key",
    );
  });

  it("names an unreachable PostgreSQL and exits 1 without a stack trace", () => {
    const result = startServer({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nothing",
      DATA_DIR: mkdtempSync(join(tmpdir(), "ka-boot-")),
    });
    expect(result.status).toBe(1);
    const lines = result.stderr
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("npm warn"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Cannot open the PostgreSQL database at DATABASE_URL \(127\.0\.0\.1:1\/nothing\): (ECONNREFUSED|Can't reach database server)/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("in production without a build, says to build first, in one line, and exits 1", () => {
    // Production runs the built app with plain node (server/start.js); the env it then checks
    // first is covered by app/utils/env.server.test.ts (secrets required in production).
    const result = startServer({ NODE_ENV: "production", KA_BUILD_DIR: mkdtempSync(join(tmpdir(), "ka-no-build-")) });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot load the app build in .*ka-no-build-.*Run `npm run build` first\.$/);
  });
});

describe.runIf(process.env.KA_TEST_ENGINE === "embedded")("embedded database: one process, graceful stop", () => {
  it("refuses a second app on the same data folder, and releases the lock on SIGTERM", async () => {
    const { spawn } = await import("node:child_process");
    const { existsSync } = await import("node:fs");
    const dataDir = mkdtempSync(join(tmpdir(), "ka-lock-"));
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: "39992",
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      SEED_ON_START: "false",
      JOBS_ENABLED: "false",
    };
    const first = spawn(process.execPath, ["server/start.js"], {
      env: env as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const deadline = Date.now() + 60_000;
      let ready = false;
      while (!ready && Date.now() < deadline) {
        ready = await fetch("http://127.0.0.1:39992/readyz").then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((r) => setTimeout(r, 300));
      }
      expect(ready).toBe(true);

      const second = startServer({ ...env, PORT: "39993" });
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/The embedded database in .* is in use by another process \(pid \d+\)/);

      const exited = new Promise<number | null>((resolve) => first.once("exit", (code) => resolve(code)));
      first.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(existsSync(join(dataDir, "pglite", "kontaktakademin.lock"))).toBe(false);
    } finally {
      if (first.exitCode === null) first.kill("SIGKILL");
    }
  });
});

describe.runIf(process.env.KA_TEST_ENGINE === "embedded")("logs", () => {
  it("a line written inside the app (a loader, Auth.js) carries the request id the server gave the request", async () => {
    const { spawn } = await import("node:child_process");
    const dataDir = mkdtempSync(join(tmpdir(), "ka-log-"));
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: "39994",
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      SEED_ON_START: "false",
      JOBS_ENABLED: "false",
    };
    const server = spawn(process.execPath, ["server/start.js"], {
      env: env as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      const deadline = Date.now() + 60_000;
      let ready = false;
      while (!ready && Date.now() < deadline) {
        ready = await fetch("http://127.0.0.1:39994/readyz").then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((r) => setTimeout(r, 300));
      }
      expect(ready).toBe(true);
      // A magic link with a bad token: Auth.js, inside the app build, logs a warning.
      const response = await fetch("http://127.0.0.1:39994/auth/callback/nodemailer?token=not-a-token&email=a%40b.se", {
        redirect: "manual",
      });
      const requestId = response.headers.get("x-request-id");
      expect(requestId).toBeTruthy();
      const waitUntil = Date.now() + 5_000;
      const appLine = () =>
        output
          .split("\n")
          .filter((l) => l.startsWith("{"))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((entry) => entry.msg === "auth");
      while (!appLine() && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 100));
      expect(appLine()).toMatchObject({ level: "warn", requestId });
    } finally {
      server.kill("SIGKILL");
    }
  });
});
