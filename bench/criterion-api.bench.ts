// The certification API's criterion endpoint under load, on a seeded population: 100,000
// learners, 10,000 companies (two managers and eight agents each), 1,000,000 quiz attempts,
// 51,000 certificates and 100,000 course enrolments, written into a dedicated PostgreSQL database
// with set-based INSERT … SELECT generate_series (no row-by-row inserts; bench/support/api-population.ts). Then, through the production server
// (build/bench) on loopback: GET /api/v1/companies/{orgNumber}/criterion with a real API key
// (authentication, rate limiting and the request log all included), the companies list, and
// /healthz as the baseline, measured with the same load generator in the same run. Reports
// requests/s, p50/p99 latency and the server's peak RSS. Bounded: each phase stops after
// BENCH_SECONDS or BENCH_REQUESTS, whichever comes first.
//   BENCH_SECONDS (default 10), BENCH_REQUESTS (default 20000), BENCH_CONNECTIONS (default 16),
//   BENCH_SCALE (default 1: 100k learners), TEST_PG_URL
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { generateApiKey } from "~/modules/api/api-keys.server";
import { population, seedPopulation } from "./support/api-population";
import { ensureBenchBuild } from "./support/build";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MAX_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PG_SERVER = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const size = population(SCALE);

const appPort = 39_700 + Math.floor(Math.random() * 100);
const buildDir = ensureBenchBuild();
const dataDir = mkdtempSync(join(tmpdir(), "ka-bench-api-"));
const dbName = `ka_bench_api_${process.pid}`;

// ---------------------------------------------------------------- helpers

function memoryMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

type Fetched = { status: number; body: Buffer };
function get(agent: http.Agent, path: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((done, fail) => {
    const request = http.get({ host: "127.0.0.1", port: appPort, path, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => done({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      response.on("error", fail);
    });
    request.on("error", fail);
  });
}

type LoadResult = { requests: number; perSecond: number; p50: number; p99: number; max: number; errors: number; statuses: Record<number, number> };

/** CONNECTIONS keep-alive connections, each sending the next request when the last answer is in. */
async function load(paths: string[], headers: Record<string, string>, seconds: number, maxRequests: number, check?: (body: Buffer) => void): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end && sent < maxRequests) {
        const path = paths[sent++ % paths.length]!;
        const t = performance.now();
        const response = await get(agent, path, headers).catch(() => null);
        latencies.push(performance.now() - t);
        if (!response) {
          errors++;
          continue;
        }
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status !== 200) errors++;
        else check?.(response.body);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { requests: latencies.length, perSecond: (latencies.length - errors) / elapsed, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? NaN, errors, statuses };
}

async function waitFor(path: string, child: ChildProcess, stderr: () => string) {
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr()}`);
    const ok = await fetch(`http://127.0.0.1:${appPort}${path}`).then((r) => r.ok, () => false);
    if (ok) return performance.now() - started;
    if (performance.now() - started > 120_000) throw new Error(`no answer on ${path} within 120 s: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

// ---------------------------------------------------------------- run

const admin = new pg.Client({ connectionString: PG_SERVER });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${dbName}"`);
const dbUrl = new URL(PG_SERVER);
dbUrl.pathname = `/${dbName}`;

