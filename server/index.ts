// The HTTP server: Express in front of Remix. Parses env first (fails fast with one line),
// boots the app (database, migrations, jobs), adds request ids, JSON access logs, security
// headers with a per-request CSP nonce, and shuts down gracefully on SIGTERM.
import { randomBytes, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { EnvError, getEnv } from "../app/utils/env.server";
import { logger, requestContext } from "../app/utils/logger.server";
import { edgeRefusalText, isCrossSiteStateChange } from "../app/utils/edge-guards.server";
import { addVary, cacheControlFor, isIdentifiedRequest } from "../app/utils/http-cache.server";
import { chooseRequestId } from "../app/utils/proxy.server";
import { bodyLimit, declaredTooLarge } from "../app/utils/body-limit.server";
import { remixHandler } from "./remix-adapter";

type AppEntry = { boot: () => Promise<void>; shutdown: () => Promise<void> };

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let env: ReturnType<typeof getEnv>;
try {
  env = getEnv();
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
}

const isProduction = env.isProduction || process.env.KA_SERVE_BUILD === "1";
// KA_BUILD_DIR: where `npm run build` wrote the app (default build/); e2e runs use their own.
const buildDir = resolve(process.env.KA_BUILD_DIR ?? "build");

const viteDevServer = isProduction
  ? undefined
  : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true }, appType: "custom" }));

async function loadBuild(): Promise<ServerBuild> {
  if (viteDevServer) return (await viteDevServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild;
  return (await import(pathToFileURL(resolve(buildDir, "server/index.js")).href)) as ServerBuild;
}

const build = await loadBuild().catch((error: Error) => fail(`Cannot load the app build: ${error.message}. Run \`npm run build\` first.`));
const entry = build.entry.module as unknown as AppEntry;
try {
  await entry.boot();
} catch (error) {
  const err = error as Error;
  fail(err.name === "BootError" || err.name === "EnvError" ? err.message : `Start-up failed: ${err.message}`);
}

function securityHeaders(nonce: string): Record<string, string> {
  const devSources = viteDevServer ? " ws: 'unsafe-inline'" : "";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${viteDevServer ? " 'unsafe-inline'" : ""}`,
    `style-src 'self'${viteDevServer ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${devSources}`,
    "form-action 'self' https://login.microsoftonline.com",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
  if (env.isProduction) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", env.TRUST_PROXY);

app.use((req, res, next) => {
  // Only a trusted proxy may name the request (TRUST_PROXY); anyone else gets a fresh id.
  const fromTrustedProxy = (app.get("trust proxy fn") as (address: string, hop: number) => boolean)(req.socket.remoteAddress ?? "", 0);
  const requestId = chooseRequestId(req.get("x-request-id"), fromTrustedProxy, randomUUID);
  const nonce = randomBytes(16).toString("base64");
  res.locals.requestId = requestId;
  res.locals.cspNonce = nonce;
  res.setHeader("X-Request-Id", requestId);
  res.set(securityHeaders(nonce));
  const start = process.hrtime.bigint();
  res.on("finish", () => {
    if (req.path === "/healthz" || req.path.startsWith("/assets/")) return;
    requestContext.run({ requestId }, () =>
      logger.info("request", {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - start) / 1_000_000n),
      }),
    );
  });
  requestContext.run({ requestId }, next);
});

app.use(compression());

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use("/assets", express.static(resolve(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(resolve(buildDir, "client"), { maxAge: "1h" }));
}
app.use(express.static("public", { maxAge: "1h" }));

// Who may keep a copy: one policy for every response Remix renders (app/utils/http-cache.server.ts).
app.use((req, res, next) => {
  const identified = isIdentifiedRequest({ cookie: req.headers.cookie, authorization: req.headers.authorization });
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadWithCachePolicy(this: typeof res, ...args: unknown[]) {
    const cacheControl = cacheControlFor({
      identified,
      setsCookie: res.hasHeader("set-cookie"),
      routeCacheControl: res.getHeader("cache-control")?.toString(),
    });
    res.setHeader("Cache-Control", cacheControl);
    res.setHeader("Vary", addVary(res.getHeader("vary")?.toString(), "Cookie"));
    return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
  } as typeof res.writeHead;
  next();
});

// Request bodies are read here, within their route class's limit (API 16 KB, upload forms what
// their files need, other forms 64 KB), and handed to Remix from memory; anything larger gets a
// 413 the moment it passes the limit, and the connection is closed (app/utils/body-limit.server.ts).
app.use(bodyLimit);

// A state-changing request another site made the browser send gets a 403 here, before any route
// (Remix's own check covers only route actions, and answers 500).
const appOrigin = new URL(env.APP_URL).origin;
app.use((req, res, next) => {
  const host = req.get("host");
  const allowedOrigins = host ? [appOrigin, `http://${host}`, `https://${host}`] : [appOrigin];
  if (!isCrossSiteStateChange({ method: req.method, path: req.path, origin: req.get("origin"), secFetchSite: req.get("sec-fetch-site"), allowedOrigins })) {
    // Checked here, against APP_URL too: Remix's own check compares Origin with Host only and
    // answers a mismatch behind a proxy with a 500.
    delete req.headers.origin;
    next();
    return;
  }
  res.status(403).type("text/plain; charset=utf-8").send(edgeRefusalText("crossSite", { cookie: req.get("cookie"), acceptLanguage: req.get("accept-language") }));
});

app.all(
  "*",
  remixHandler({
    build: viteDevServer ? () => loadBuild() : build,
    mode: isProduction ? "production" : "development",
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      requestId: res.locals.requestId as string,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    }),
  }),
);

const server: Server = app.listen(env.PORT, env.HOST, () => {
  logger.info("listening", { url: env.APP_URL, port: env.PORT, engine: env.databaseEngine, mode: isProduction ? "production" : "development" });
});
// "Expect: 100-continue" (curl sends it for large bodies): a body declared over its limit gets
// the 413 without the client ever being asked to send it.
server.on("checkContinue", (req, res) => {
  if (!declaredTooLarge(req)) res.writeContinue();
  server.emit("request", req, res);
});

let shuttingDown = false;
async function shutdownGracefully(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info("shutting down", { signal });
  const force = setTimeout(() => {
    logger.warn("forced exit after 10 s");
    process.exit(1);
  }, 10_000);
  force.unref();
  server.close();
  server.closeIdleConnections();
  await viteDevServer?.close();
  await entry.shutdown();
  logger.info("stopped");
  process.exit(0);
}
// Vite's dev server installs its own SIGTERM handler that exits at once; ours must own shutdown.
for (const listener of process.listeners("SIGTERM")) {
  if (listener.name === "parentSigtermCallback") process.off("SIGTERM", listener);
}
for (const listener of process.stdin.listeners("end")) {
  if (listener.name === "parentSigtermCallback") process.stdin.off("end", listener as () => void);
}
process.on("SIGTERM", () => void shutdownGracefully("SIGTERM"));
process.on("SIGINT", () => void shutdownGracefully("SIGINT"));
