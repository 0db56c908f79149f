// Public pages from the cache (issue 12 item 4, ADR 028): the production server (build/bench,
// PostgreSQL, one process) answering anonymous home, catalogue and /verify/:number from its page
// cache, and 304s to If-None-Match, against a plain node:http server sending the very same bytes
// (the brotli body the app sends a browser, and an empty 304), with the same load generator in the
// same run. Reference rows: /healthz, and the home page rendered by React (a query string keeps it
// out of the cache). Also: signed-in pages never come from the cache, a revocation written in the
// database changes the next answer's ETag, and the precompressed assets are sent as stored.
//   BENCH_SECONDS (default 8), BENCH_CONNECTIONS (default 10), TEST_PG_URL
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import pg from "pg";
import { generateNumber } from "~/modules/certificates/number";
import { ensureBenchBuild } from "./support/build";
import { createBenchDatabase } from "./support/database";
import { createSignedInLearners } from "./support/learners";
import {
  load,
  memoryMb,
  request,
  requireWrk,
  startServer,
  stop,
  waitFor,
  type LoadRequest,
  type LoadResult,
  type Server,
} from "./support/http-load";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PG_SERVER = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const COURSE = "introduktion-for-chefer";
// Below the verification lookup limit (30 a minute per client): each number's first request is a
// render, which counts; every later one comes from the cache, which does not.
const CERTIFICATES = 20;
const appPort = 39_600 + Math.floor(Math.random() * 100);
const plainPort = appPort + 100;
const BROWSER = { "accept-language": "sv", "accept-encoding": "gzip, deflate, br" };

requireWrk();
ensureBenchBuild();
const dataDir = mkdtempSync(join(tmpdir(), "ka-bench-public-"));
const database = await createBenchDatabase(PG_SERVER, `ka_bench_public_${process.pid}`);

/** Certificates straight in the database (the page does not care how they came). */
async function seedCertificates(db: pg.Client): Promise<string[]> {
  const numbers = new Set<string>();
  while (numbers.size < CERTIFICATES) numbers.add(generateNumber((n) => randomBytes(n)));
  const list = [...numbers];
  await db.query(
    `INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('bench-holder', 'holder@bench.example', 'Bänk Person', now())`,
  );
  await db.query(
    `INSERT INTO "QuizAttempt" (id, "userId", "courseSlug", "contentVersion", locale, status, snapshot, passed, "scorePercent", "gradedAt")
     SELECT 'pa' || i, 'bench-holder', $1, '1', 'sv', 'graded', '{}'::jsonb, true, 90, now() FROM generate_series(1, $2::int) i`,
    [COURSE, list.length],
  );
  await db.query(
    `INSERT INTO "Certificate" (id, number, "userId", "attemptId", "holderName", "courseSlug", "contentVersion", locale, "criterionCourse", "scorePercent", "expiresAt", "updatedAt")
     SELECT 'pc' || i, ($3::text[])[i], 'bench-holder', 'pa' || i, 'Bänk Person', $1, '1', 'sv', true, 90, now() + interval '3 years', now()
     FROM generate_series(1, $2::int) i`,
    [COURSE, list.length, list],
  );
  return list;
}

const header = (answer: { headers: http.IncomingHttpHeaders }, name: string) => String(answer.headers[name] ?? "");

