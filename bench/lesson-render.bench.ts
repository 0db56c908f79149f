// Lesson pages per second: the production server (build/bench, PostgreSQL, a signed-in learner,
// every lesson of one course in turn) against a plain node:http server sending the very same HTML
// bytes, measured with the same load generator in the same run. Also: time to the first lesson
// page on a cold start (empty compile cache), the servers' peak RSS, and the JavaScript a lesson
// page loads (gzipped), which must not contain an MDX runtime; the CSP must not allow eval.
//   BENCH_SECONDS (default 8), BENCH_CONNECTIONS (default 16), BENCH_COURSE, TEST_PG_URL
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { readCatalogue } from "~/modules/courses/content.server";
import { ensureBenchBuild } from "./support/build";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const COURSE = process.env.BENCH_COURSE ?? "etik-for-saljare-och-kundtjanst";
const PG_SERVER = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const appPort = 39_800 + Math.floor(Math.random() * 100);
const plainPort = appPort + 100;

const buildDir = ensureBenchBuild();
const dataDir = mkdtempSync(join(tmpdir(), "ka-bench-lessons-"));
const dbName = `ka_bench_lessons_${process.pid}`;

const course = readCatalogue(resolve("content")).courses.find((c) => c.slug === COURSE);
if (!course) throw new Error(`no course ${COURSE} in content/`);
const paths = course.lessons.map((l) => `/courses/${COURSE}/lessons/${l.slug}`);

// ---------- helpers

function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}

