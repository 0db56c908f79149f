// Lesson pages per second: the production server (build/bench, PostgreSQL, a signed-in learner,
// every lesson of one course in turn) against a plain node:http server sending the very same HTML
// bytes, measured with the same load generator in the same run; the app's home page (server
// rendering without a lesson) as a reference row. Also: time to the first lesson page on an empty
// compile cache and after a restart (disk cache), the servers' peak RSS, and the JavaScript a
// lesson page loads before it hydrates, in Chromium (gzipped), which must not contain an MDX
// runtime; the CSP must not allow eval.
//   BENCH_SECONDS (default 8), BENCH_CONNECTIONS (default 16), BENCH_COURSE, TEST_PG_URL
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { readCatalogue } from "~/modules/courses/content.server";
import { recordHydration, resourcesBeforeHydration, translationNamespaceOf } from "../tests/support/hydration";
import { ensureBenchBuild } from "./support/build";
import { createBenchDatabase } from "./support/database";
import { createSignedInLearners } from "./support/learners";
import {
  cpuMs,
  load,
  memoryMb,
  request,
  requireWrk,
  startServer,
  stop,
  waitFor,
  type LoadResult,
  type Server,
} from "./support/http-load";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const COURSE = process.env.BENCH_COURSE ?? "etik-for-saljare-och-kundtjanst";
const PG_SERVER = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const appPort = 39_800 + Math.floor(Math.random() * 100);
const plainPort = appPort + 100;

requireWrk();
ensureBenchBuild();
const dataDir = mkdtempSync(join(tmpdir(), "ka-bench-lessons-"));
const dbName = `ka_bench_lessons_${process.pid}`;

const catalogue = readCatalogue(resolve("content"));
const course = catalogue.courses.find((c) => c.slug === COURSE);
if (!course) throw new Error(`no course ${COURSE} in content/`);
const lessonPaths = course.lessons.map((l) => `/courses/${COURSE}/lessons/${l.slug}`);
const lessonFiles = catalogue.courses.reduce(
  (sum, c) => sum + c.lessons.reduce((n, l) => n + Object.keys(l.variants).length, 0),
  0,
);

// ---------- helpers

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** `CONNECTIONS` keep-alive connections from wrk for `seconds`, sending `paths` in turn, each time as the next of `headerSets`. */
const loadPages = (port: number, paths: string[], headerSets: Array<Record<string, string>>, seconds: number) =>
  load({
    port,
    connections: CONNECTIONS,
    seconds,
    requests: paths.flatMap((path) => headerSets.map((headers) => ({ path, headers }))),
  });

const startApp = (databaseUrl: string): Server =>
  startServer(appPort, { DATABASE_URL: databaseUrl, DATA_DIR: dataDir });

/** Until every lesson file is rendered: search awaits the whole language, so ask in both. */
async function waitUntilWarm(agent: http.Agent, cookie: string) {
  for (const language of ["sv", "en"]) {
    const r = await request(appPort, "/search?q=samtal", { agent, headers: { cookie, "accept-language": language } });
    if (r.status !== 200) throw new Error(`search answered ${r.status}`);
  }
}

// ---------- run

const database = await createBenchDatabase(PG_SERVER, dbName);

