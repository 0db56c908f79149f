// The one way an /api/v1 route answers: authenticate the key, enforce the endpoint's scope and the
// client's rate limit (held in the database, so it counts across instances), parse input with
// zod, turn every failure into {"error":{"code","message"}} with the right 4xx (a 500 only for our
// own bugs), and log the call (client, route, status, duration) in ApiRequestLog.
import type { TFunction } from "i18next";
import type { z } from "zod";
import { fallbackLanguage, type Language } from "~/i18n/config";
import { getFixedT } from "~/i18n/i18n.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { createWriteBatch } from "~/utils/write-batch.server";
import { createRateLimiter, type RateLimiter } from "~/utils/rate-limit.server";
import { bearerToken } from "./api-keys.server";
import { authenticateApiKey, type AuthenticatedClient } from "./clients.server";
import { API_JSON_HEADERS, apiErrorBody, ApiError, type ApiErrorCode } from "./errors";
import { apiLanguage } from "./language";
import { MAX_BODY_BYTES } from "./limits";
import type { ApiScope } from "./scopes";

export type ApiEndpoint = {
  /** The OpenAPI path template, e.g. "/companies/{orgNumber}/criterion"; what the log records. */
  route: string;
  /** The scope the key needs; "any" = any valid key; "public" = no key at all. */
  scope: ApiScope | "any" | "public";
  /** The methods the route answers (default GET); OPTIONS answers 204 with them in Allow. */
  allow?: readonly string[];
};

/** The Allow header of an endpoint: its methods, HEAD with GET, and OPTIONS. */
export function allowHeader(methods: readonly string[] = ["GET"]): string {
  const all = new Set<string>();
  for (const m of methods) {
    all.add(m);
    if (m === "GET") all.add("HEAD");
  }
  all.add("OPTIONS");
  return [...all].join(", ");
}

export type ApiContext = {
  request: Request;
  url: URL;
  client: AuthenticatedClient | null;
  language: Language;
};

export type LoadContextLike = { clientIp?: string } | undefined;

let limiters:
  { perClient: RateLimiter; authFailures: RateLimiter; publicPerIp: RateLimiter; limit: number } | undefined;

function getLimiters() {
  if (!limiters) {
    const limit = getEnv().API_RATE_LIMIT_PER_MINUTE;
    limiters = {
      limit,
      perClient: createRateLimiter({ keyPrefix: "api-client", points: limit, durationSeconds: 60 }),
      // Wrong keys from one address: slows down guessing without touching good clients.
      authFailures: createRateLimiter({ keyPrefix: "api-auth-failure", points: 30, durationSeconds: 60 }),
      publicPerIp: createRateLimiter({ keyPrefix: "api-public", points: 120, durationSeconds: 60 }),
    };
  }
  return limiters;
}

export { apiLanguage } from "./language";

export function apiJson(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(data), {
    status: init.status ?? 200,
    headers: { ...API_JSON_HEADERS, ...init.headers },
  });
}

async function errorResponse(error: ApiError, language: Language): Promise<Response> {
  const t: TFunction = await getFixedT(language ?? fallbackLanguage);
  const params: Record<string, string | number> = { ...error.params };
  if (error.code === "invalid_parameter")
    params.hint = t(`api:paramHints.${String(params.name)}`, { defaultValue: "" });
  if (error.code === "invalid_org_number")
    params.reason = t(`api:orgNumberReasons.${String(params.reason)}`, { defaultValue: String(params.reason) });
  const message = error.detail ?? t(`api:errors.${error.code}`, params);
  // The message is in `language`: say so (a client logging it, a cache keying on it).
  const headers: Record<string, string> = { ...error.headers, "Content-Language": language };
  if (error.status === 401)
    headers["WWW-Authenticate"] =
      `Bearer realm="KontaktAkademin API"${error.code === "missing_key" ? "" : `, error="invalid_token"`}`;
  return apiJson(apiErrorBody(error.code, message), { status: error.status, headers });
}

type RequestLogEntry = {
  apiClientId: string | null;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  createdAt?: Date;
};

// Written in batches (one INSERT per ≤ 100 ms or 200 calls, app/utils/write-batch.server.ts), not
// one INSERT per call; flushApiRequestLog() before reading it back in the same process.
const requestLog = createWriteBatch<RequestLogEntry>("api request log", async (rows) =>
  (await getDb()).apiRequestLog.createMany({ data: rows }),
);
export const flushApiRequestLog = () => requestLog.flush();

async function logRequest(entry: RequestLogEntry) {
  requestLog.add({ ...entry, createdAt: new Date() });
}

