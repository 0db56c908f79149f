// The public page cache (ADR 028): anonymous home, catalogue, course pages, /verify/:number and
// the status lists, rendered once and then served from memory as bytes (identity, gzip, brotli)
// without running React or the loaders.
//
// - Key: path + what the page varies by (the reader's language and time zone as the app resolves
//   them, or the Accept header's choice between JSON-LD and JSON). The render sees only what is
//   in the key (a request rebuilt from it, with no other cookies), so one entry is right for
//   every request with that key.
// - Freshness: each entry holds the versions of the database content it depends on, read before
//   it was rendered; a request reads them again (ContentVersionClock: one query shared by every
//   request waiting, started after they arrived) and re-renders when any moved. A page whose
//   content changes with time alone (a certificate's expiry) says until when it holds.
// - Validator: a strong ETag, the hash of the bytes sent. The CSP nonce is part of those bytes,
//   so it is derived from the page's content (HMAC with the app's secret over the rendered page):
//   the same content gives the same bytes and ETag in every process, and other content a new
//   nonce, so a nonce read from one page is of no use in a page whose content is different.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants as zlibConstants, gzip } from "node:zlib";
import type { AppLoadContext } from "@remix-run/node";
import { addVary, cacheControlFor } from "~/utils/http-cache.server";
import {
  type ContentScope,
  type ContentVersionClock,
  type ContentVersions,
  covers,
  versionsOf,
} from "./content-versions.server";
import { publicPageFor, type PublicPage } from "./public-pages";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** What the cache needs to know about a request. */
export type CacheRequest = {
  method: string;
  /** Path and query, as received. */
  url: string;
  /** A session cookie or credentials came with the request. */
  identified: boolean;
  cookie: string | undefined;
  acceptLanguage: string | undefined;
  accept: string | undefined;
  acceptEncoding: string | undefined;
  ifNoneMatch: string | undefined;
  clientIp: string;
};

export type Encoding = "br" | "gzip" | "identity";

/** From the cache: 200 with the body in the chosen encoding, or 304. */
export type PageAnswer = {
  kind: "page";
  status: 200 | 304;
  /** The page's own headers (the same array for every answer of this kind: do not change it). */
  headers: ReadonlyArray<readonly [string, string]>;
  body: Buffer | null;
  /** The nonce in the page's scripts, for the Content-Security-Policy header. */
  nonce: string | null;
  source: "hit" | "miss";
};

export type CacheAnswer =
  /** Not for the cache (or not cacheable just now): the app answers as usual. */
  | { kind: "pass" }
  | PageAnswer
  /** Rendered for this request but not cacheable (an error page, a 404): sent once, not kept. */
  | { kind: "rendered"; status: number; headers: Array<[string, string]>; body: Buffer; nonce: string | null };

/** How the app resolves a reader: language and time zone, and a Cookie header that says exactly them. */
export type Reader = { language: string; timeZone: string; cookie: string };

export type PageCacheOptions = {
  /** Renders a request the way the app does (Remix's request handler). */
  render: (request: Request, context: AppLoadContext) => Promise<Response>;
  /** The app's own origin (APP_URL): renders never see the Host a client sent, so no client can put its host into a shared page. */
  appOrigin: string;
  versions: ContentVersionClock;
  resolveReader: (cookie: string | undefined, acceptLanguage: string | undefined) => Promise<Reader>;
  /** Key for the CSP nonce's HMAC; the same in every process (AUTH_SECRET). */
  secret: string;
  /** Upper bound of the bytes kept (all encodings); least recently used pages go first. */
  maxBytes?: number;
  now?: () => number;
};

type Entry = {
  key: string;
  page: PublicPage;
  /** Versions of the page's scopes read before it was rendered. */
  versions: number[];
  freshUntil: number;
  etag: string;
  nonce: string | null;
  bodies: Record<Encoding, Buffer>;
  /** The headers of each answer, built once. */
  responses: Record<Encoding | "notModified", ReadonlyArray<readonly [string, string]>>;
  size: number;
};

/** One page to render: the cache key, the versions it was read at, and what the key holds. */
type RenderJob = {
  key: string;
  versions: number[];
  page: PublicPage;
  path: string;
  request: CacheRequest;
  reader: Reader | null;
  wantsJsonLd: boolean;
};

