// The HTTP server: Express in front of Remix, built with the app (it is part of the server build,
// exported by entry.server.tsx), so the launcher (server/start.js) runs it with plain `node` and
// the server and the routes share one copy of every module (env, logger, request context).
// Adds request ids, JSON access logs, security headers with a per-request CSP nonce, body limits,
// the cross-site check, and shuts down gracefully on SIGTERM.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { resolve } from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { ViteDevServer } from "vite";
import { boot, shutdown } from "~/boot.server";
import { bodyLimit, declaredTooLarge } from "~/utils/body-limit.server";
import { edgeRefusalText, isCrossSiteStateChange } from "~/utils/edge-guards.server";
import { EnvError, getEnv } from "~/utils/env.server";
import { addVary, cacheControlFor, isIdentifiedRequest } from "~/utils/http-cache.server";
import { logger, requestContext } from "~/utils/logger.server";
import { chooseRequestId } from "~/utils/proxy.server";
import { precompressedStatic } from "./precompressed-static.server";
import { publicPageCache } from "./public-cache/middleware.server";
import { remixHandler } from "./remix-adapter.server";
import { publicFiles } from "./static-files.server";
import { DocumentHtml } from "~/utils/document-html";

export type StartOptions = {
  build: ServerBuild;
  /** Development: Vite's dev server (middleware, hot reload); the build is loaded per request. */
  viteDevServer?: ViteDevServer;
  loadBuild: () => Promise<ServerBuild>;
  /** Cluster worker number (1 = the one that runs background jobs), or undefined for one process. */
  worker?: number;
};

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export async function startHttpServer({ build, viteDevServer, loadBuild, worker }: StartOptions): Promise<Server> {
  let env: ReturnType<typeof getEnv>;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
  const isProduction = !viteDevServer;
  // KA_BUILD_DIR: where `npm run build` wrote the app (default build/); e2e runs use their own.
  const buildDir = resolve(process.env.KA_BUILD_DIR ?? "build");
  try {
    await boot();
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

  // Only a trusted proxy may name the request (TRUST_PROXY); anyone else gets a fresh id.
  const requestIdFor = (req: IncomingMessage) =>
    chooseRequestId(
      req.headers["x-request-id"]?.toString(),
      (app.get("trust proxy fn") as (address: string, hop: number) => boolean)(req.socket.remoteAddress ?? "", 0),
      randomUUID,
    );
  function logWhenFinished(req: IncomingMessage, res: ServerResponse, requestId: string, path: string) {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      if (path === "/healthz" || path.startsWith("/assets/")) return;
      requestContext.run({ requestId }, () =>
        logger.info("request", {
          method: req.method,
          path,
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - start) / 1_000_000n),
        }),
      );
    });
  }

  app.use((req, res, next) => {
    const requestId = requestIdFor(req);
    const nonce = randomBytes(16).toString("base64");
    res.locals.requestId = requestId;
    res.locals.cspNonce = nonce;
    res.setHeader("X-Request-Id", requestId);
    res.set(securityHeaders(nonce));
    logWhenFinished(req, res, requestId, req.path);
    requestContext.run({ requestId }, next);
  });

  // Anonymous public pages from memory, before compression and static files (ADR 028).
  const publicPages = isProduction
    ? publicPageCache({
        build,
        appOrigin: new URL(env.APP_URL).origin,
        securityHeaders,
        requestIdFor,
        logWhenFinished,
      })
    : undefined;
  if (publicPages) app.use(publicPages.serve);

  // A proxy in front compresses in production; COMPRESS_RESPONSES=true has Node do it too.
  if (env.COMPRESS_RESPONSES ?? !env.isProduction) app.use(compression());

  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
  } else {
    // The build's brotli/gzip copies for clients that accept them (ADR 028).
    app.use(precompressedStatic(resolve(buildDir, "client")));
    app.use("/assets", express.static(resolve(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    // The build holds public/'s files too: served on their listed paths only (static-files.server.ts).
    app.use(publicFiles(resolve(buildDir, "client")));
  }

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
    if (
      !isCrossSiteStateChange({
        method: req.method,
        path: req.path,
        origin: req.get("origin"),
        secFetchSite: req.get("sec-fetch-site"),
        allowedOrigins,
      })
    ) {
      // Checked here, against APP_URL too: Remix's own check compares Origin with Host only and
      // answers a mismatch behind a proxy with a 500.
      delete req.headers.origin;
      next();
      return;
    }
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send(edgeRefusalText("crossSite", { cookie: req.get("cookie"), acceptLanguage: req.get("accept-language") }));
  });

  if (publicPages) app.use(publicPages.sendRendered);

  app.all(
    "*",
    remixHandler({
      build: viteDevServer ? () => loadBuild() : build,
      mode: isProduction ? "production" : "development",
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        requestId: res.locals.requestId as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        // Single fetch asks for data at <path>.data; everything else renders a document.
        documentHtml: new DocumentHtml(!req.path.endsWith(".data")),
      }),
    }),
  );

  // In production the public page cache's front door sees each request first (ADR 028).
  const server: Server = createServer(publicPages ? publicPages.frontDoor(app) : app).listen(env.PORT, env.HOST, () => {
    logger.info("listening", {
      url: env.APP_URL,
      port: env.PORT,
      engine: env.databaseEngine,
      mode: isProduction ? "production" : "development",
      // The embedded database belongs to one process: say so, since WEB_CONCURRENCY is then ignored.
      processes:
        worker === undefined ? (env.databaseEngine === "embedded" ? "one (embedded database)" : "one") : undefined,
      worker,
      pid: process.pid,
      jobs: env.JOBS_ENABLED,
    });
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
    await shutdown();
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
  return server;
}