/** CPU time (user + system) a process has used, in microseconds, from /proc. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

let app: Server | undefined;
let plain: ChildProcess | undefined;
const db = new pg.Client({ connectionString: database.url });
try {
  const loadBefore = loadavg()[0]!;
  app = startServer(appPort, { DATABASE_URL: database.url, DATA_DIR: dataDir });
  await waitFor(appPort, "/readyz", app.child, app.stderr);
  await db.connect();
  const numbers = await seedCertificates(db);
  const [learner] = await createSignedInLearners(database.url, 1, COURSE, "1");
  const once = new http.Agent({ keepAlive: false });
  // The server compiles every lesson in the background after a start on an empty folder: wait for
  // that (search awaits a whole language) so it does not take the CPU from the first rows.
  for (const language of ["sv", "en", "fi"]) {
    const search = await request(appPort, "/search?q=samtal", {
      agent: once,
      headers: { cookie: learner!, "accept-language": language },
    });
    if (search.status !== 200) throw new Error(`search answered ${search.status}`);
  }

  // Every page once (fills the cache), its bytes and ETag for the baseline and the 304 phase.
  const pages = new Map<string, { body: Buffer; etag: string; encoding: string }>();
  const verifyPaths = numbers.map((n) => `/verify/${n}`);
  for (const path of ["/", "/courses", ...verifyPaths]) {
    await request(appPort, path, { agent: once, headers: BROWSER });
    const answer = await request(appPort, path, { agent: once, headers: BROWSER });
    if (answer.status !== 200 || header(answer, "x-page-cache") !== "hit")
      throw new Error(`${path}: ${answer.status}, cache ${header(answer, "x-page-cache") || "none"}`);
    pages.set(path, { body: answer.body, etag: header(answer, "etag"), encoding: header(answer, "content-encoding") });
  }
  const verifyPath = verifyPaths[0]!;

  // Checks the numbers below rely on.
  const signedIn = await request(appPort, "/", { agent: once, headers: { ...BROWSER, cookie: learner! } });
  if (signedIn.headers["x-page-cache"] || !header(signedIn, "cache-control").includes("no-store"))
    throw new Error("a signed-in home page came from the public cache or may be stored");
  const revalidated = await request(appPort, "/", {
    agent: once,
    headers: { ...BROWSER, "if-none-match": pages.get("/")!.etag },
  });
  if (revalidated.status !== 304) throw new Error(`If-None-Match answered ${revalidated.status}`);
  const uncached = await request(appPort, "/?from=bench", { agent: once, headers: BROWSER });
  if (uncached.status !== 200 || uncached.headers["x-page-cache"]) throw new Error("/?from=bench came from the cache");
  const html = pages.get("/")!;
  const asset = /<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/.exec(
    (await request(appPort, "/", { agent: once, headers: { "accept-language": "sv" } })).body.toString(),
  )?.[1];
  const assetAnswer = asset ? await request(appPort, asset, { agent: once, headers: BROWSER }) : undefined;

  // Baseline: node:http sending the same bytes per path (and a bare 304 to If-None-Match).
  const pagesFile = join(dataDir, "pages.json");
  writeFileSync(
    pagesFile,
    JSON.stringify(Object.fromEntries([...pages].map(([p, v]) => [p, { ...v, body: v.body.toString("base64") }]))),
  );
  let plainStderr = "";
  plain = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import http from "node:http"; import { readFileSync } from "node:fs";
       const pages = Object.fromEntries(Object.entries(JSON.parse(readFileSync(${JSON.stringify(pagesFile)}, "utf8"))).map(([p, v]) => [p, { ...v, body: Buffer.from(v.body, "base64") }]));
       http.createServer((req, res) => { const page = pages[req.url]; if (!page) { res.writeHead(404).end(); return; }
         if (req.headers["if-none-match"] === page.etag) { res.writeHead(304, { ETag: page.etag }).end(); return; }
         res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": page.body.length, "Content-Encoding": page.encoding, ETag: page.etag }); res.end(page.body); })
       .listen(${plainPort}, "127.0.0.1");`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  plain.stderr!.on("data", (d: Buffer) => (plainStderr += d.toString()));
  await waitFor(plainPort, "/", plain, () => plainStderr);

  const appPid = app.child.pid!;
  const measure = async (port: number, requests: LoadRequest[], pid: number) => {
    await load({ port, connections: CONNECTIONS, seconds: 2, requests });
    const cpuBefore = cpuMicros(pid);
    const result = await load({ port, connections: CONNECTIONS, seconds: SECONDS, requests });
    const cpuPerAnswer = (cpuMicros(pid) - cpuBefore) / Math.max(1, result.requests);
    return { result, memory: memoryMb(pid), cpuPerAnswer };
  };
  const get = (paths: string[], extra: Record<string, string> = {}) =>
    paths.map((path) => ({ path, headers: { ...BROWSER, ...extra } }));
  const revalidate = (paths: string[]): LoadRequest[] =>
    paths.map((path) => ({ path, headers: { ...BROWSER, "if-none-match": pages.get(path)!.etag } }));

  // Each page and its baseline one after the other, so both see the same machine.
  const healthz = await measure(appPort, [{ path: "/healthz" }], appPid);
  const rendered = await measure(appPort, get(["/?from=bench"]), appPid);
  const home = await measure(appPort, get(["/"]), appPid);
  const plainHome = await measure(plainPort, get(["/"]), plain.pid!);
  const catalogue = await measure(appPort, get(["/courses"]), appPid);
  const plainCatalogue = await measure(plainPort, get(["/courses"]), plain.pid!);
  const verify = await measure(appPort, get(verifyPaths), appPid);
  const plainVerify = await measure(plainPort, get(verifyPaths), plain.pid!);
  // 304s in the same mix as the rows above: home, catalogue and a verification page in turn.
  const revalidated304 = revalidate(verifyPaths.flatMap((path) => ["/", "/courses", path]));
  const notModified = await measure(appPort, revalidated304, appPid);
  const plainNotModified = await measure(plainPort, revalidated304, plain.pid!);
  // And the dearest kind alone: each needs the database version check.
  const verifyNotModified = await measure(appPort, revalidate(verifyPaths), appPid);
  const plainVerifyNotModified = await measure(plainPort, revalidate(verifyPaths), plain.pid!);
  const loadAfter = loadavg()[0]!;

  // A revocation written straight into the database: the very next request sees it.
  const before = pages.get(verifyPath)!.etag;
  await db.query(`UPDATE "Certificate" SET "revokedAt" = now(), "revokedReason" = 'bench' WHERE number = $1`, [
    verifyPath.split("/").pop(),
  ]);
  const afterRevocation = await request(appPort, verifyPath, {
    agent: once,
    headers: { ...BROWSER, "if-none-match": before },
  });
  const revokedShown =
    afterRevocation.status === 200 &&
    brotliDecompressSync(afterRevocation.body).toString().includes("bench") &&
    header(afterRevocation, "content-encoding") === "br";
  const appMemory = memoryMb(appPid);

  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `Public pages: anonymous, Accept-Encoding br (the bytes a browser gets); /verify cycles ${CERTIFICATES} certificates; wrk, ${CONNECTIONS} keep-alive connections, ${SECONDS} s per row after 2 s warm-up.`,
  );
  console.log(
    `App (one process, PostgreSQL) and node:http each in their own process, wrk in its own; ${cpus().length} CPUs, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.`,
  );
  console.log(
    row(["what", "req/s", "CPU µs/answer", "p50 ms", "p99 ms", "errors", "bytes/answer", "RSS after / peak so far"]),
  );
  console.log(row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]));
  const show = (name: string, m: { result: LoadResult; memory: { rss: number; peak: number }; cpuPerAnswer: number }) =>
    console.log(
      row([
        name,
        m.result.perSecond.toFixed(0),
        m.cpuPerAnswer.toFixed(0),
        m.result.p50.toFixed(2),
        m.result.p99.toFixed(2),
        String(m.result.errors),
        kb(m.result.bytesPerAnswer),
        `${m.memory.rss} / ${m.memory.peak} MB`,
      ]),
    );
  show("app /healthz (reference)", healthz);
  show("app home, rendered by React (?from=bench, not cached)", rendered);
  show("app home from the cache", home);
  show("node:http, the same home bytes (baseline)", plainHome);
  show("app catalogue /courses from the cache", catalogue);
  show("node:http, the same catalogue bytes (baseline)", plainCatalogue);
  show("app /verify/:number from the cache", verify);
  show("node:http, the same verify bytes (baseline)", plainVerify);
  show("app 304 to If-None-Match (home, catalogue, verify in turn)", notModified);
  show("node:http, the same 304s (baseline)", plainNotModified);
  show("app 304 to If-None-Match, verification pages only", verifyNotModified);
  show("node:http, the same 304s (baseline)", plainVerifyNotModified);

  const ratio = (a: LoadResult, b: LoadResult) => a.perSecond / b.perSecond;
  console.log("\nTarget (issue 12 item 4): a cached public page ≥ 0.3× node:http serving the same bytes.");
  console.log(
    "Also as CPU per answer (node:http's / the app's): what the req/s ratio is where the server, not the machine's other load, is the limit.",
  );
  console.log(row(["page", "req/s: app / node:http", "CPU per answer: node:http / app", "target (req/s)"]));
  console.log(row(["---", "---:", "---:", "---"]));
  for (const [name, app, base] of [
    ["home", home, plainHome],
    ["catalogue", catalogue, plainCatalogue],
    ["verify", verify, plainVerify],
    ["304 revalidation (home, catalogue, verify in turn)", notModified, plainNotModified],
    ["304 revalidation, verify only", verifyNotModified, plainVerifyNotModified],
  ] as const) {
    const r = ratio(app.result, base.result);
    const cpu = base.cpuPerAnswer / app.cpuPerAnswer;
    console.log(row([name, `${r.toFixed(2)}×`, `${cpu.toFixed(2)}×`, r >= 0.3 ? "met" : "NOT met"]));
  }
  console.log(
    `Cache against React for the home page: ${ratio(home.result, rendered.result).toFixed(1)}× the requests per second.`,
  );
  console.log(
    `Home page as sent: ${kb(html.body.length)} (${html.encoding || "identity"}) from the cache, ${kb(uncached.body.length)} (${header(uncached, "content-encoding") || "identity"}) rendered and compressed per request. Peak RSS of the app: ${appMemory.peak} MB.`,
  );
  console.log(
    `Revocation written in the database, next request with the old ETag: ${afterRevocation.status}, ETag ${header(afterRevocation, "etag") === before ? "UNCHANGED" : "changed"}, shows the revocation: ${revokedShown ? "yes" : "no"}.`,
  );
  console.log(
    `Signed-in home: not from the cache, Cache-Control "${header(signedIn, "cache-control")}". Asset ${asset ?? "(none found)"}: Content-Encoding ${assetAnswer ? header(assetAnswer, "content-encoding") || "identity" : "-"}, ${assetAnswer ? kb(assetAnswer.body.length) : "-"} sent.`,
  );
  if (!revokedShown || header(afterRevocation, "etag") === before)
    throw new Error("a revocation did not change the verification page at once");
} finally {
  await db.end().catch(() => undefined);
  await stop(plain);
  await stop(app?.child);
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
