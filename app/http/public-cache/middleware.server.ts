// The public page cache in the HTTP server (ADR 028), in three places:
// - `frontDoor` sees every request before Express: a page in memory (or a 304) is written right
//   there with the request id, the security headers and the access log line the app's own first
//   middleware would have added. Express costs several times what writing the bytes does, so this
//   is what makes a cached page cost about what node:http costs to send it.
// - `serve` runs in Express after the request id and security headers, before compression,
//   static files and Remix: it renders a page that is not in memory (and keeps it).
// - `sendRendered` sits just before Remix and sends a page the cache rendered for this request but
//   could not keep (a 404, a rate-limited lookup), so nothing is rendered twice.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { Express, RequestHandler } from "express";
import { getLanguage, languageCookie } from "~/i18n/i18n.server";
import { getAuthSecret } from "~/modules/auth/auth-secret.server";
import { resolveTimeZone } from "~/utils/date-time";
import { openDatabase } from "~/utils/db.server";
import { isIdentifiedRequest } from "~/utils/http-cache.server";
import { readTimeZoneCookie, timeZoneCookieName } from "~/utils/time-zone-cookie";
import { ContentVersionClock, VERSIONS_SQL, type VersionRow } from "./content-versions.server";
import {
  type CacheAnswer,
  type CacheRequest,
  type PageAnswer,
  PublicPageCache,
  type Reader,
} from "./page-cache.server";
import { publicPageFor } from "./public-pages";

/** The `lng=…` part of a Cookie header, as sent (what language resolution reads from cookies). */
function languageCookiePart(cookie: string | undefined): string {
  for (const part of cookie?.split(";") ?? []) {
    const trimmed = part.trim();
    if (trimmed.startsWith("lng=")) return trimmed;
  }
  return "";
}

/**
 * The reader as the app resolves them (root loader: saved choice, `lng` cookie, Accept-Language,
 * Swedish; the `tz` cookie or the language's zone), memoised by the two header parts it reads.
 */
export function readerResolver(appOrigin: string) {
  const languages = new Map<string, Promise<string>>();
  const cookieFor = new Map<string, Promise<string>>();
  return async (cookie: string | undefined, acceptLanguage: string | undefined): Promise<Reader> => {
    const lngPart = languageCookiePart(cookie);
    const memoKey = `${lngPart}|${acceptLanguage ?? ""}`;
    let language = languages.get(memoKey);
    if (!language) {
      if (languages.size >= 2000) languages.clear();
      const headers = new Headers();
      if (lngPart) headers.set("Cookie", lngPart);
      if (acceptLanguage) headers.set("Accept-Language", acceptLanguage);
      language = getLanguage(new Request(appOrigin, { headers }));
      languages.set(memoKey, language);
    }
    const lng = (await language) as Parameters<typeof resolveTimeZone>[0];
    const timeZone = resolveTimeZone(lng, readTimeZoneCookie(cookie));
    let lngCookie = cookieFor.get(lng);
    if (!lngCookie) {
      lngCookie = languageCookie.serialize(lng).then((header) => header.split(";")[0]!);
      cookieFor.set(lng, lngCookie);
    }
    return {
      language: lng,
      timeZone,
      cookie: `${await lngCookie}; ${timeZoneCookieName}=${encodeURIComponent(timeZone)}`,
    };
  };
}

function cacheRequest(req: IncomingMessage, identified: boolean, clientIp: string): CacheRequest {
  return {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    identified,
    cookie: req.headers.cookie,
    acceptLanguage: req.headers["accept-language"],
    accept: req.headers.accept,
    acceptEncoding: req.headers["accept-encoding"],
    ifNoneMatch: req.headers["if-none-match"],
    clientIp,
  };
}

