// The README's command table, run as a newcomer would (issue 14): `npm start` on a fresh data
// folder (the e2e run's build is current, so it serves without rebuilding) answers /readyz and
// lists the sample courses; then, with the server stopped (the embedded database is one process),
// `npm run db:migrate -- status`, `npm run db:seed` (again: idempotent) and `npm run audit:verify`
// succeed on the same folder. The other rows run elsewhere in `npm test`: typecheck, lint and
// content:check as its own steps, test:unit/test:integration/test:e2e as the Vitest and Playwright
// steps, `npm run dev` (server/start.js without a build) in tests/integration/boot.test.ts, build
// and serve in every e2e run, and `npm run bench -- body-limits` as npm test's last step, on this
// run's build, with the machine to itself (a benchmark's latency and memory gates mean nothing
// beside a second Playwright worker driving Chromium on the same two cores).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { settings } from "./support/fixtures";

function readmeCommands(): string[] {
  const readme = readFileSync("README.md", "utf8");
  return [...readme.matchAll(/^\| (`npm[^|]+?)\s*\|/gm)].map((m) => m[1]!.trim());
}

test("the README's command table is what this spec and npm test cover", () => {
  expect(readmeCommands()).toEqual([
    "`npm start`",
    "`npm run dev`",
    "`npm run build` then `npm run serve`",
    "`npm test`",
    "`npm run typecheck`, `npm run lint`",
    "`npm run content:check`",
    "`npm run test:unit`",
    "`npm run test:integration`",
    "`npm run test:e2e`",
    "`npm run bench`",
    "`npm run db:migrate -- create <name>` / `deploy` / `status`",
    "`npm run db:seed`",
    "`npm run audit:verify`",
  ]);
});

test("npm start on a fresh folder serves the sample courses; then db:migrate status, db:seed and audit:verify pass", async () => {
  test.setTimeout(420_000);
  const dataDir = mkdtempSync(join(tmpdir(), "ka-npm-start-"));
  const port = settings.port + 5;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    DATA_DIR: dataDir,
    KA_BUILD_DIR: settings.buildDir,
    LOG_LEVEL: "info",
  };
  for (const key of ["NODE_ENV", "DATABASE_URL", "AUTH_SECRET", "SMTP_URL", "CREDENTIAL_SIGNING_KEY", "APP_URL"])
    delete env[key];
  try {
    const portTaken = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => true,
      () => false,
    );
    expect(portTaken, `port ${port} must be free (a server left from an earlier run?)`).toBe(false);
    const started = performance.now();
    const child = spawn("npm", ["start"], {
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<string>((resolve) =>
      child.once("exit", (code, signal) => resolve(code === null ? String(signal) : `exit ${code}`)),
    );
    try {
      await expect
        .poll(
          async () =>
            fetch(`http://127.0.0.1:${port}/readyz`)
              .then((r) => r.status)
              .catch(() => 0),
          { timeout: 120_000, intervals: [250] },
        )
        .toBe(200);
      console.log(`npm start on a fresh folder: /readyz after ${((performance.now() - started) / 1000).toFixed(1)} s`);
      expect(output, "the e2e build is current: npm start must not rebuild it").not.toContain("building");
      // The new folder is a copy of the template the build made (ADR 032), not a slow initdb: the
      // launcher points the app at the build's prepared files before the env is first read.
      expect(output).toContain("new embedded database: copied the build's template");
      const catalogue = await (await fetch(`http://127.0.0.1:${port}/courses`)).text();
      expect(catalogue).toContain("/courses/introduktion-for-chefer");
    } finally {
      // Ctrl-C: the terminal signals the whole foreground group (npm, scripts/start.js, the server).
      process.kill(-child.pid!, "SIGINT");
    }
    const ended = await Promise.race([exited, new Promise<"hung">((r) => setTimeout(() => r("hung"), 30_000))]);
    if (ended === "hung") process.kill(-child.pid!, "SIGKILL");
    // npm ends with the server's code or by the signal; the server stopped in time and freed the
    // port and the data folder's lock (db:migrate below opens the same embedded database).
    expect(["exit 0", "exit 130", "SIGINT"], output).toContain(ended);
    await expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${port}/healthz`).then(
            () => "open",
            () => "closed",
          ),
        { timeout: 30_000 },
      )
      .toBe("closed");

    const run = (...args: string[]) =>
      spawnSync("npm", ["run", "-s", ...args], { env: env as NodeJS.ProcessEnv, encoding: "utf8" });
    const status = run("db:migrate", "--", "status");
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toContain("Pending: none");
    const seeded = run("db:seed");
    expect(seeded.status, seeded.stderr).toBe(0);
    const audit = run("audit:verify");
    expect(audit.status, audit.stdout + audit.stderr).toBe(0);
  } finally {
    // Never hides the test's own failure (a throwing finally would replace it).
    try {
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      console.warn(`left ${dataDir}: ${String(error)}`);
    }
  }
});
