// One worker against every core: the production server on PostgreSQL with WEB_CONCURRENCY=1, then
// with one worker per CPU (the launcher's default), under the same load in the same run. Lesson
// pages for signed-in learners and the anonymous catalogue; peak RSS summed over the primary and
// its workers. Target (issue 12): ≥ 1.7× on 2 cores.
//   BENCH_SECONDS (default 8), BENCH_CONNECTIONS (default 16), TEST_PG_URL
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readCatalogue } from "~/modules/courses/content.server";
import { ensureBenchBuild } from "./support/build";
import { createBenchDatabase } from "./support/database";
import { createSignedInLearners } from "./support/learners";
import {
  cpuSnapshot,
  cpuSplit,
  describeCpuSplit,
  load,
  requireWrk,
  startServer,
  stop,
  treeMemoryMb,
  waitFor,
  type CpuSplit,
  type LoadRequest,
  type LoadResult,
  type Server,
} from "./support/http-load";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const COURSE = "etik-for-saljare-och-kundtjanst";
const PG_SERVER = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const port = 39_600 + Math.floor(Math.random() * 100);
const cores = availableParallelism();

requireWrk();
ensureBenchBuild();
const course = readCatalogue(resolve("content")).courses.find((c) => c.slug === COURSE)!;
const lessonPaths = course.lessons.map((l) => `/courses/${COURSE}/lessons/${l.slug}`);
const dataDir = mkdtempSync(join(tmpdir(), "ka-bench-cluster-"));
const database = await createBenchDatabase(PG_SERVER, `ka_bench_cluster_${process.pid}`);

type Measured = LoadResult & { cpu: CpuSplit };
type Row = {
  workers: number;
  lessons: Measured;
  catalogue: Measured;
  healthz: Measured;
  peakMb: number;
  processes: number;
};

async function measure(workers: number, cookies: string[]): Promise<Row> {
  const server: Server = startServer(port, {
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    WEB_CONCURRENCY: String(workers),
  });
  try {
    await waitFor(port, "/readyz", server.child, server.stderr);
    const learners = lessonPaths.flatMap((path) =>
      cookies.map((cookie) => ({ path, headers: { cookie, "accept-language": "sv" } })),
    );
    const catalogue = [{ path: "/courses", headers: { "accept-language": "sv" } }];
    const run = async (requests: LoadRequest[]): Promise<Measured> => {
      await load({ port, connections: CONNECTIONS, seconds: 2, requests }); // warm every worker
      const before = cpuSnapshot(server.child.pid!);
      const result = await load({ port, connections: CONNECTIONS, seconds: SECONDS, requests });
      return { ...result, cpu: cpuSplit(before, cpuSnapshot(server.child.pid!)) };
    };
    const healthz = await run([{ path: "/healthz", headers: {} }]);
    const lessons = await run(learners);
    const cat = await run(catalogue);
    const memory = treeMemoryMb(server.child.pid!);
    return { workers, lessons, catalogue: cat, healthz, peakMb: memory.peak, processes: memory.processes };
  } finally {
    await stop(server.child);
  }
}

try {
  // Migrate and seed the schema once with a single process, then create the learners.
  const first = startServer(port, { DATABASE_URL: database.url, DATA_DIR: dataDir });
  await waitFor(port, "/readyz", first.child, first.stderr);
  await stop(first.child);
  const cookies = await createSignedInLearners(database.url, CONNECTIONS, COURSE, course.version);
  const loadBefore = loadavg()[0]!;
  const one = await measure(1, cookies);
  const all = await measure(cores, cookies);
  const loadAfter = loadavg()[0]!;

  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  console.log(
    `Production server on PostgreSQL, wrk with ${CONNECTIONS} keep-alive connections, ${SECONDS} s per row; ${cores} CPUs, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.`,
  );
  console.log(
    row([
      "workers",
      "lesson pages req/s",
      "p99 ms",
      "catalogue req/s",
      "p99 ms",
      "/healthz req/s",
      "peak RSS (all processes)",
    ]),
  );
  console.log(row(["---:", "---:", "---:", "---:", "---:", "---:", "---:"]));
  for (const r of [one, all]) {
    console.log(
      row([
        r === one ? "1 (baseline)" : String(r.workers),
        r.lessons.perSecond.toFixed(0),
        r.lessons.p99.toFixed(1),
        r.catalogue.perSecond.toFixed(0),
        r.catalogue.p99.toFixed(1),
        r.healthz.perSecond.toFixed(0),
        `${r.peakMb} MB in ${r.processes} processes`,
      ]),
    );
  }
  // Where the CPU went: with every core busy, more workers cannot add throughput, whatever the app does.
  console.log("\nCPU during each row (cores, from /proc; the app is the primary and its workers):");
  for (const r of [one, all])
    for (const [what, m] of [
      ["lesson pages", r.lessons],
      ["catalogue", r.catalogue],
      ["/healthz", r.healthz],
    ] as const)
      console.log(`  ${r.workers} worker${r.workers === 1 ? "" : "s"}, ${what}: ${describeCpuSplit(m.cpu)}`);
  const lessonsRatio = all.lessons.perSecond / one.lessons.perSecond;
  const catalogueRatio = all.catalogue.perSecond / one.catalogue.perSecond;
  console.log(`\nTarget (issue 12): ${cores} workers ≥ 1.7× one worker on 2 cores.`);
  console.log(
    `  lesson pages: ${lessonsRatio.toFixed(2)}×, catalogue: ${catalogueRatio.toFixed(2)}× — ${lessonsRatio >= 1.7 ? "met" : "NOT met"}`,
  );
  const errors = [one, all].reduce((n, r) => n + r.lessons.errors + r.catalogue.errors + r.healthz.errors, 0);
  if (errors) throw new Error(`${errors} answers were errors`);
} finally {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
