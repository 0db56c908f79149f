// Structured JSON logs, one line per event, carrying the request id of the request being served.
import { AsyncLocalStorage } from "node:async_hooks";
import { remember } from "./remember.server";

type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

// One store per process: the HTTP server is part of the app build (app/http/server.server.ts), so
// the server and every loader share this module and a log line written inside a loader sees the
// id the server put there; remember() keeps one store across the dev server's module reloads.
export const requestContext = remember("request-context", () => new AsyncLocalStorage<{ requestId: string }>());

function threshold() {
  const level = (process.env.LOG_LEVEL ?? "info") as Level | "silent";
  return order[level] ?? order.info;
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (order[level] < threshold()) return;
  const requestId = requestContext.getStore()?.requestId;
  const entry: Record<string, unknown> = {
    time: new Date().toISOString(),
    level,
    msg,
    ...(requestId ? { requestId } : {}),
    ...fields,
  };
  if (fields?.err instanceof Error) {
    entry.err = { name: fields.err.name, message: fields.err.message, stack: fields.err.stack };
  }
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${JSON.stringify(entry)}\n`);
}

export const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