type Rendered =
  | { entry: Entry }
  | { uncacheable: { status: number; headers: Array<[string, string]>; body: Buffer; nonce: string | null } };

/** Headers of the rendered response that are about the connection or the encoding, not the page. */
const NOT_STORED = new Set([
  "set-cookie",
  "date",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "etag",
]);
/** Below this, compression costs more than it saves. */
const COMPRESS_MIN_BYTES = 1024;

export class PublicPageCache {
  readonly #options: PageCacheOptions;
  readonly #maxBytes: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #rendering = new Map<string, Promise<Rendered>>();
  /** Readers resolved before, by Cookie and Accept-Language header. */
  readonly #readers = new Map<string, Reader>();
  #bytes = 0;
  /** Counters for tests and the bench. */
  readonly stats = { hits: 0, notModified: 0, renders: 0, uncacheable: 0, stale: 0 };

  constructor(options: PageCacheOptions) {
    this.#options = options;
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.#now = options.now ?? Date.now;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.#entries.size, bytes: this.#bytes };
  }

  /**
   * The answer from memory, synchronously when that is possible: `null` when the page must be
   * rendered (or the request is not for the cache), "async" when it needs the database versions or
   * a reader not resolved before (then `lookup`). The HTTP server's front door uses this before
   * Express sees the request.
   */
  lookupNow(request: CacheRequest): PageAnswer | null | "async" {
    const match = publicPageFor(request);
    if (!match) return null;
    const key = this.#keyNow(match.page, match.path, request);
    if (key === undefined || match.page.scopes.length) return "async";
    return this.#fromMemory(key, [], request);
  }

  /** The answer from memory, or null when the page must be rendered (or the request is not for the cache). */
  lookup(request: CacheRequest): Promise<PageAnswer | null> {
    const match = publicPageFor(request);
    if (!match) return Promise.resolve(null);
    const { page, path } = match;
    const key = this.#keyNow(page, path, request);
    if (key === undefined)
      return this.#key(page, path, request).then(async (k) =>
        this.#fromMemory(k.key, await this.#versions(page), request),
      );
    if (!page.scopes.length) return Promise.resolve(this.#fromMemory(key, [], request));
    // The common case under load: one step after the shared version query.
    return this.#options.versions.read().then((v) => this.#fromMemory(key, this.#versionsOf(v, page.scopes), request));
  }

  /** The answer from memory, else rendered now (and kept when it may be). */
  async answer(request: CacheRequest): Promise<CacheAnswer> {
    const match = publicPageFor(request);
    if (!match) return { kind: "pass" };
    const { page, path } = match;
    const { key, reader } = await this.#key(page, path, request);
    // Read the versions first: a page rendered after this read shows at least this content.
    const versions = await this.#versions(page);
    const fromMemory = this.#fromMemory(key, versions, request);
    if (fromMemory) return fromMemory;
    const initiated = !this.#rendering.has(`${key}\n${versions.join(",")}`);
    const wantsJsonLd = reader === null && (request.accept ?? "").includes("application/ld+json");
    const rendered = await this.#renderOnce({ key, versions, page, path, request, reader, wantsJsonLd });
    if ("uncacheable" in rendered) {
      // Only the request that asked for the render gets an answer meant for someone else's
      // request parameters (rate limit, client address); the others go to the app themselves.
      return initiated ? { kind: "rendered", ...rendered.uncacheable } : { kind: "pass" };
    }
    return this.#respond(rendered.entry, request, "miss");
  }