let app: ChildProcess | undefined;
try {
  let appStderr = "";
  app = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      KA_BUILD_DIR: buildDir,
      PORT: String(appPort),
      HOST: "127.0.0.1",
      APP_URL: `http://127.0.0.1:${appPort}`,
      DATABASE_URL: dbUrl.toString(),
      DATA_DIR: dataDir,
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0000",
      SMTP_URL: "smtp://127.0.0.1:2",
      CREDENTIAL_SIGNING_KEY: process.env.BENCH_CREDENTIAL_SIGNING_KEY ?? "z3u2cBdoZ74wNbQ9wAZKqucXnk7GSYYn4eBpeRUh2iMjoU37",
      // The load generator is one client: lift its per-minute limit out of the way.
      API_RATE_LIMIT_PER_MINUTE: "1000000",
      LOG_LEVEL: "warn",
      JOBS_ENABLED: "false",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  app.stderr!.on("data", (d: Buffer) => (appStderr += d.toString()));
  await waitFor("/readyz", app, () => appStderr); // migrations applied by the server itself

  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  const seedStarted = performance.now();
  const { numbers, timings } = await seedPopulation(db, size);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const key = generateApiKey("live");
  await db.query(`INSERT INTO "ApiClient" (id, name, "keyPrefix", "keyHash", scopes) VALUES ('bench-client', 'Bench', $1, $2, $3)`, [
    `live_${key.prefix}`,
    key.hash,
    ["criteria:read", "certificates:read", "completions:read"],
  ]);
  const counts = (
    await db.query<{ learners: string; companies: string; attempts: string; certificates: string; met: string; size: string }>(
      `SELECT (SELECT count(*) FROM "User") learners, (SELECT count(*) FROM "Organization") companies,
              (SELECT count(*) FROM "QuizAttempt") attempts, (SELECT count(*) FROM "Certificate") certificates,
              (SELECT count(*) FROM "Organization" WHERE "criterionMet") met, pg_size_pretty(pg_database_size(current_database())) size`,
    )
  ).rows[0]!;
  await db.end();

  // Companies asked in random order, their numbers written the ways integrations write them.
  const formats = [(n: string) => n, (n: string) => `${n.slice(0, 6)}-${n.slice(6)}`, (n: string) => `SE${n}`, (n: string) => `SE${n}01`];
  const criterionPaths = Array.from({ length: 5_000 }, (_, i) => {
    const n = numbers[Math.floor(Math.random() * numbers.length)]!;
    return `/api/v1/companies/${encodeURIComponent(formats[i % formats.length]!(n))}/criterion`;
  });
  const listPaths = ["met", "not_met", "expiring"].map((c) => `/api/v1/companies?criterion=${c}&limit=50`);
  const auth = { authorization: `Bearer ${key.key}` };
  const seen: Record<string, number> = {};
  const checkCriterion = (body: Buffer) => {
    const parsed = JSON.parse(body.toString("utf8")) as { criterion?: { status?: string } };
    const status = parsed.criterion?.status ?? "malformed";
    seen[status] = (seen[status] ?? 0) + 1;
  };

  const loadBefore = loadavg()[0]!;
  const memoryAfterSeed = memoryMb(app.pid!);
  // Warm-up (JIT, pools, PostgreSQL caches), then the measured phases, all in this run.
  await load(["/healthz"], {}, 2, 4_000);
  await load(criterionPaths, auth, 3, 3_000);
  const healthz = await load(["/healthz"], {}, SECONDS, MAX_REQUESTS);
  const afterHealthz = memoryMb(app.pid!);
  const criterion = await load(criterionPaths, auth, SECONDS, MAX_REQUESTS, checkCriterion);
  const afterCriterion = memoryMb(app.pid!);
  const list = await load(listPaths, auth, Math.max(2, SECONDS / 2), Math.max(500, MAX_REQUESTS / 10));
  const memory = memoryMb(app.pid!);
  const loadAfter = loadavg()[0]!;

  const logged = await (async () => {
    const c = new pg.Client({ connectionString: dbUrl.toString() });
    await c.connect();
    const r = await c.query<{ n: string }>(`SELECT count(*) n FROM "ApiRequestLog" WHERE "apiClientId" = 'bench-client'`);
    await c.end();
    return Number(r.rows[0]!.n);
  })();

  const row = (cells: Array<string | number>) => `| ${cells.join(" | ")} |`;
  const result = (name: string, r: LoadResult) =>
    row([name, r.requests, r.perSecond.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), r.max.toFixed(0), r.errors]);
  console.log(
    `Seeded in ${seedSeconds.toFixed(1)} s: ${Number(counts.learners).toLocaleString("en")} learners, ${Number(counts.companies).toLocaleString("en")} companies (${Number(counts.met).toLocaleString("en")} meet the criterion), ${Number(counts.attempts).toLocaleString("en")} quiz attempts, ${Number(counts.certificates).toLocaleString("en")} certificates; database ${counts.size}.`,
  );
  for (const [name, ms] of timings) console.log(`  ${name.padEnd(42)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
  console.log(
    `\nLoad: ${CONNECTIONS} keep-alive connections on loopback, each phase ≤ ${SECONDS} s or ≤ ${MAX_REQUESTS} requests; ${cpus().length} CPUs shared with PostgreSQL and the load generator; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.`,
  );
  console.log(row(["endpoint", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors"]));
  console.log(row(["---", "---:", "---:", "---:", "---:", "---:", "---:"]));
  console.log(result("GET /healthz (baseline)", healthz));
  console.log(result("GET /api/v1/companies/{orgNumber}/criterion", criterion));
  console.log(result("GET /api/v1/companies?criterion=…&limit=50", list));
  console.log(
    `\nThe criterion endpoint runs at ${((criterion.perSecond / healthz.perSecond) * 100).toFixed(1)} % of the baseline's rate; statuses seen: ${JSON.stringify(seen)}; HTTP: ${JSON.stringify(criterion.statuses)}.`,
  );
  console.log(`Every API call logged: ${logged.toLocaleString("en")} ApiRequestLog rows for the bench client.`);
  console.log(
    `Server memory (RSS): ${memoryAfterSeed.rss} MB before load, ${afterHealthz.rss} MB after /healthz, ${afterCriterion.rss} MB after the criterion phase, ${memory.rss} MB at the end; peak RSS ${memory.peak} MB.`,
  );
  if (criterion.errors > 0 || (seen.malformed ?? 0) > 0) throw new Error(`the criterion endpoint failed ${criterion.errors} requests`);
} finally {
  await stop(app);
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
