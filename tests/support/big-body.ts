// Sending a large request body to a server on 127.0.0.1 and watching the server meanwhile: what
// the integration test and the load bench of the body limits share. Loopback only; every send is
// bounded in bytes and in time.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";

const HOST = "127.0.0.1";

export type BigBodyOptions = {
  port: number;
  path: string;
  /** Body size the client is prepared to send. */
  bytes: number;
  /** Declare it with Content-Length (true) or send it chunked (false). */
  declared: boolean;
  contentType?: string;
  headers?: Record<string, string>;
  /** Give up (and count it as no answer) after this long. */
  timeoutMs?: number;
};

export type BigBodyResult = {
  status: number | null;
  body: string;
  /** Bytes the client had handed to its socket when the answer came (or when it stopped). */
  sentBeforeAnswer: number;
  /** Did the client send the whole body before it had an answer? */
  sentAll: boolean;
  ms: number;
  error?: string;
};

const CHUNK = Buffer.alloc(64 * 1024, "a");

/** Streams up to `bytes` of body, and stops sending as soon as an answer arrives. */
export function sendBigBody({
  port,
  path,
  bytes,
  declared,
  contentType = "application/x-www-form-urlencoded",
  headers = {},
  timeoutMs = 60_000,
}: BigBodyOptions): Promise<BigBodyResult> {
  const started = performance.now();
  return new Promise((done) => {
    let sent = 0;
    let answered = false;
    let settled = false;
    const finish = (result: Omit<BigBodyResult, "ms" | "sentAll">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      done({ ...result, sentAll: sent >= bytes, ms: performance.now() - started });
    };
    const sendHeaders: Record<string, string> = { "content-type": contentType, ...headers };
    if (declared) sendHeaders["content-length"] = String(bytes);
    const req = http.request({ host: HOST, port, path, method: "POST", headers: sendHeaders, agent: false }, (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 1024 * 1024) chunks.push(chunk); // enough to look at; the rest is only counted
      });
      const end = (error?: string) => {
        const result = {
          status: res.statusCode ?? null,
          body: Buffer.concat(chunks).toString("utf8"),
          sentBeforeAnswer,
        };
        finish(error ? { ...result, error } : result);
      };
      res.on("end", () => end());
      res.on("error", (error: NodeJS.ErrnoException) => end(error.code ?? error.message));
    });
    req.on("error", (error: NodeJS.ErrnoException) =>
      finish({ status: null, body: "", sentBeforeAnswer: sent, error: error.code ?? error.message }),
    );
    const timer = setTimeout(
      () => finish({ status: null, body: "", sentBeforeAnswer: sent, error: "timeout" }),
      timeoutMs,
    );
    const write = () => {
      while (sent < bytes && !answered && !settled) {
        const chunk = bytes - sent >= CHUNK.length ? CHUNK : CHUNK.subarray(0, bytes - sent);
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", write);
          return;
        }
      }
      if (sent >= bytes && !answered && !settled) req.end();
    };
    write();
  });
}

/** VmRSS of a process, in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

export type WatchResult = {
  /** Peak VmRSS minus VmRSS at the start, in MB. */
  rssGrowthMb: number;
  /** Bytes the server read (all sources) while watched, in MB. */
  readMb: number;
  healthMaxMs: number;
  healthP50Ms: number;
  healthP95Ms: number;
  healthChecks: number;
};

// The watcher runs in a process of its own, so the client's own work (writing 100 MB as fast as
// it can) never shows up as /healthz latency.
const WATCHER = `
const { readFileSync } = require("node:fs");
const [port, pid] = process.argv.slice(1).map(Number);
const rss = () => Number(/VmRSS:\\s+(\\d+) kB/.exec(readFileSync("/proc/" + pid + "/status", "utf8"))[1]) / 1024;
const read = () => { try { return Number(/rchar:\\s+(\\d+)/.exec(readFileSync("/proc/" + pid + "/io", "utf8"))[1]); } catch { return NaN; } };
const health = () => fetch("http://127.0.0.1:" + port + "/healthz", { signal: AbortSignal.timeout(10000) }).then((r) => r.text(), () => null);
const latencies = [];
let peak, startRss, startRead, running = true, sampler, poller;
(async () => {
  for (let i = 0; i < 3; i++) await health(); // the first fetch of a process is slow: not the server's doing
  startRss = peak = rss();
  startRead = read();
  sampler = setInterval(() => { try { peak = Math.max(peak, rss()); } catch {} }, 10);
  poller = (async () => {
    while (running) {
      const t = performance.now();
      await health();
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  process.send("ready");
})();
process.on("message", async () => {
  running = false;
  await poller;
  clearInterval(sampler);
  try { peak = Math.max(peak, rss()); } catch {}
  const sorted = latencies.sort((a, b) => a - b);
  process.send({ rssGrowthMb: peak - startRss, readMb: (read() - startRead) / 1048576, healthMaxMs: sorted.at(-1) ?? NaN, healthP50Ms: sorted[Math.floor(sorted.length / 2)] ?? NaN, healthP95Ms: sorted[Math.ceil(sorted.length * 0.95) - 1] ?? NaN, healthChecks: sorted.length });
  process.disconnect();
});
`;

/** Samples the server's RSS every 10 ms and times GET /healthz every 50 ms (from another process) until stop(). */
export async function watchServer(port: number, pid: number): Promise<{ stop: () => Promise<WatchResult> }> {
  const child = spawn(process.execPath, ["-e", WATCHER, String(port), String(pid)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise((ready) => child.once("message", ready));
  return {
    stop: () =>
      new Promise<WatchResult>((done) => {
        child.once("message", (result: WatchResult) => done(result));
        child.send("stop");
      }),
  };
}