  #versions(page: PublicPage): Promise<number[]> | number[] {
    return page.scopes.length ? this.#options.versions.read().then((v) => this.#versionsOf(v, page.scopes)) : [];
  }

  /** versionsOf, once per query result and page kind (every request of a batch shares both). */
  readonly #versionLists = new WeakMap<ContentVersions, Map<readonly ContentScope[], number[]>>();
  #versionsOf(versions: ContentVersions, scopes: readonly ContentScope[]): number[] {
    let lists = this.#versionLists.get(versions);
    if (!lists) this.#versionLists.set(versions, (lists = new Map()));
    let list = lists.get(scopes);
    if (!list) lists.set(scopes, (list = versionsOf(versions, scopes)));
    return list;
  }

  /** The reader for these two headers if resolved before (the memo is bounded). */
  #knownReader(request: CacheRequest): Reader | undefined {
    return this.#readers.get(`${request.cookie ?? ""}\n${request.acceptLanguage ?? ""}`);
  }

  #keyNow(page: PublicPage, path: string, request: CacheRequest): string | undefined {
    if (page.varies === "accept")
      return `${path}\n${(request.accept ?? "").includes("application/ld+json") ? "ld" : "json"}`;
    const reader = this.#knownReader(request);
    return reader && `${path}\n${reader.language}\n${reader.timeZone}`;
  }

  async #key(page: PublicPage, path: string, request: CacheRequest): Promise<{ key: string; reader: Reader | null }> {
    if (page.varies === "accept") return { key: this.#keyNow(page, path, request)!, reader: null };
    let reader = this.#knownReader(request);
    if (!reader) {
      reader = await this.#options.resolveReader(request.cookie, request.acceptLanguage);
      if (this.#readers.size >= 5000) this.#readers.clear();
      this.#readers.set(`${request.cookie ?? ""}\n${request.acceptLanguage ?? ""}`, reader);
    }
    return { key: `${path}\n${reader.language}\n${reader.timeZone}`, reader };
  }

  #fromMemory(key: string, versions: readonly number[], request: CacheRequest): PageAnswer | null {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (!covers(entry.versions, versions) || this.#now() >= entry.freshUntil) {
      this.stats.stale++;
      this.#forget(entry);
      return null;
    }
    // Most recently used last, so eviction takes the oldest.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return this.#respond(entry, request, "hit");
  }

  #respond(entry: Entry, request: CacheRequest, source: "hit" | "miss"): PageAnswer {
    if (request.ifNoneMatch && etagMatches(request.ifNoneMatch, entry.etag)) {
      this.stats.notModified++;
      return {
        kind: "page",
        status: 304,
        headers: entry.responses.notModified,
        body: null,
        nonce: entry.nonce,
        source,
      };
    }
    if (source === "hit") this.stats.hits++;
    // Small pages are kept only as they are (all three bodies are the same buffer).
    const encoding = entry.bodies.br === entry.bodies.identity ? "identity" : chooseEncoding(request.acceptEncoding);
    return {
      kind: "page",
      status: 200,
      headers: entry.responses[encoding],
      body: request.method === "HEAD" ? null : entry.bodies[encoding],
      nonce: entry.nonce,
      source,
    };
  }

  /** Drops every entry (tests; a process that wants to start cold). */
  clear() {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /** Concurrent misses of one page at one set of versions share one render. */
  #renderOnce(job: RenderJob): Promise<Rendered> {
    const flightKey = `${job.key}\n${job.versions.join(",")}`;
    let flight = this.#rendering.get(flightKey);
    if (!flight) {
      flight = this.#render(job).finally(() => this.#rendering.delete(flightKey));
      this.#rendering.set(flightKey, flight);
    }
    return flight;
  }

  async #render({ key, versions, page, path, request, reader, wantsJsonLd }: RenderJob): Promise<Rendered> {
    this.stats.renders++;
    // The request is rebuilt from the key alone: nothing else the client sent can reach the page.
    const headers = new Headers();
    if (reader) {
      headers.set("Cookie", reader.cookie);
      headers.set("Accept", "text/html");
    } else headers.set("Accept", wantsJsonLd ? "application/ld+json" : "application/json");
    const placeholder = `kaNonce${randomBytes(12).toString("hex")}`;
    let freshUntil = Number.POSITIVE_INFINITY;
    const context: AppLoadContext = {
      cspNonce: placeholder,
      // The request id stays in the log lines (request context) but not in bytes shared by many.
      requestId: "",
      clientIp: request.clientIp,
      publicPage: {
        freshUntil: (moment) => {
          freshUntil = Math.min(freshUntil, moment.getTime());
        },
      },
    };
    const response = await this.#options.render(new Request(`${this.#options.appOrigin}${path}`, { headers }), context);
    const raw = Buffer.from(await response.arrayBuffer());
    const routeCacheControl = response.headers.get("Cache-Control") ?? undefined;
    const setsCookie = response.headers.has("Set-Cookie");
    const stored: Array<[string, string]> = [];
    for (const [name, value] of response.headers) if (!NOT_STORED.has(name)) stored.push([name, value]);
    const cacheable =
      response.status === 200 &&
      !setsCookie &&
      !/(^|,)\s*no-store\s*(,|$)/i.test(routeCacheControl ?? "") &&
      this.#now() < freshUntil;
    const isHtml = /^text\/html/i.test(response.headers.get("Content-Type") ?? "");
    // The placeholder is replaced by the nonce derived from the content (the page with the
    // placeholder blanked out), so the bytes depend on the content and nothing else.
    let nonce: string | null = null;
    let body = raw;
    const text = isHtml ? raw.toString("utf8") : null;
    if (text !== null && text.includes(placeholder)) {
      const content = text.replaceAll(placeholder, "");
      nonce = createHmac("sha256", this.#options.secret)
        .update("csp-nonce\n")
        .update(content)
        .digest("base64")
        .slice(0, 24);
      body = Buffer.from(text.replaceAll(placeholder, nonce), "utf8");
    }
    const cacheControl = cacheControlFor({ identified: false, setsCookie, routeCacheControl });
    const vary = [
      "Cookie",
      ...(page.varies === "reader" ? ["Accept-Language"] : ["Accept"]),
      ...(body.length >= COMPRESS_MIN_BYTES ? ["Accept-Encoding"] : []),
    ].reduce<string>((current, token) => addVary(current, token), response.headers.get("Vary") ?? "");
    const headersOut = stored.filter(([name]) => name !== "cache-control" && name !== "vary");
    headersOut.push(["Cache-Control", cacheControl], ["Vary", vary]);

    if (!cacheable) {
      this.stats.uncacheable++;
      const uncacheableHeaders = [...headersOut];
      if (setsCookie)
        for (const cookie of response.headers.getSetCookie()) uncacheableHeaders.push(["Set-Cookie", cookie]);
      return { uncacheable: { status: response.status, headers: uncacheableHeaders, body, nonce } };
    }

    const [gzipped, brotli] =
      body.length >= COMPRESS_MIN_BYTES
        ? await Promise.all([
            gzipAsync(body, { level: 9 }),
            brotliAsync(body, {
              params: {
                [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
                [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
                [zlibConstants.BROTLI_PARAM_MODE]: isHtml
                  ? zlibConstants.BROTLI_MODE_TEXT
                  : zlibConstants.BROTLI_MODE_GENERIC,
              },
            }),
          ])
        : [body, body];
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
    const common: Array<[string, string]> = [...headersOut, ["ETag", etag]];
    const withBody = (encoded: Buffer, encoding: Encoding): Array<[string, string]> => [
      ...common,
      ["Content-Length", String(encoded.length)],
      ...(encoding === "identity" ? [] : [["Content-Encoding", encoding] as [string, string]]),
    ];
    const entry: Entry = {
      key,
      page,
      versions,
      freshUntil,
      etag,
      nonce,
      bodies: { identity: body, gzip: gzipped, br: brotli },
      responses: {
        identity: withBody(body, "identity"),
        gzip: withBody(gzipped, "gzip"),
        br: withBody(brotli, "br"),
        notModified: common,
      },
      size: body.length + (gzipped === body ? 0 : gzipped.length) + (brotli === body ? 0 : brotli.length),
    };
    this.#store(entry);
    return { entry };
  }

  #store(entry: Entry) {
    const previous = this.#entries.get(entry.key);
    // A render that started from older versions never replaces a newer page.
    if (previous && covers(previous.versions, entry.versions) && !covers(entry.versions, previous.versions)) return;
    if (previous) this.#forget(previous);
    if (entry.size > this.#maxBytes / 4) return;
    this.#entries.set(entry.key, entry);
    this.#bytes += entry.size;
    for (const oldest of this.#entries.values()) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#forget(oldest);
    }
  }

  #forget(entry: Entry) {
    if (this.#entries.get(entry.key) !== entry) return;
    this.#entries.delete(entry.key);
    this.#bytes -= entry.size;
  }
}

/** If-None-Match against our ETag (weak comparison, as RFC 9110 asks for this header). */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const ours = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === ours;
  });
}

/** The best encoding the client accepts (Accept-Encoding with q-values): brotli, then gzip, then none. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return "identity";
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => accepted.get(name) ?? (accepted.has("*") ? accepted.get("*")! : 0);
  if (weight("br") > 0) return "br";
  if (weight("gzip") > 0) return "gzip";
  return "identity";
}