export function publicPageCache({
  build,
  appOrigin,
  securityHeaders,
  requestIdFor,
  logWhenFinished,
}: {
  build: ServerBuild;
  appOrigin: string;
  /** The security headers of a page whose scripts carry this nonce (the app's first middleware's). */
  securityHeaders: (nonce: string) => Record<string, string>;
  /** The request's id as the app's first middleware chooses it. */
  requestIdFor: (req: IncomingMessage) => string;
  /** Writes the access log line when the response is finished, as the app's first middleware does. */
  logWhenFinished: (req: IncomingMessage, res: ServerResponse, requestId: string, path: string) => void;
}) {
  const handler = createRequestHandler(build, "production");
  const cache = new PublicPageCache({
    render: (request, context) => handler(request, context),
    appOrigin,
    versions: new ContentVersionClock(async () => (await openDatabase()).rawQuery<VersionRow>(VERSIONS_SQL)),
    resolveReader: readerResolver(appOrigin),
    secret: getAuthSecret(),
  });
  const csp = (nonce: string) => securityHeaders(nonce)["Content-Security-Policy"]!;

  // Everything written with a cached answer but the request id, flattened once per answer kind.
  const written = new WeakMap<object, string[]>();
  // Pages without scripts (the status list's JSON) still get a policy; its nonce allows nothing.
  const noScripts = randomBytes(16).toString("base64");
  function flatHeaders(answer: PageAnswer): string[] {
    let flat = written.get(answer.headers);
    if (!flat) {
      flat = [];
      const security = securityHeaders(answer.nonce ?? noScripts);
      for (const [name, value] of Object.entries(security)) flat.push(name, value);
      for (const [name, value] of answer.headers) flat.push(name, value);
      flat.push("X-Page-Cache", "hit");
      written.set(answer.headers, flat);
    }
    return flat;
  }

  function writeFromMemory(req: IncomingMessage, res: ServerResponse, answer: PageAnswer) {
    const requestId = requestIdFor(req);
    logWhenFinished(req, res, requestId, req.url ?? "/");
    res.writeHead(answer.status, flatHeaders(answer).concat("X-Request-Id", requestId));
    res.end(answer.body ?? undefined);
  }

  function frontDoor(app: Express): RequestListener {
    return (req, res) => {
      // Only the cheap checks here; anything the cache cannot answer from memory goes to Express.
      if (req.method !== "GET" && req.method !== "HEAD") return app(req, res);
      const identified = isIdentifiedRequest({ cookie: req.headers.cookie, authorization: req.headers.authorization });
      if (!publicPageFor({ method: req.method, url: req.url ?? "", identified })) return app(req, res);
      // The client address matters only to a render, which happens in Express.
      const request = cacheRequest(req, identified, "");
      const now = cache.lookupNow(request);
      if (now === null) return app(req, res);
      if (now !== "async") return writeFromMemory(req, res, now);
      cache.lookup(request).then(
        (answer) => (answer ? writeFromMemory(req, res, answer) : app(req, res)),
        // The database versions could not be read: the app answers (and says what failed).
        () => app(req, res),
      );
    };
  }

  const serve: RequestHandler = (req, res, next) => {
    const identified = isIdentifiedRequest({ cookie: req.headers.cookie, authorization: req.headers.authorization });
    if (!publicPageFor({ method: req.method, url: req.url, identified })) {
      next();
      return;
    }
    cache
      .answer(cacheRequest(req, identified, req.ip ?? req.socket.remoteAddress ?? "unknown"))
      .then((answer) => {
        if (answer.kind === "pass") return next();
        if (answer.kind === "rendered") {
          res.locals.publicPageRendered = answer;
          return next();
        }
        res.statusCode = answer.status;
        for (const [name, value] of answer.headers) res.setHeader(name, value);
        if (answer.nonce) res.setHeader("Content-Security-Policy", csp(answer.nonce));
        res.setHeader("X-Page-Cache", answer.source);
        res.end(answer.body ?? undefined);
      })
      .catch(next);
  };

  const sendRendered: RequestHandler = (_req, res, next) => {
    const rendered = res.locals.publicPageRendered as Extract<CacheAnswer, { kind: "rendered" }> | undefined;
    if (!rendered) {
      next();
      return;
    }
    res.status(rendered.status);
    for (const [name, value] of rendered.headers) res.append(name, value);
    if (rendered.nonce) res.setHeader("Content-Security-Policy", csp(rendered.nonce));
    res.setHeader("X-Page-Cache", "miss");
    res.end(rendered.body);
  };

  return { cache, frontDoor, serve, sendRendered };
}
