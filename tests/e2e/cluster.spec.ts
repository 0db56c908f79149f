// The production launcher (server/start.js, plain node, no TypeScript loader) on PostgreSQL runs
// WEB_CONCURRENCY worker processes from the same build, with background jobs on exactly one, a
// primary that does not load the app, and SIGTERM stops them all gracefully. With the build present, a wrong env still stops the
// start with one line.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { serverEnv } from "./support/settings";
import { settings } from "./support/fixtures";

type LogLine = Record<string, unknown> & { msg?: string };

test("WEB_CONCURRENCY=2: two workers answer, jobs run on worker 1 only, SIGTERM stops everything with exit 0", async () => {
  test.setTimeout(120_000);
  const port = settings.port + 3;
  const child = spawn(process.execPath, ["server/start.js"], {
    env: { ...process.env, ...serverEnv(settings), PORT: String(port), WEB_CONCURRENCY: "2", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  const lines = () =>
    output
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as LogLine);
  try {
    await expect.poll(() => lines().filter((l) => l.msg === "listening").length, { timeout: 90_000 }).toBe(2);
    const listening = lines().filter((l) => l.msg === "listening");
    expect(listening.map((l) => l.worker).sort()).toEqual([1, 2]);
    expect(new Set(listening.map((l) => l.pid)).size).toBe(2);
    expect(listening.find((l) => l.worker === 1)?.jobs).toBe(true);
    expect(listening.find((l) => l.worker === 2)?.jobs).toBe(false);
    expect(lines().find((l) => l.msg === "starting workers")).toMatchObject({ workers: 2, jobsOnWorker: 1 });
    // The primary only forks and watches: it reads the plan from the build's small second entry
    // and never loads the app (~48 MB resident; ~90 MB when it imported the whole server build).
    const primaryRss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1]) / 1024;
    expect(primaryRss).toBeLessThan(70);

    // Both workers share the port: every request is answered.
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    const page = await fetch(`http://127.0.0.1:${port}/courses`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(lines().filter((l) => l.msg === "stopped").length).toBeGreaterThanOrEqual(3); // two workers and the primary
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});

test("with the build present, a production start without its secrets stops with one line naming them", () => {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...serverEnv(settings),
    PORT: String(settings.port + 4),
  };
  delete env.AUTH_SECRET;
  delete env.CREDENTIAL_SIGNING_KEY;
  const result = spawnSync(process.execPath, ["server/start.js"], {
    env: env as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(result.status).toBe(1);
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain("AUTH_SECRET is required in production");
  expect(lines[0]).toContain("CREDENTIAL_SIGNING_KEY is required in production");
});