type Fetched = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
function get(agent: http.Agent, port: number, path: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((done, fail) => {
    const request = http.get({ host: "127.0.0.1", port, path, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => done({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", fail);
    });
    request.on("error", fail);
  });
}

async function waitFor(port: number, path: string, child: ChildProcess, stderr: () => string) {
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr()}`);
    const ok = await fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.ok, () => false);
    if (ok) return performance.now() - started;
    if (performance.now() - started > 120_000) throw new Error(`no answer on ${path} within 120 s: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type LoadResult = { pagesPerSecond: number; p50: number; p99: number; errors: number; bytesPerPage: number };
/** `connections` keep-alive connections, each asking for the next lesson as soon as the last arrived. */
async function load(port: number, headers: Record<string, string>, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let bytes = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      for (let n = worker; performance.now() < end; n++) {
        const t = performance.now();
        const response = await get(agent, port, paths[n % paths.length]!, headers).catch(() => null);
        latencies.push(performance.now() - t);
        if (response?.status === 200) {
          ok++;
          bytes += response.body.length;
        } else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { pagesPerSecond: ok / elapsed, p50: at(0.5), p99: at(0.99), errors, bytesPerPage: ok ? bytes / ok : 0 };
}

async function stop(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

// ---------- run

const admin = new pg.Client({ connectionString: PG_SERVER });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${dbName}"`);
const dbUrl = new URL(PG_SERVER);
dbUrl.pathname = `/${dbName}`;

let app: ChildProcess | undefined;
let plain: ChildProcess | undefined;
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
      CREDENTIAL_SIGNING_KEY: process.env.BENCH_CREDENTIAL_SIGNING_KEY ?? "bench-placeholder-key",
      LOG_LEVEL: "warn",
      JOBS_ENABLED: "false",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  app.stderr!.on("data", (d: Buffer) => (appStderr += d.toString()));
  const bootMs = await waitFor(appPort, "/readyz", app, () => appStderr);

  // A signed-in, enrolled learner, created straight in the database.
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  const userId = `bench-${randomUUID()}`;
  const token = randomUUID();
  await db.query(`INSERT INTO "User" (id, email, name, "emailVerified", "updatedAt") VALUES ($1, $2, 'Bench Learner', now(), now())`, [userId, `${userId}@bench.example`]);
  await db.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day')`, [randomUUID(), token, userId]);
  await db.query(`INSERT INTO "Enrollment" (id, "userId", "courseSlug", "contentVersion", "updatedAt") VALUES ($1, $2, $3, $4, now())`, [randomUUID(), userId, COURSE, course.version]);
  await db.end();
  const headers = { cookie: `authjs.session-token=${token}`, "accept-language": "sv" };

  // Cold: the first lesson page on an empty compile cache (compiles on first use, once).
  const coldAgent = new http.Agent({ keepAlive: false });
  const coldStarted = performance.now();
  const first = await get(coldAgent, appPort, paths[0]!, headers);
  const coldMs = performance.now() - coldStarted;
  if (first.status !== 200) throw new Error(`lesson page answered ${first.status}: ${first.body.toString().slice(0, 300)}`);
  // Wait until every lesson in both languages is rendered (search awaits the whole language).
  const warmStarted = performance.now();
  for (const language of ["sv", "en"]) {
    const r = await get(coldAgent, appPort, "/search?q=samtal", { cookie: headers.cookie, "accept-language": language });
    if (r.status !== 200) throw new Error(`search answered ${r.status}`);
  }
  const warmAllMs = performance.now() - warmStarted + coldMs;

  // The same bytes, for the baseline: each lesson page as the app rendered it.
  const pages: Record<string, string> = {};
  for (const path of paths) {
    const page = await get(coldAgent, appPort, path, headers);
    if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
    pages[path] = page.body.toString("base64");
  }
  const pagesFile = join(dataDir, "pages.json");
  writeFileSync(pagesFile, JSON.stringify(pages));

  // The JavaScript the lesson page loads: module preloads and imports in its inline scripts.
  const html = Buffer.from(pages[paths[1] ?? paths[0]!]!, "base64").toString("utf8");
  const jsUrls = new Set<string>();
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) jsUrls.add(m[1]!);
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) jsUrls.add(m[1]!);
  for (const script of html.matchAll(/<script[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const m of script[1]!.matchAll(/(?:import\s*(?:[\w*{}\s,]+\s*from\s*)?|import\()\s*"([^"]+\.js)"/g)) jsUrls.add(m[1]!);
  }
  let jsRaw = 0;
  let jsGzip = 0;
  const jsFiles: Array<{ url: string; raw: number; gzip: number }> = [];
  for (const url of jsUrls) {
    const response = await get(coldAgent, appPort, url, {});
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    const text = response.body.toString("utf8");
    if (/getMDXComponent|mdx-bundler|_mdx_bundler_entry_point/.test(text)) throw new Error(`${url} ships the MDX runtime to the browser`);
    const gz = gzipSync(response.body).length;
    jsFiles.push({ url, raw: response.body.length, gzip: gz });
    jsRaw += response.body.length;
    jsGzip += gz;
  }
  const csp = String(first.headers["content-security-policy"] ?? "");
  if (/unsafe-eval/.test(csp)) throw new Error("the lesson page's CSP allows unsafe-eval");
  const htmlGzip = gzipSync(Buffer.from(html)).length;

  // Baseline: node:http sending the same bytes per path, nothing else.
  let plainStderr = "";
  plain = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import http from "node:http"; import { readFileSync } from "node:fs";
       const pages = Object.fromEntries(Object.entries(JSON.parse(readFileSync(${JSON.stringify(pagesFile)}, "utf8"))).map(([p, b]) => [p, Buffer.from(b, "base64")]));
       http.createServer((req, res) => { const body = pages[req.url]; if (!body) { res.writeHead(404).end(); return; }
         res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length }); res.end(body); })
       .listen(${plainPort}, "127.0.0.1");`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  plain.stderr!.on("data", (d: Buffer) => (plainStderr += d.toString()));
  await waitFor(plainPort, paths[0]!, plain, () => plainStderr);

  // Warm both (JIT, connection pools), then measure, app first, in the same run.
  await load(appPort, headers, 2);
  const appResult = await load(appPort, headers, SECONDS);
  await load(plainPort, {}, 2);
  const plainResult = await load(plainPort, {}, SECONDS);
  const appRss = peakRssMb(app.pid!);
  const plainRss = peakRssMb(plain.pid!);

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  console.log(`Lesson pages: ${COURSE}, ${paths.length} lessons (sv), signed-in learner, ${CONNECTIONS} keep-alive connections, ${SECONDS} s per server; each server in its own process, the load generator in the bench process`);
  console.log(row(["server", "pages/s", "p50 ms", "p99 ms", "errors", "bytes/page", "peak RSS"]));
  console.log(row(["---", "---:", "---:", "---:", "---:", "---:", "---:"]));
  console.log(row(["KontaktAkademin (production build, PostgreSQL)", appResult.pagesPerSecond.toFixed(0), appResult.p50.toFixed(1), appResult.p99.toFixed(1), String(appResult.errors), kb(appResult.bytesPerPage), `${appRss} MB`]));
  console.log(row(["node:http, same HTML bytes", plainResult.pagesPerSecond.toFixed(0), plainResult.p50.toFixed(1), plainResult.p99.toFixed(1), String(plainResult.errors), kb(plainResult.bytesPerPage), `${plainRss} MB`]));
  console.log(`\nThe app renders ${((appResult.pagesPerSecond / plainResult.pagesPerSecond) * 100).toFixed(1)} % of the baseline's pages per second.`);
  console.log(`Start to /readyz: ${(bootMs / 1000).toFixed(1)} s. First lesson page on an empty compile cache: ${coldMs.toFixed(0)} ms; all ${course.lessons.length * 2} lesson files rendered after ${(warmAllMs / 1000).toFixed(1)} s.`);
  console.log(`\nLesson page JavaScript: ${jsFiles.length} files, ${kb(jsRaw)} raw, ${kb(jsGzip)} gzipped (no MDX runtime; CSP without unsafe-eval).`);
  for (const f of jsFiles.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${f.url.padEnd(48)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)} gz`);
  console.log(`Lesson page HTML (with its hydration data): ${kb(Buffer.byteLength(html))} raw, ${kb(htmlGzip)} gzipped.`);
} finally {
  await stop(plain);
  await stop(app);
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