let app: Server | undefined;
let plain: ChildProcess | undefined;
try {
  const loadBefore = loadavg()[0]!;
  app = startApp(database.url);
  const bootMs = await waitFor(appPort, "/readyz", app.child, app.stderr);
  const afterBoot = memoryMb(app.child.pid!);

  // One signed-in, enrolled learner per connection (each reads on, as a learner would), created
  // straight in the database.
  const cookies = await createSignedInLearners(database.url, CONNECTIONS, COURSE, course.version);
  const cookie = cookies[0]!;
  const headers = { cookie, "accept-language": "sv" };
  const learners = cookies.map((c) => ({ cookie: c, "accept-language": "sv" }));
  const anonymous = [{ "accept-language": "sv" }];
  const once = new http.Agent({ keepAlive: false });

  // Cold: the first lesson page on an empty compile cache (that lesson compiles on first use).
  const cold = await timed(() => request(appPort, lessonPaths[0]!, { agent: once, headers }));
  if (cold.value.status !== 200)
    throw new Error(`lesson page answered ${cold.value.status}: ${cold.value.body.toString().slice(0, 300)}`);
  const warmAll = await timed(() => waitUntilWarm(once, cookie));
  const afterWarm = memoryMb(app.child.pid!);

  // The same bytes, for the baseline: each lesson page as the app rendered it.
  const pages: Record<string, string> = {};
  for (const path of lessonPaths) {
    const page = await request(appPort, path, { agent: once, headers });
    if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
    pages[path] = page.body.toString("base64");
  }
  for (const path of ["/", "/courses"]) {
    const page = await request(appPort, path, { agent: once, headers: anonymous[0] });
    if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
    pages[path] = page.body.toString("base64");
  }
  const pagesFile = join(dataDir, "pages.json");
  writeFileSync(pagesFile, JSON.stringify(pages));

  // The JavaScript the lesson page loads before it hydrates, as Chromium loads it: the module
  // preloads, the browser entry, and the translations the entry imports for this page.
  const lessonPath = lessonPaths[1] ?? lessonPaths[0]!;
  const html = Buffer.from(pages[lessonPath]!, "base64").toString("utf8");
  const browser = await chromium.launch(
    existsSync("/usr/bin/chromium") ? { executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] } : {},
  );
  let loadedBeforeHydration: string[];
  try {
    const context = await browser.newContext({ locale: "sv-SE" });
    const [name, ...value] = cookie.split("=");
    await context.addCookies([{ name: name!, value: value.join("="), url: `http://127.0.0.1:${appPort}` }]);
    const page = await context.newPage();
    await recordHydration(page);
    await page.goto(`http://127.0.0.1:${appPort}${lessonPath}`);
    loadedBeforeHydration = (await resourcesBeforeHydration(page))
      .map((url) => new URL(url).pathname)
      .filter((path) => path.endsWith(".js"));
  } finally {
    await browser.close();
  }
  const jsFiles: Array<{ url: string; raw: number; gzip: number; translations: boolean }> = [];
  for (const url of new Set(loadedBeforeHydration)) {
    const response = await request(appPort, url, { agent: once });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    if (/getMDXComponent|mdx-bundler|_mdx_bundler_entry_point/.test(response.body.toString("utf8")))
      throw new Error(`${url} ships the MDX runtime to the browser`);
    jsFiles.push({
      url,
      raw: response.body.length,
      gzip: gzipSync(response.body).length,
      translations: translationNamespaceOf(url) !== undefined,
    });
  }
  if (!jsFiles.some((f) => /\/entry\.client-[\w-]+\.js$/.test(f.url)))
    throw new Error(
      `Chromium loaded no entry.client module before hydrating ${lessonPath}: ${loadedBeforeHydration.join(" ")}`,
    );
  const jsRaw = jsFiles.reduce((s, f) => s + f.raw, 0);
  const jsGzip = jsFiles.reduce((s, f) => s + f.gzip, 0);
  const translationsGzip = jsFiles.filter((f) => f.translations).reduce((s, f) => s + f.gzip, 0);
  const csp = String(cold.value.headers["content-security-policy"] ?? "");
  if (!csp || /unsafe-eval/.test(csp))
    throw new Error(`the lesson page's CSP must exist and not allow unsafe-eval: ${csp}`);
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
  await waitFor(plainPort, lessonPaths[0]!, plain, () => plainStderr);

  // Warm each (JIT, connection pools) for 2 s, then measure; all in the same run.
  const measure = async (port: number, paths: string[], headerSets: Array<Record<string, string>>, pid: number) => {
    await loadPages(port, paths, headerSets, 2);
    const cpuBefore = cpuMs(pid);
    const result = await loadPages(port, paths, headerSets, SECONDS);
    const cpuPerAnswer = (cpuMs(pid) - cpuBefore) / Math.max(1, result.requests);
    return { result, memory: memoryMb(pid), cpuPerAnswer };
  };
  const appPid = app.child.pid!;
  const healthz = await measure(appPort, ["/healthz"], [{}], appPid);
  if (process.env.BENCH_CPU_PROF) {
    // Profiling: the last seconds of the server's profile hold one page only (BENCH_PROFILE_PAGE:
    // lesson, home or catalogue, signed in); stop here.
    const page = process.env.BENCH_PROFILE_PAGE ?? "lesson";
    const paths = page === "home" ? ["/"] : page === "catalogue" ? ["/courses"] : lessonPaths;
    const profiled = await measure(appPort, paths, learners, appPid);
    await stop(app.child);
    console.log(
      `Profiled run (BENCH_CPU_PROF): /healthz ${healthz.result.perSecond.toFixed(0)} req/s, ${healthz.cpuPerAnswer.toFixed(2)} CPU ms/answer; ${page} pages ${profiled.result.perSecond.toFixed(0)} req/s, p99 ${profiled.result.p99.toFixed(1)} ms, ${profiled.cpuPerAnswer.toFixed(2)} CPU ms/answer; profile in ${process.env.BENCH_CPU_PROF} (its last ${SECONDS} s are the ${page} pages).`,
    );
    await stop(plain);
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
  const lessons = await measure(appPort, lessonPaths, learners, appPid);
  const home = await measure(appPort, ["/"], anonymous, appPid);
  const catalogue = await measure(appPort, ["/courses"], anonymous, appPid);
  const signedInHome = await measure(appPort, ["/"], learners, appPid);
  const signedInCatalogue = await measure(appPort, ["/courses"], learners, appPid);
  const plainLessons = await measure(plainPort, lessonPaths, [{}], plain.pid!);
  const plainHome = await measure(plainPort, ["/"], [{}], plain.pid!);
  const loadAfter = loadavg()[0]!;

  // Restart on the same data folder: compiled lessons come from the disk cache, esbuild never runs.
  await stop(app.child);
  app = startApp(database.url);
  const rebootMs = await waitFor(appPort, "/readyz", app.child, app.stderr);
  const restarted = await timed(() => request(appPort, lessonPaths[0]!, { agent: once, headers }));
  const restartWarm = await timed(() => waitUntilWarm(once, cookie));
  const restartMemory = memoryMb(app.child.pid!);

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  type Measured = { result: LoadResult; memory: { rss: number; peak: number }; cpuPerAnswer: number };
  const ratio = (a: LoadResult, b: LoadResult) => a.perSecond / b.perSecond;
  const result = (name: string, m: Measured, baseline: Measured) =>
    row([
      name,
      m.result.perSecond.toFixed(0),
      `${ratio(m.result, baseline.result).toFixed(2)}×`,
      m.result.p50.toFixed(1),
      m.result.p99.toFixed(1),
      m.cpuPerAnswer.toFixed(2),
      String(m.result.errors),
      kb(m.result.bytesPerAnswer),
      `${m.memory.rss} / ${m.memory.peak} MB`,
    ]);
  console.log(
    `Lesson pages: ${COURSE}, ${lessonPaths.length} lessons (sv) in turn, each request as the next of ${CONNECTIONS} signed-in, enrolled learners; wrk, ${CONNECTIONS} keep-alive connections, ${SECONDS} s per row.`,
  );
  console.log(
    `Each server in its own process, wrk in its own; ${cpus().length} CPUs, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after. CPU ms/answer: the server process's user + system CPU time over the row's answers (steadier than req/s when other work shares the machine).`,
  );
  console.log(
    row([
      "what",
      "req/s",
      "× baseline",
      "p50 ms",
      "p99 ms",
      "CPU ms/answer",
      "errors",
      "bytes/answer",
      "RSS after / peak so far",
    ]),
  );
  console.log(row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]));
  const show = (name: string, m: Measured, baseline: Measured) => console.log(result(name, m, baseline));
  show("/healthz, the same server (baseline)", healthz, healthz);
  show("lesson pages, signed-in learners", lessons, healthz);
  show("home page, signed-in learners", signedInHome, healthz);
  show("catalogue /courses, signed-in learners", signedInCatalogue, healthz);
  show("home page, anonymous", home, healthz);
  show("catalogue /courses, anonymous", catalogue, healthz);
  show("node:http, the same lesson bytes (baseline)", plainLessons, plainLessons);
  show("node:http, the same home page bytes (baseline)", plainHome, plainHome);
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  console.log(
    "\nTargets (issue 12), from this run (CPU ratio: /healthz's CPU ms per answer over the page's, the throughput ratio when the server has the CPU to itself):",
  );
  console.log(row(["target", "measured", "CPU ratio", ""]));
  console.log(row(["---", "---:", "---:", "---"]));
  for (const [name, m] of [
    ["lesson page, signed in", lessons],
    ["home page, signed in", signedInHome],
    ["catalogue, signed in", signedInCatalogue],
    ["home page, anonymous", home],
    ["catalogue, anonymous", catalogue],
  ] as const) {
    const r = ratio(m.result, healthz.result);
    console.log(
      row([
        `${name} ≥ 0.5× /healthz, p99 ≤ 50 ms`,
        `${r.toFixed(2)}×, p99 ${m.result.p99.toFixed(1)} ms`,
        `${(healthz.cpuPerAnswer / m.cpuPerAnswer).toFixed(2)}×`,
        verdict(r >= 0.5 && m.result.p99 <= 50),
      ]),
    );
  }
  const cached = ratio(home.result, plainHome.result);
  console.log(
    row([
      "anonymous home (cached public page) ≥ 0.3× node:http with its bytes",
      `${cached.toFixed(2)}×`,
      "",
      verdict(cached >= 0.3),
    ]),
  );
  console.log(
    row([
      "lesson page vs node:http with its bytes (reference)",
      `${ratio(lessons.result, plainLessons.result).toFixed(3)}×`,
      "",
      "",
    ]),
  );
  console.log(
    `Empty compile cache: /readyz after ${(bootMs / 1000).toFixed(1)} s (RSS ${afterBoot.rss} MB); first lesson page ${cold.ms.toFixed(0)} ms; all ${lessonFiles} lesson files compiled and rendered ${(warmAll.ms / 1000).toFixed(1)} s later (RSS ${afterWarm.rss} MB, peak ${afterWarm.peak} MB).`,
  );
  console.log(
    `Restart with the disk cache: /readyz after ${(rebootMs / 1000).toFixed(1)} s; first lesson page ${restarted.ms.toFixed(0)} ms; all lesson files rendered ${(restartWarm.ms / 1000).toFixed(1)} s later; peak RSS ${restartMemory.peak} MB.`,
  );
  console.log(
    `\nLesson page JavaScript before hydration: ${jsFiles.length} files, ${kb(jsRaw)} raw, ${kb(jsGzip)} gzipped, of which translations ${kb(translationsGzip)} (no MDX runtime; CSP without unsafe-eval); target ≤ 90 KB gzipped: ${jsGzip <= 90 * 1024 ? "met" : "NOT met"}.`,
  );
  for (const f of jsFiles.sort((a, b) => b.gzip - a.gzip))
    console.log(
      `  ${f.url.padEnd(52)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)} gz${f.translations ? "  (translations)" : ""}`,
    );
  console.log(
    `Lesson page HTML (with its hydration data): ${kb(Buffer.byteLength(html))} raw, ${kb(htmlGzip)} gzipped.`,
  );
} finally {
  await stop(plain);
  await stop(app?.child);
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
