// Request bodies are bounded while they stream in, before Remix: the real server (server/start.js)
// answers 413 to a 100 MB body, declared or chunked, on a form page, the API and an upload page,
// before the client has finished sending, without the server's memory growing and while /healthz
// keeps answering. Small posts still work, and the sign-in page never repeats a long value.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rssMb, sendBigBody, watchServer } from "../support/big-body";

const MB = 1024 * 1024;
const BIG = 100 * MB;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let port = 0;
let server: ChildProcess;
let stderr = "";
const base = () => `http://127.0.0.1:${port}`;

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${base()}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
}

beforeAll(async () => {
  port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: `http://127.0.0.1:${port}`,
    // The test process holds its own embedded database; the server gets a folder of its own.
    DATA_DIR: mkdtempSync(join(tmpdir(), "ka-body-limits-")),
    LOG_LEVEL: "warn",
    SEED_ON_START: "false",
    JOBS_ENABLED: "false",
  };
  if (process.env.KA_TEST_ENGINE === "postgresql" && process.env.DATABASE_URL)
    env.DATABASE_URL = process.env.DATABASE_URL;
  server = spawn(process.execPath, ["server/start.js"], {
    env: env as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "ignore", "pipe"],
  });
  server.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 110_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited ${server.exitCode}: ${stderr}`);
    if (
      await fetch(`${base()}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`server not ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  // Warm up (the development server compiles each route on first use), so what follows measures the uploads.
  await fetch(`${base()}/login`).then((r) => r.text());
  await post("/login", "email=warm-up%40example.se").then((r) => r.text());
  await post("/team/org1/invite", "intent=single").then((r) => r.text());
  await post("/api/v1/webhooks", "{}", { "content-type": "application/json" }).then((r) => r.text());
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
});

describe("request body limits in front of Remix", () => {
  // First, so no earlier upload has grown the heap already.
  it("keeps memory and /healthz steady while 100 MB bodies come in", async () => {
    // Baseline: the same watch for the same time with nothing being uploaded.
    const idle = await watchServer(port, server.pid!);
    await new Promise((r) => setTimeout(r, 2_000));
    const baseline = await idle.stop();

    // Then 100 MB bodies one after another (declared and chunked; a form page, the API, an upload
    // page) for 3 s, at most 60 of them.
    const busy = await watchServer(port, server.pid!);
    const kinds = [
      ["/login", false],
      ["/login", true],
      ["/api/v1/webhooks", false],
      ["/team/org1/invite", false],
    ] as const;
    const until = performance.now() + 3_000;
    const answers: string[] = [];
    let sent = 0;
    while (sent < 60 && (sent < kinds.length || performance.now() < until)) {
      const [path, declared] = kinds[sent % kinds.length]!;
      const result = await sendBigBody({ port, path, bytes: BIG, declared, timeoutMs: 30_000 });
      answers.push(`${path} ${declared ? "declared" : "chunked"}: ${result.status ?? result.error}`);
      sent++;
    }
    const loaded = await busy.stop();
    console.info(
      `body limits: ${sent} × ${BIG / MB} MB refused; server RSS ${rssMb(server.pid!).toFixed(0)} MB, peak growth ${loaded.rssGrowthMb.toFixed(1)} MB (idle ${baseline.rssGrowthMb.toFixed(1)}); ` +
        `read ${loaded.readMb.toFixed(1)} MB in all (idle ${baseline.readMb.toFixed(1)}); /healthz max ${loaded.healthMaxMs.toFixed(0)} ms, p50 ${loaded.healthP50Ms.toFixed(0)} ms over ${loaded.healthChecks} checks ` +
        `(idle max ${baseline.healthMaxMs.toFixed(0)} ms, p50 ${baseline.healthP50Ms.toFixed(0)} ms over ${baseline.healthChecks} checks)`,
    );
    expect(answers.filter((answer) => !answer.endsWith(": 413"))).toEqual([]);
    // Far below one buffered body (a 100 MB body costs 200 MB; the old code grew by 300+ MB for 20 MB
    // bodies). The development server's garbage collector alone moves RSS by tens of MB, more so on a
    // loaded machine, so the bound is 64 MB or 20 MB beyond the idle drift; the 20 MB target itself
    // is measured on the production build by `npm run bench -- body-limits`.
    expect(loaded.rssGrowthMb).toBeLessThan(Math.max(64, 20 + baseline.rssGrowthMb));
    // What the server read: the limit and what was already on its way when the answer went out, not the bodies.
    expect(loaded.readMb / sent).toBeLessThan(10);
    // /healthz keeps answering: a buffered 100 MB form blocked it for many seconds. The bench
    // (bench/body-limits.bench.ts) holds it to 100 ms; here the bound allows for a shared, loaded
    // test machine, where /healthz alone can take hundreds of ms: 100 ms or three times the idle
    // median, and 1 s or four times the idle maximum.
    expect(loaded.healthP50Ms).toBeLessThan(Math.max(100, 3 * baseline.healthP50Ms));
    expect(loaded.healthMaxMs).toBeLessThan(Math.max(1_000, 4 * baseline.healthMaxMs));
  }, 120_000);

  it("answers a declared 100 MB body with 413 at once, before it is sent", async () => {
    const result = await sendBigBody({ port, path: "/login", bytes: BIG, declared: true });
    expect(result.status).toBe(413);
    expect(result.sentAll).toBe(false);
    expect(result.ms).toBeLessThan(5_000);
    expect(result.body).toContain("för stort");
  });

  it.each([
    ["/login", "application/x-www-form-urlencoded"],
    ["/api/v1/webhooks", "application/json"],
    ["/team/org1/invite", "multipart/form-data; boundary=x"],
  ])("answers a chunked 100 MB body to %s with 413 before the client has sent it", async (path, contentType) => {
    const result = await sendBigBody({ port, path, bytes: BIG, declared: false, contentType });
    expect(result.status, result.error).toBe(413);
    expect(result.sentAll).toBe(false);
    if (path.startsWith("/api/")) {
      expect(JSON.parse(result.body)).toEqual({
        error: { code: "payload_too_large", message: "The request body is larger than 16384 bytes." },
      });
    } else {
      expect(result.body).toContain("för stort");
    }
  });

  it("still takes a small sign-in post", async () => {
    const response = await post("/login", "email=anna%40foretag.se");
    expect([200, 302, 303]).toContain(response.status);
  });

  it("never repeats a sign-in value longer than the form takes", async () => {
    const long = `${"x".repeat(10 * 1024)}@example.se`;
    const response = await post("/login", new URLSearchParams({ email: long }).toString());
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).not.toContain("x".repeat(300));
  });
});
