// Calling route modules the way Remix does, without a server: list every route file in
// app/routes (read at test time, so new routes are always included), work out its URL, import
// it, and call its loader (GET) or action (POST, DELETE, …) with a real Request carrying an
// identity's headers (a session cookie, or an API key). Every outcome — returned or thrown
// Response, data(), redirect, plain object, or an unexpected error — is normalised to
// { status, location, body } so a test can compare statuses and search the body for leaks.
import { randomUUID } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

export const ROUTES_DIR = resolve("app/routes");
export const APP_ORIGIN = "http://localhost:3000";

export type RouteFile = {
  /** File (or folder) name inside app/routes, e.g. "team.$orgId._index.tsx". */
  file: string;
  /** Absolute path of the module to import. */
  modulePath: string;
  /** URL pattern, e.g. "/team/:orgId", "/api/v1/openapi.json", "/*". */
  pattern: string;
  /** Dynamic parameter names in order ("*" for a splat). */
  params: string[];
};

const ROUTE_EXT = /\.(tsx|ts|jsx|js)$/;
const IGNORED = /\.test\.(tsx|ts)$/;

/** Splits a flat-routes name on dots that are not inside [escapes]. */
function splitSegments(name: string): string[] {
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const ch of name) {
    if (ch === "[") escaped = true;
    else if (ch === "]") escaped = false;
    else if (ch === "." && !escaped) {
      segments.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  segments.push(current);
  return segments;
}

/** URL pattern of a flat-routes file name (Remix v2 conventions). */
export function patternOf(routeName: string): { pattern: string; params: string[] } {
  const params: string[] = [];
  const parts: string[] = [];
  for (const raw of splitSegments(routeName)) {
    if (raw === "_index" || raw === "route") continue;
    if (raw.startsWith("_")) continue; // pathless layout
    let segment = raw.endsWith("_") && !raw.endsWith("]_") ? raw.slice(0, -1) : raw; // "courses.$slug_.quiz": no nesting
    if (segment === "$") {
      params.push("*");
      parts.push("*");
      continue;
    }
    const optional = segment.startsWith("(") && segment.endsWith(")");
    if (optional) segment = segment.slice(1, -1);
    if (segment.startsWith("$")) {
      params.push(segment.slice(1));
      parts.push(`:${segment.slice(1)}${optional ? "?" : ""}`);
      continue;
    }
    parts.push(segment.replace(/\[([^\]]*)\]/g, "$1"));
  }
  return { pattern: `/${parts.join("/")}`, params };
}

/** Every route module in app/routes, as the app would route them. */
export function listRouteFiles(dir = ROUTES_DIR): RouteFile[] {
  const files: RouteFile[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      const inner = readdirSync(path).find((f) => /^route\.(tsx|ts|jsx|js)$/.test(f));
      if (inner) files.push({ file: entry, modulePath: join(path, inner), ...patternOf(entry) });
      continue;
    }
    if (!ROUTE_EXT.test(entry) || IGNORED.test(entry)) continue;
    files.push({ file: entry, modulePath: path, ...patternOf(entry.replace(ROUTE_EXT, "")) });
  }
  return files;
}

export type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

export async function importRoute(route: RouteFile): Promise<RouteModule> {
  return (await import(/* @vite-ignore */ route.modulePath)) as RouteModule;
}

/** Fills a pattern's parameters: "/team/:orgId" + { orgId: "x" } → "/team/x". */
export function fillPattern(pattern: string, params: Record<string, string>): string {
  return pattern
    .split("/")
    .map((part) => {
      if (part === "*") return params["*"] ?? "";
      if (part.startsWith(":")) {
        const name = part.slice(1).replace(/\?$/, "");
        const value = params[name];
        if (value === undefined) throw new Error(`No value for route parameter "${name}" in ${pattern}`);
        return encodeURIComponent(value);
      }
      return part;
    })
    .join("/");
}

export type CallOptions = {
  method?: string;
  /** Path with query, e.g. "/team/abc?page=2". */
  path: string;
  params: Record<string, string>;
  headers?: Record<string, string>;
  body?: FormData | URLSearchParams | string | null;
};

export type CallResult = {
  status: number;
  /** Redirect target, if any. */
  location: string | null;
  /** The response body (text), or the returned/thrown data serialised as JSON. */
  body: string;
  /** Set when the route threw something that is not a Response (a 500 in production). */
  error?: unknown;
};

type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };

function isDataWithInit(value: unknown): value is DataWithInit {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

function serialise(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "";
  } catch {
    return String(value);
  }
}

async function normalise(value: unknown, thrown: boolean): Promise<CallResult> {
  if (value instanceof Response) {
    const body = value.body ? await value.text().catch(() => "") : "";
    return { status: value.status, location: value.headers.get("location"), body };
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers);
    return { status: value.init?.status ?? 200, location: headers.get("location"), body: serialise(value.data) };
  }
  if (thrown)
    return {
      status: 500,
      location: null,
      body: value instanceof Error ? value.message : serialise(value),
      error: value,
    };
  return { status: 200, location: null, body: serialise(value) };
}

/** Calls the loader (GET/HEAD) or the action (any other method) of a route module. */
export async function callRoute(mod: RouteModule, options: CallOptions): Promise<CallResult> {
  const method = (options.method ?? "GET").toUpperCase();
  const handler = method === "GET" || method === "HEAD" ? mod.loader : mod.action;
  if (!handler) return { status: 405, location: null, body: "" };
  const headers = new Headers(options.headers);
  let body: BodyInit | undefined;
  if (options.body !== undefined && options.body !== null && method !== "GET" && method !== "HEAD") {
    body = options.body;
    if (typeof options.body === "string" && !headers.has("content-type"))
      headers.set("content-type", "application/json");
  }
  const request = new Request(new URL(options.path, APP_ORIGIN), { method, headers, body });
  const context = {
    cspNonce: "matrix-nonce",
    requestId: `matrix-${randomUUID()}`,
    clientIp: `198.51.100.${Math.floor(Math.random() * 250) + 1}`,
  };
  try {
    const value = await handler({ request, params: options.params, context } as never);
    return normalise(value, false);
  } catch (thrown) {
    return normalise(thrown, true);
  }
}

// ---------- identities ----------

export type Identity = {
  name: string;
  /** Headers for one request (a fresh session per call, so a sign-out cannot affect later calls). */
  headers: () => Promise<Record<string, string>>;
};

/** A signed-in person: creates a database session row per call and sends its cookie. */
export function sessionIdentity(
  name: string,
  userId: string,
  createSession: (token: string, userId: string) => Promise<void>,
): Identity {
  return {
    name,
    headers: async () => {
      const token = randomUUID();
      await createSession(token, userId);
      return { cookie: `authjs.session-token=${token}` };
    },
  };
}

export const anonymous: Identity = { name: "anonymous", headers: async () => ({}) };

/** An API client: sends its key (the API module decides the header; Bearer by default). */
export function apiKeyIdentity(name: string, key: string, header = "authorization"): Identity {
  return { name, headers: async () => ({ [header]: header === "authorization" ? `Bearer ${key}` : key }) };
}
