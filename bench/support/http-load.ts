// The load generator and server lifecycle the HTTP benchmarks share: start the production server
// on loopback, wait until it answers, drive it with N keep-alive connections (bounded in time and
// in request count), read its memory from /proc, and stop it. Loopback (127.0.0.1) only.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { benchServerEnv } from "./server-env";

const HOST = "127.0.0.1";

/** Resident and peak resident memory (VmRSS, VmHWM) of a process, in MB, read from /proc. */
export function memoryMb(pid: number | "self"): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
export type RequestOptions = { agent?: http.Agent; method?: string; headers?: Record<string, string>; form?: string };

/** One request to 127.0.0.1:port (a `form` body is sent url-encoded), answered with the whole body. */
export function request(port: number, path: string, { agent, method = "GET", headers = {}, form }: RequestOptions = {}): Promise<Answer> {
  const sent = form === undefined ? headers : { ...headers, "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(form)) };
  return new Promise((done, fail) => {
    const req = http.request({ host: HOST, port, method, path, agent, headers: sent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => done({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", fail);
    });
    req.on("error", fail);
    req.end(form);
  });
}

/** What a connection asks next: `sent` counts across all connections, `round` within this one. */
export type NextRequest = (sent: number, worker: number, round: number) => { path: string; headers?: Record<string, string> };

export type LoadOptions = {
  port: number;
  connections: number;
  seconds: number;
  /** Stop sending once this many requests went out (all connections together); default: no limit. */
  maxRequests?: number;
  next: NextRequest;
  /** Called with the body of every 200 answer (e.g. to tally what the answers say). */
  check?: (body: Buffer) => void;
};

export type LoadResult = {
  requests: number;
  /** 200 answers per second. */
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers other than 200, and requests that failed without an answer. */
  errors: number;
  statuses: Record<number, number>;
  /** Mean body size of the 200 answers, in bytes (0 without any). */
  bytesPerAnswer: number;
};

/** `connections` keep-alive connections, each sending the next request when the last answer is in, until `seconds` or `maxRequests`. */
export async function load({ port, connections, seconds, maxRequests = Number.POSITIVE_INFINITY, next, check }: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let ok = 0;
  let bytes = 0;
  let sent = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      for (let round = 0; performance.now() < end && sent < maxRequests; round++) {
        const { path, headers } = next(sent++, worker, round);
        const t = performance.now();
        const response = await request(port, path, { agent, headers }).catch(() => null);
        latencies.push(performance.now() - t);
        if (!response) {
          errors++;
          continue;
        }
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status !== 200) {
          errors++;
          continue;
        }
        ok++;
        bytes += response.body.length;
        check?.(response.body);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { requests: latencies.length, perSecond: ok / elapsed, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? Number.NaN, errors, statuses, bytesPerAnswer: ok ? bytes / ok : 0 };
}

export type Server = { child: ChildProcess; stderr: () => string };

/** Spawns the production server (server/index.ts) on 127.0.0.1:port with benchServerEnv, warn-level logs and `overrides`. */
export function startServer(port: number, overrides: Record<string, string>): Server {
  let stderr = "";
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: {
      ...process.env,
      ...benchServerEnv({ PORT: String(port), HOST, APP_URL: `http://${HOST}:${port}`, LOG_LEVEL: "warn", ...overrides }),
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
    const ok = await fetch(`http://${HOST}:${port}${path}`).then((r) => r.ok, () => false);
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
