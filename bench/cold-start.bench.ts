// Cold start: time from spawning the production server to the first 200 from /readyz, on the
// embedded database (fresh folder = a copy of the build's template; existing folder) and on PostgreSQL
// (fresh database; already migrated), against a baseline of a bare node:http server spawned and
// probed the same way in the same run. Also the server's peak RSS (VmHWM) during start, and its
// idle RSS (VmRSS) a few seconds after /readyz first answered, with nothing asking.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { ensureBenchBuild } from "./support/build";
import { databaseUrl } from "./support/database";
import { memoryMb } from "./support/http-load";
import { benchServerEnv } from "./support/server-env";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const pgServer = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
let port = 39_500;

const IDLE_AFTER_MS = 3_000;

/** Peak RSS (VmHWM) and RSS now (VmRSS) in MB; NaN if the process is already gone. */
function rssMb(pid: number): { rss: number; peak: number } {
  try {
    return memoryMb(pid);
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

async function timeToReady(args: string[], env: Record<string, string>, path: string) {
  const p = port++;
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(p) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${p}${path}`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - started > 120_000) throw new Error("not ready within 120 s");
      await new Promise((r) => setTimeout(r, 20));
    }
    const ms = performance.now() - started;
    const peakAtReady = rssMb(child.pid!).peak;
    await new Promise((r) => setTimeout(r, IDLE_AFTER_MS));
    return { ms, rssMb: peakAtReady, idleRssMb: rssMb(child.pid!).rss };
  } finally {
    // A child that already exited never emits "exit" again: waiting for it would hang the bench
    // and hide the error above.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  }
}

async function createDb(name: string) {
  const client = new pg.Client({ connectionString: pgServer });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  return databaseUrl(pgServer, name);
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

ensureBenchBuild();
const appEnv = benchServerEnv();
const server = ["server/start.js"];
const baselineScript = [
  "-e",
  "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')",
];

type Row = { name: string; ms: number[]; rss: number[]; idle: number[] };
const rows: Row[] = [];
async function measure(name: string, fn: () => Promise<{ ms: number; rssMb: number; idleRssMb: number }>) {
  const row: Row = { name, ms: [], rss: [], idle: [] };
  for (let i = 0; i < RUNS; i++) {
    const r = await fn();
    row.ms.push(r.ms);
    row.rss.push(r.rssMb);
    row.idle.push(r.idleRssMb);
  }
  rows.push(row);
}

await measure("baseline: bare node:http", () => timeToReady(baselineScript, {}, "/"));

const persistent = mkdtempSync(join(tmpdir(), "ka-bench-cold-"));
await measure("embedded, fresh folder (the build's template)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ka-bench-fresh-"));
  try {
    return await timeToReady(server, { ...appEnv, DATA_DIR: dir }, "/readyz");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
await timeToReady(server, { ...appEnv, DATA_DIR: persistent }, "/readyz"); // create + migrate once
await measure("embedded, existing folder", () => timeToReady(server, { ...appEnv, DATA_DIR: persistent }, "/readyz"));
await measure("PostgreSQL, fresh database (migrates)", async () =>
  timeToReady(
    server,
    { ...appEnv, DATA_DIR: persistent, DATABASE_URL: await createDb("ka_bench_cold_fresh") },
    "/readyz",
  ),
);
const migratedUrl = await createDb("ka_bench_cold");
await timeToReady(server, { ...appEnv, DATA_DIR: persistent, DATABASE_URL: migratedUrl }, "/readyz");
await measure("PostgreSQL, migrated database", () =>
  timeToReady(server, { ...appEnv, DATA_DIR: persistent, DATABASE_URL: migratedUrl }, "/readyz"),
);
rmSync(persistent, { recursive: true, force: true });

const base = median(rows[0]!.ms);
console.log(`\nCold start to first 200 from /readyz (median of ${RUNS} runs; production build)`);
console.log(
  `| start | time to ready (ms) | vs baseline | peak RSS at ready (MB) | idle RSS ${IDLE_AFTER_MS / 1000} s later (MB) |`,
);
console.log("|---|---:|---:|---:|---:|");
for (const row of rows) {
  console.log(
    `| ${row.name} | ${median(row.ms).toFixed(0)} | ${(median(row.ms) / base).toFixed(1)}× | ${median(row.rss)} | ${median(row.idle)} |`,
  );
}

// Issue 12's start and memory targets, each against this run's figures.
const byName = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))!;
const targets: [string, number, number][] = [
  ["embedded, existing folder: ready ≤ 1500 ms", median(byName("embedded, existing").ms), 1500],
  ["embedded, fresh folder: ready ≤ 3000 ms", median(byName("embedded, fresh").ms), 3000],
  ["embedded, fresh folder: peak RSS ≤ 500 MB", median(byName("embedded, fresh").rss), 500],
  ["embedded: idle RSS ≤ 300 MB", median(byName("embedded, existing").idle), 300],
  ["PostgreSQL: idle RSS ≤ 150 MB per process", median(byName("PostgreSQL, migrated").idle), 150],
];
console.log("\n| target | measured | met |\n|---|---:|---|");
for (const [name, value, limit] of targets)
  console.log(`| ${name} | ${value.toFixed(0)} | ${value <= limit ? "yes" : "no"} |`);
