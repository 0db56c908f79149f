// The launcher: plain `node server/start.js`, no TypeScript loader at run time.
// - Production (NODE_ENV=production, or KA_SERVE_BUILD=1 for `npm start`): imports the built app
//   (build/server/index.js), whose entry exports the HTTP server (app/http/server.server.ts).
//   On PostgreSQL in production it runs WEB_CONCURRENCY worker processes (default: one per core),
//   background jobs on worker 1 only; SIGTERM to the primary stops every worker gracefully. The
//   primary reads the plan from build/server/startup-plan.js and never loads the app itself.
// - Development: Vite's dev server compiles the app on the fly (hot reload), one process.
import cluster from "node:cluster";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

// The server build's second entry (vite/startup-plan-entry.ts, STARTUP_PLAN_ENTRY): the env
// check and the number of processes, without the app.
const STARTUP_PLAN_ENTRY = "startup-plan.js";
const serveBuild = process.env.NODE_ENV === "production" || process.env.KA_SERVE_BUILD === "1";
const buildDir = resolve(process.env.KA_BUILD_DIR ?? "build");

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function log(msg, fields = {}) {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: "info", msg, ...fields })}\n`);
}

/**
 * Compiles a WebAssembly file on V8's background threads while the app's modules load. Resolves
 * to undefined when the file cannot be read: its user then loads and compiles its own copy.
 */
function compileInBackground(path) {
  return readFile(path).then(
    (bytes) => WebAssembly.compile(bytes),
    () => undefined,
  );
}

/**
 * The embedded database (no DATABASE_URL) runs Postgres compiled to WASM: compile that 9 MB module
 * now instead of after the app's modules (~0.15 s of a start). The app takes it from here
 * (app/utils/db.server.ts, `pgliteWasmModule`).
 */
function compileEmbeddedDatabaseEarly() {
  if (process.env.DATABASE_URL) return;
  const require = createRequire(import.meta.url);
  globalThis.kaPgliteWasmModule ??= compileInBackground(
    resolve(require.resolve("@electric-sql/pglite"), "..", "pglite.wasm"),
  );
}

/**
 * Prisma's query compiler, written beside the server build by the build (vite/query-compiler-wasm.ts,
 * QUERY_COMPILER_WASM): compiled now instead of decoded from base64 and compiled on the main
 * thread at the first query (ADR 033). The generated client takes it from here.
 */
function compileQueryCompilerEarly() {
  globalThis.kaQueryCompilerWasm ??= compileInBackground(resolve(buildDir, "server/query-compiler.wasm"));
}

/** Imports a file of the server build, or stops with one line saying to build first. */
async function importBuilt(file) {
  try {
    return await import(pathToFileURL(resolve(buildDir, "server", file)).href);
  } catch (error) {
    return fail(`Cannot load the app build in ${buildDir}: ${error.message}. Run \`npm run build\` first.`);
  }
}

function compileWebAssemblyEarly() {
  compileQueryCompilerEarly();
  compileEmbeddedDatabaseEarly();
}

async function loadBuiltApp() {
  compileWebAssemblyEarly();
  return importBuilt("index.js");
}

/** Forks the workers (jobs on worker 1 only), restarts one that dies, and stops them all on SIGTERM/SIGINT. */
function runPrimary(count) {
  const jobsWanted = !/^(false|0)$/.test(process.env.JOBS_ENABLED ?? "true");
  let stopping = false;
  const fork = (number) => {
    const worker = cluster.fork({
      KA_WORKER: String(number),
      JOBS_ENABLED: jobsWanted && number === 1 ? "true" : "false",
    });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      log("worker exited; starting another", { worker: number, code, signal });
      setTimeout(() => fork(number), 1000).unref();
    });
  };
  log("starting workers", { workers: count, jobsOnWorker: jobsWanted ? 1 : null });
  for (let n = 1; n <= count; n++) fork(n);
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    log("shutting down", { signal });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length > 0) return;
      clearInterval(check);
      log("stopped");
      process.exit(0);
    }, 50);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

// What the build prepared beside the server: the embedded database template, compiled lessons
// (ADR 032). Set before the env is first parsed (the plan parses it, and the app keeps that copy).
if (serveBuild) process.env.PREBUILT_DIR ??= resolve(buildDir, "server");

if (!serveBuild) {
  const vite = await import("vite");
  const viteDevServer = await vite.createServer({ server: { middlewareMode: true }, appType: "custom" });
  // The env first (one module, quick), so a wrong variable stops the start before the whole app
  // compiles; Vite's module graph then hands the app this same instance.
  const { getEnv, EnvError } = await viteDevServer.ssrLoadModule("/app/utils/env.server.ts");
  try {
    getEnv();
  } catch (error) {
    await viteDevServer.close();
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
  const loadBuild = () => viteDevServer.ssrLoadModule("virtual:remix/server-build");
  const build = await loadBuild();
  await build.entry.module.startHttpServer({ build, viteDevServer, loadBuild });
} else if (cluster.isPrimary) {
  // The embedded database is always one process: its compiles need not wait for the plan.
  if (!process.env.DATABASE_URL) compileWebAssemblyEarly();
  // The plan first, from its own small entry: a primary that forks workers never loads the app.
  const { startupPlan } = await importBuilt(STARTUP_PLAN_ENTRY);
  const plan = startupPlan(availableParallelism());
  if (!plan.ok) fail(plan.message);
  if (plan.workers > 1) {
    runPrimary(plan.workers);
  } else {
    const build = await loadBuiltApp();
    await build.entry.module.startHttpServer({ build, loadBuild: async () => build });
  }
} else {
  const build = await loadBuiltApp();
  await build.entry.module.startHttpServer({
    build,
    loadBuild: async () => build,
    worker: Number(process.env.KA_WORKER),
  });
}
