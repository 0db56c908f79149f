// The load generator and server lifecycle the HTTP benchmarks share: start the production server
// on loopback, wait until it answers, drive it with N keep-alive connections from wrk (in its own
// process, bounded in time), read its memory from /proc, and stop it. Loopback (127.0.0.1) only.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import http from "node:http";
import { benchServerEnv } from "./server-env";

const HOST = "127.0.0.1";

/** Resident and peak resident memory (VmRSS, VmHWM) of a process, in MB, read from /proc. */
export function memoryMb(pid: number | "self"): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

/**
 * CPU time (user + system) a process has used so far, in ms, read from /proc/<pid>/stat. A
 * server's CPU time per answer holds steady on a machine other work is also loading, where its
 * requests per second do not.
 */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) in parentheses; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicksPerSecond;
}
// USER_HZ: 100 on every Linux the benchmarks run on (getconf CLK_TCK).
const clockTicksPerSecond = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
export type RequestOptions = { agent?: http.Agent; method?: string; headers?: Record<string, string>; form?: string };

/** One request to 127.0.0.1:port (a `form` body is sent url-encoded), answered with the whole body. */
export function request(
  port: number,
  path: string,
  { agent, method = "GET", headers = {}, form }: RequestOptions = {},
): Promise<Answer> {
  const sent =
    form === undefined
      ? headers
      : {
          ...headers,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(Buffer.byteLength(form)),
        };
  return new Promise((done, fail) => {
    const req = http.request({ host: HOST, port, method, path, agent, headers: sent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () =>
        done({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on("error", fail);
    });
    req.on("error", fail);
    req.end(form);
  });
}

/** One request the load generator sends: wrk cycles through a list of these. */
export type LoadRequest = { path: string; headers?: Record<string, string> };

export type LoadOptions = {
  port: number;
  connections: number;
  seconds: number;
  /** Sent in turn (request k is requests[k % n]), over all connections. */
  requests: LoadRequest[];
};

export type LoadResult = {
  requests: number;
  /** Answers below 400 per second. */
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers of 400 or more, and socket errors and timeouts. */
  errors: number;
  /** Mean bytes per answer (headers included, as wrk counts them). */
  bytesPerAnswer: number;
};

let wrkChecked = false;
/** wrk must be on the PATH: the benchmarks install nothing themselves. */
export function requireWrk(): void {
  if (wrkChecked) return;
  const probe = spawnSync("wrk", ["--version"], { encoding: "utf8" });
  if (probe.error) {
    process.stderr.write(
      "The HTTP benchmarks drive the server with wrk, which is not installed: apt-get install wrk (Debian/Ubuntu), brew install wrk (macOS).\n",
    );
    process.exit(2);
  }
  wrkChecked = true;
}

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
const lua = (value: string) => JSON.stringify(value); // a JSON string of printable ASCII is a valid Lua string literal

/**
 * `connections` keep-alive connections from wrk (one thread, its own process: a load generator in
 * C that does not compete with the server the way an in-process Node client does) for `seconds`,
 * cycling through `requests`. Latency percentiles are wrk's (corrected for coordinated omission).
 */
export async function load({ port, connections, seconds, requests }: LoadOptions): Promise<LoadResult> {
  requireWrk();
  if (!requests.length) throw new Error("load: no requests");
  const dir = mkdtempSync(join(tmpdir(), "ka-wrk-"));
  const script = join(dir, "requests.lua");
  const entries = requests.map(({ path, headers = {} }) => {
    const h = Object.entries(headers)
      .map(([k, v]) => `[${lua(k)}] = ${lua(v)}`)
      .join(", ");
    return `{ ${lua(path)}, { ${h} } }`;
  });
  writeFileSync(
    script,
    // Lua allows 65,536 constants per function: the list is built from chunks, each its own function.
    `local reqs = {}
${chunks(entries, 5_000)
  .map((chunk) => `for _, r in ipairs((function() return {\n${chunk.join(",\n")}\n} end)()) do reqs[#reqs + 1] = r end`)
  .join("\n")}
local formatted = {}
-- Formatted per thread in init: wrk sets the Host header only after the script is loaded.
init = function(args)
  for i, r in ipairs(reqs) do formatted[i] = wrk.format("GET", r[1], r[2]) end
end
local k = 0
request = function()
  k = k + 1
  return formatted[(k - 1) % #formatted + 1]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"us":%d,"bytes":%d,"socket":%d,"status":%d,"timeout":%d,"p50":%d,"p99":%d,"max":%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`,
  );
  try {
    const output = await new Promise<string>((done, fail) => {
      const child = spawn(
        "wrk",
        ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", script, `http://${HOST}:${port}`],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (out += d.toString()));
      child.on("error", fail);
      child.on("exit", (code) => (code === 0 ? done(out) : fail(new Error(`wrk exited ${code}: ${out}`))));
    });
    const line = /^WRK (\{.*\})$/m.exec(output)?.[1];
    if (!line) throw new Error(`wrk printed no summary: ${output}`);
    const r = JSON.parse(line) as {
      requests: number;
      us: number;
      bytes: number;
      socket: number;
      status: number;
      timeout: number;
      p50: number;
      p99: number;
      max: number;
    };
    const ok = r.requests - r.status;
    return {
      requests: r.requests,
      perSecond: ok / (r.us / 1e6),
      p50: r.p50 / 1000,
      p99: r.p99 / 1000,
      max: r.max / 1000,
      errors: r.status + r.socket + r.timeout,
      bytesPerAnswer: r.requests ? r.bytes / r.requests : 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A process and all its descendants (a cluster's primary and its workers). */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const children = readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, "utf8").trim();
      if (children) pids.push(...children.split(/\s+/).map(Number));
    } catch {
      // gone
    }
  }
  return pids;
}

/** Peak RSS of a process and all its descendants (a cluster's primary and workers), in MB: the sum of each one's VmHWM. */
export function treeMemoryMb(pid: number): { rss: number; peak: number; processes: number } {
  const pids = processTree(pid);
  let rss = 0;
  let peak = 0;
  let processes = 0;
  for (const p of pids) {
    try {
      const m = memoryMb(p);
      rss += m.rss;
      peak += m.peak;
      processes++;
    } catch {
      // gone
    }
  }
  return { rss, peak, processes };
}

export type Server = { child: ChildProcess; stderr: () => string };

/** Spawns the production server (server/start.js) on 127.0.0.1:port with benchServerEnv, warn-level logs and `overrides`. */
export function startServer(port: number, overrides: Record<string, string>): Server {
  let stderr = "";
  // BENCH_CPU_PROF=<folder>: the server writes a V8 CPU profile there when it stops (node --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // BENCH_NODE_ARGS: extra node/V8 options for the server, to compare runtime settings in one run.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...profile, ...nodeArgs, "server/start.js"], {
    env: {
      ...process.env,
      ...benchServerEnv({
        PORT: String(port),
        HOST,
        APP_URL: `http://${HOST}:${port}`,
        LOG_LEVEL: "warn",
        ...overrides,
      }),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr };
}

/** Polls 127.0.0.1:port/path every 50 ms until it answers 2xx (returns the ms waited); throws if the child exits or after 120 s. */
export async function waitFor(port: number, path: string, child: ChildProcess, stderr: () => string): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr()}`);
    const ok = await fetch(`http://${HOST}:${port}${path}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return performance.now() - started;
    if (performance.now() - started > 120_000) throw new Error(`no answer on ${path} within 120 s: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends SIGTERM to a running child and waits for it to exit. */
export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

// ---------- where the machine's CPU went

/** CPU ms a process has used, or 0 if it is gone. */
function cpuMsOrZero(pid: number): number {
  try {
    return cpuMs(pid);
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's processes on this machine (postmaster and backends), by their command name. */
function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

export type CpuSnapshot = { at: number; busyMs: number; app: Map<number, number>; postgres: Map<number, number> };

/** The machine's busy CPU time (all cores, from /proc/stat), and that of the app's process tree and of PostgreSQL's processes. */
export function cpuSnapshot(appPid: number): CpuSnapshot {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number) as number[];
  const busyTicks = user! + nice! + system! + irq! + softirq! + steal!;
  const byPid = (pids: number[]) => new Map(pids.map((pid) => [pid, cpuMsOrZero(pid)]));
  return {
    at: performance.now(),
    busyMs: (busyTicks * 1000) / clockTicksPerSecond,
    app: byPid(processTree(appPid)),
    postgres: byPid(postgresPids()),
  };
}

export type CpuSplit = { cores: number; busy: number; app: number; postgres: number; other: number };

/**
 * How many cores were busy between two snapshots, and on what: the app, PostgreSQL, and the rest
 * (wrk, the benchmark itself, other work). A server that cannot go faster because the machine has
 * no idle core left shows here as busy ≈ cores, not as a slow app.
 */
export function cpuSplit(before: CpuSnapshot, after: CpuSnapshot): CpuSplit {
  const wallMs = after.at - before.at;
  // A process counts from its first snapshot (0 if it started between the two).
  const used = (from: Map<number, number>, to: Map<number, number>) =>
    [...to].reduce((sum, [pid, ms]) => sum + ms - (from.get(pid) ?? 0), 0) / wallMs;
  const busy = (after.busyMs - before.busyMs) / wallMs;
  const app = used(before.app, after.app);
  const postgres = used(before.postgres, after.postgres);
  return { cores: availableParallelism(), busy, app, postgres, other: Math.max(0, busy - app - postgres) };
}

export const describeCpuSplit = (s: CpuSplit) =>
  `${s.busy.toFixed(2)} of ${s.cores} cores busy: app ${s.app.toFixed(2)}, PostgreSQL ${s.postgres.toFixed(2)}, wrk and the rest ${s.other.toFixed(2)}`;