async function authorize(
  request: Request,
  endpoint: ApiEndpoint,
  clientIp: string,
): Promise<AuthenticatedClient | null> {
  const { perClient, authFailures, publicPerIp } = getLimiters();
  if (endpoint.scope === "public") {
    const limited = await publicPerIp.consume(clientIp);
    if (!limited.allowed)
      throw new ApiError(
        "rate_limited",
        { seconds: limited.retryAfterSeconds },
        { "Retry-After": String(limited.retryAfterSeconds) },
      );
    return null;
  }
  const auth = await authenticateApiKey(bearerToken(request.headers.get("authorization")));
  if (!auth.ok) {
    const limited = await authFailures.consume(clientIp);
    if (!limited.allowed)
      throw new ApiError(
        "rate_limited",
        { seconds: limited.retryAfterSeconds },
        { "Retry-After": String(limited.retryAfterSeconds) },
      );
    throw new ApiError(auth.reason);
  }
  const limited = await perClient.consume(auth.client.id);
  if (!limited.allowed) {
    throw new ApiError(
      "rate_limited",
      { seconds: limited.retryAfterSeconds },
      { "Retry-After": String(limited.retryAfterSeconds) },
    );
  }
  return auth.client;
}

function requireScope(client: AuthenticatedClient | null, endpoint: ApiEndpoint) {
  if (endpoint.scope === "public" || endpoint.scope === "any") return;
  if (!client?.scopes.includes(endpoint.scope)) throw new ApiError("insufficient_scope", { scope: endpoint.scope });
}

/**
 * Runs an API endpoint. `fn` returns a Response, or data to send as 200 JSON, or throws ApiError.
 * Never lets an exception escape: unexpected ones become a logged 500 internal_error.
 */
export async function runApi(
  request: Request,
  loadContext: LoadContextLike,
  endpoint: ApiEndpoint,
  fn: (ctx: ApiContext) => Promise<Response | object>,
): Promise<Response> {
  const started = performance.now();
  if (request.method === "OPTIONS") {
    // What the route allows, without authentication and without running the operation.
    return new Response(null, {
      status: 204,
      headers: { Allow: allowHeader(endpoint.allow), "Cache-Control": "no-store" },
    });
  }
  const language = apiLanguage(request);
  let client: AuthenticatedClient | null = null;
  let response: Response;
  try {
    const url = new URL(request.url);
    client = await authorize(request, endpoint, loadContext?.clientIp ?? "unknown");
    requireScope(client, endpoint);
    const result = await fn({ request, url, client, language });
    response = result instanceof Response ? result : apiJson(result);
  } catch (error) {
    if (error instanceof ApiError) {
      response = await errorResponse(error, language);
    } else {
      logger.error("api handler failed", { route: endpoint.route, err: error as Error });
      response = await errorResponse(new ApiError("internal_error"), language);
    }
  }
  await logRequest({
    apiClientId: client?.id ?? null,
    method: request.method,
    route: endpoint.route,
    status: response.status,
    durationMs: Math.round(performance.now() - started),
  });
  return response;
}

/** An action for API routes that only answer GET: 405 with Allow, logged like any call. */
export function methodNotAllowed(endpoint: Omit<ApiEndpoint, "scope">, allow: string[]) {
  return ({ request, context }: { request: Request; context?: LoadContextLike }) =>
    runApi(request, context, { ...endpoint, scope: "public", allow }, async () => {
      throw new ApiError(
        "method_not_allowed",
        { method: request.method, allow: allowHeader(allow) },
        { Allow: allowHeader(allow) },
      );
    });
}

// ---------------------------------------------------------------- input

/**
 * Parses the query string with a zod object schema: unknown or repeated parameters are refused,
 * so a typo never silently widens a result. Errors name the parameter.
 */
export function parseQuery<T extends z.ZodObject<z.ZodRawShape>>(url: URL, schema: T): z.infer<T> {
  const allowed = new Set(Object.keys(schema.shape));
  const raw: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (!allowed.has(name))
      throw new ApiError("unknown_parameter", { name: name.slice(0, 50), allowed: [...allowed].join(", ") || "—" });
    if (name in raw) throw new ApiError("invalid_parameter", { name });
    raw[name] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "");
    if (name === "cursor") throw new ApiError("invalid_cursor");
    throw new ApiError("invalid_parameter", { name });
  }
  return parsed.data;
}

export { MAX_BODY_BYTES };

/** Reads a JSON body (application/json, at most 16 KB) and parses it with zod. */
export async function parseJsonBody<T extends z.ZodTypeAny>(request: Request, schema: T): Promise<z.infer<T>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new ApiError("unsupported_media_type");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ApiError("payload_too_large", { bytes: MAX_BODY_BYTES });
  const buffer = await request.arrayBuffer();
  if (buffer.byteLength > MAX_BODY_BYTES) throw new ApiError("payload_too_large", { bytes: MAX_BODY_BYTES });
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(buffer));
  } catch {
    throw new ApiError("invalid_body", { reason: "JSON" });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError("invalid_body", { reason: issue ? `${issue.path.join(".") || "body"}` : "body" });
  }
  return parsed.data;
}

export type { ApiErrorCode };
