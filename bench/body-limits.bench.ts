// Request body limits under load: 100 MB bodies (declared with Content-Length and chunked, to a
// form page and to the API, a few at a time) sent to the production server on 127.0.0.1, while
// another process polls /healthz every 50 ms and samples the server's RSS every 10 ms. Printed
// beside a baseline measured the same way in the same run with nothing uploading. The server
// must stay under 20 MB of RSS growth, answer 95 % of the /healthz checks within 100 ms (or, on a
// machine so loaded that /healthz alone takes longer, within the baseline's maximum) and every
// one within 1 s: a request that waited behind a body being read would take as long as the body.
// The 95th percentile, not the maximum, carries the 100 ms: on a shared 2-core machine one check
// in a few dozen lands behind another process's time slice (CI saw 128 ms once, in 6 checks).
// Bounded: at most BENCH_BODY_UPLOADS uploads (default 60), BENCH_BODY_PARALLEL at a time
// (default 3), each sender pausing 100 ms between uploads, and 20 s of uploading.
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sendBigBody, watchServer, type BigBodyResult, type WatchResult } from "../tests/support/big-body";
import { ensureBenchBuild } from "./support/build";
import { memoryMb, request, startServer, stop, waitFor } from "./support/http-load";

const MB = 1024 * 1024;
const BODY = 100 * MB;
const UPLOADS = Number(process.env.BENCH_BODY_UPLOADS ?? 60);
const PARALLEL = Number(process.env.BENCH_BODY_PARALLEL ?? 3);
const MAX_SECONDS = 20;
const PORT = 39_580;
const HEALTH_MAX_MS = 1_000;

const kinds = [
  { name: "form, chunked", path: "/login", declared: false, contentType: "application/x-www-form-urlencoded" },
  { name: "form, declared", path: "/login", declared: true, contentType: "application/x-www-form-urlencoded" },
  { name: "API, chunked", path: "/api/v1/webhooks", declared: false, contentType: "application/json" },
  { name: "API, declared", path: "/api/v1/webhooks", declared: true, contentType: "application/json" },
];

ensureBenchBuild();
const dataDir = mkdtempSync(join(tmpdir(), "ka-bench-body-"));
const { child, stderr } = startServer(PORT, { DATA_DIR: dataDir, SEED_ON_START: "false" });
try {
  await waitFor(PORT, "/readyz", child, stderr);
  // Warm up the routes involved (first requests compile and fill caches); one connection each.
  const agent = new http.Agent({ keepAlive: false });
  for (let i = 0; i < 5; i++) {
    await request(PORT, "/login", { agent });
    await request(PORT, "/login", { agent, method: "POST", form: "email=warm-up%40example.se" });
    await request(PORT, "/api/v1/webhooks", { agent, method: "POST", form: "{}" });
    await request(PORT, "/healthz", { agent });
  }
  // And the refusal itself, PARALLEL at a time: reading and dropping ~150 MB/s grows V8's young
  // generation once to its working size (~20 MB on a server that started small). That is the
  // heap settling, not memory that grows with the bodies, which is what is measured below.
  const upload = (kind: (typeof kinds)[number]) =>
    sendBigBody({
      port: PORT,
      path: kind.path,
      bytes: BODY,
      declared: kind.declared,
      contentType: kind.contentType,
      timeoutMs: 60_000,
    });
  for (let round = 0; round < 2; round++) await Promise.all(kinds.slice(0, PARALLEL).map(upload));
  const pid = child.pid!;
  const startRss = memoryMb(pid).rss;

  const idle = await watchServer(PORT, pid);
  await new Promise((r) => setTimeout(r, 3_000));
  const baseline = await idle.stop();

  const busy = await watchServer(PORT, pid);
  const results: { kind: string; result: BigBodyResult }[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < UPLOADS && performance.now() - started < MAX_SECONDS * 1000) {
        const kind = kinds[next++ % kinds.length]!;
        const result = await upload(kind);
        results.push({ kind: kind.name, result });
        await new Promise((r) => setTimeout(r, 100));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const loaded = await busy.stop();

  const row = (name: string, w: WatchResult, uploads: string, read: string) =>
    `| ${name} | ${uploads} | ${read} | ${w.rssGrowthMb.toFixed(1)} | ${w.healthP50Ms.toFixed(0)} | ${w.healthP95Ms.toFixed(0)} | ${w.healthMaxMs.toFixed(0)} | ${w.healthChecks} |`;
  console.log(
    `\nRequest bodies over the limit: ${BODY / MB} MB each, ${PARALLEL} at a time, production build, server RSS at start ${startRss} MB`,
  );
  console.log(
    "| phase | uploads | server read (MB) | peak RSS growth (MB) | /healthz p50 (ms) | /healthz p95 (ms) | /healthz max (ms) | /healthz checks |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  console.log(row("baseline: nothing uploading, 3 s", baseline, "0", baseline.readMb.toFixed(1)));
  console.log(row(`uploading, ${seconds.toFixed(1)} s`, loaded, String(results.length), loaded.readMb.toFixed(1)));

  console.log(
    "\n| upload | count | answers | client sent before the answer (MB, median) | time to answer (ms, median) |",
  );
  console.log("|---|---:|---|---:|---:|");
  for (const kind of kinds) {
    const mine = results.filter((r) => r.kind === kind.name).map((r) => r.result);
    if (!mine.length) continue;
    const answers: Record<string, number> = {};
    for (const r of mine) answers[String(r.status ?? r.error)] = (answers[String(r.status ?? r.error)] ?? 0) + 1;
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    console.log(
      `| ${kind.name} | ${mine.length} | ${Object.entries(answers)
        .map(([k, v]) => `${k} × ${v}`)
        .join(
          ", ",
        )} | ${(median(mine.map((r) => r.sentBeforeAnswer)) / MB).toFixed(1)} | ${median(mine.map((r) => r.ms)).toFixed(0)} |`,
    );
  }

  const failures: string[] = [];
  if (results.some((r) => r.result.status !== 413)) failures.push("not every upload was answered 413");
  if (results.some((r) => r.result.sentAll)) failures.push("a client sent its whole body before the answer");
  if (loaded.rssGrowthMb >= 20) failures.push(`RSS grew by ${loaded.rssGrowthMb.toFixed(1)} MB (limit 20)`);
  // 100 ms; on a machine so loaded that /healthz alone is slower, no slower than the baseline.
  const healthLimit = Math.max(100, baseline.healthMaxMs);
  if (loaded.healthP95Ms >= healthLimit)
    failures.push(
      `/healthz p95 was ${loaded.healthP95Ms.toFixed(0)} ms (limit ${healthLimit.toFixed(0)}; baseline max ${baseline.healthMaxMs.toFixed(0)} ms)`,
    );
  if (loaded.healthMaxMs >= HEALTH_MAX_MS)
    failures.push(`/healthz took up to ${loaded.healthMaxMs.toFixed(0)} ms (limit ${HEALTH_MAX_MS})`);
  console.log(
    failures.length
      ? `\nFAILED: ${failures.join("; ")}`
      : `\nOK: every body refused with 413 before it was sent, RSS growth < 20 MB, /healthz p95 < ${healthLimit.toFixed(0)} ms and max < ${HEALTH_MAX_MS} ms`,
  );
  if (failures.length) process.exitCode = 1;
} finally {
  await stop(child);
  rmSync(dataDir, { recursive: true, force: true });
}
