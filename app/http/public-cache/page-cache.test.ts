// The public page cache's rules without a database: which requests it answers, the read barrier
// of the version clock, ETag and encoding negotiation, and what is never kept (a Set-Cookie, a
// no-store, an error), with a render function standing in for Remix.
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { ContentVersionClock, covers, type VersionRow } from "./content-versions.server";
import { chooseEncoding, etagMatches, PublicPageCache, type CacheRequest } from "./page-cache.server";
import { publicPageFor } from "./public-pages";

function request(overrides: Partial<CacheRequest> = {}): CacheRequest {
  return {
    method: "GET",
    url: "/",
    identified: false,
    cookie: undefined,
    acceptLanguage: "sv",
    accept: "text/html",
    acceptEncoding: "br, gzip",
    ifNoneMatch: undefined,
    clientIp: "127.0.0.1",
    ...overrides,
  };
}

type Render = (request: Request, context: AppLoadContext) => Promise<Response>;

function page(body: (context: AppLoadContext) => string, init: ResponseInit = {}): Render {
  return async (_request, context) =>
    new Response(body(context), { ...init, headers: { "Content-Type": "text/html; charset=utf-8", ...init.headers } });
}

function cacheWith(
  render: Render,
  versions = new ContentVersionClock(async () => [{ scope: "certificates", version: "1" }]),
) {
  return new PublicPageCache({
    render,
    versions,
    appOrigin: "http://app.test",
    secret: "test-secret-test-secret-test-secret-00",
    resolveReader: async (_cookie, acceptLanguage) => {
      const language = acceptLanguage?.startsWith("en") ? "en" : "sv";
      return { language, timeZone: "Europe/Stockholm", cookie: `lng=${language}` };
    },
  });
}

const html = (context: AppLoadContext, text = "hello") =>
  `<!DOCTYPE html><html><body><p>${text}</p>${"<i>padding</i>".repeat(100)}<script nonce="${context.cspNonce}">1</script></body></html>`;

describe("publicPageFor", () => {
  it("answers anonymous GET and HEAD of the public pages without a query string", () => {
    for (const url of [
      "/",
      "/courses",
      "/courses/etik-for-saljare-och-kundtjanst",
      "/verify/KA-7K3M-9QXD-A",
      "/credentials/status/1",
    ])
      expect(publicPageFor({ method: "GET", url, identified: false }), url).not.toBeNull();
    expect(publicPageFor({ method: "HEAD", url: "/", identified: false })).not.toBeNull();
  });

  it("leaves everything else to the app", () => {
    expect(publicPageFor({ method: "GET", url: "/", identified: true })).toBeNull();
    expect(publicPageFor({ method: "POST", url: "/", identified: false })).toBeNull();
    for (const url of [
      "/?lng=en",
      "/courses?audience=manager",
      "/courses.data",
      "/verify/ka-7k3m-9qxd-a",
      "/learning",
      "/courses/x/lessons/y",
    ])
      expect(publicPageFor({ method: "GET", url, identified: false }), url).toBeNull();
  });
});

describe("ContentVersionClock", () => {
  it("gives a caller who arrives while a query runs the result of a later query", async () => {
    const releases: Array<(rows: VersionRow[]) => void> = [];
    const clock = new ContentVersionClock(() => new Promise((resolve) => releases.push(resolve)));
    // A few turns of the event loop.
    const turn = async () => {
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    // Callers of one turn of the event loop share a query that starts after all of them.
    const first = [clock.read(), clock.read()];
    await turn();
    expect(releases).toHaveLength(1);
    // These arrive while it runs: they may not have its answer.
    const second = [clock.read(), clock.read()];
    await turn();
    expect(releases).toHaveLength(1);
    releases[0]!([{ scope: "certificates", version: "1" }]);
    for (const read of first) expect((await read).get("certificates")).toBe("1");
    await turn();
    expect(releases).toHaveLength(2);
    releases[1]!([{ scope: "certificates", version: "2" }]);
    for (const read of second) expect((await read).get("certificates")).toBe("2");
    expect(clock.queries).toBe(2);
  });

  it("recovers after a failed query", async () => {
    let fail = true;
    const clock = new ContentVersionClock(async () => {
      if (fail) throw new Error("connection lost");
      return [{ scope: "prices", version: "7" }];
    });
    await expect(clock.read()).rejects.toThrow("connection lost");
    fail = false;
    expect((await clock.read()).get("prices")).toBe("7");
  });

  it("covers: a page rendered at or after every current version is fresh", () => {
    expect(covers([3, 1], [3, 1])).toBe(true);
    expect(covers([4, 1], [3, 1])).toBe(true);
    expect(covers([3, 1], [4, 1])).toBe(false);
    expect(covers([], [])).toBe(true);
    expect(covers([3], [-1])).toBe(false);
  });
});

describe("negotiation", () => {
  it("prefers brotli, then gzip, honouring q=0", () => {
    expect(chooseEncoding("gzip, deflate, br")).toBe("br");
    expect(chooseEncoding("gzip")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip")).toBe("gzip");
    expect(chooseEncoding("*")).toBe("br");
    expect(chooseEncoding("identity")).toBe("identity");
    expect(chooseEncoding(undefined)).toBe("identity");
  });

  it("matches If-None-Match lists, weak tags and *", () => {
    expect(etagMatches('"a", "b"', '"b"')).toBe(true);
    expect(etagMatches('W/"b"', '"b"')).toBe(true);
    expect(etagMatches("*", '"b"')).toBe(true);
    expect(etagMatches('"c"', '"b"')).toBe(false);
  });
});

describe("PublicPageCache", () => {
  it("renders once, then serves the bytes with a strong ETag, encodings and 304", async () => {
    let renders = 0;
    const cache = cacheWith(
      page((context) => {
        renders++;
        return html(context);
      }),
    );
    const first = await cache.answer(request());
    const second = await cache.answer(request({ acceptEncoding: undefined }));
    expect(renders).toBe(1);
    if (first.kind !== "page" || second.kind !== "page") throw new Error("not a page");
    expect(first.source).toBe("miss");
    expect(second.source).toBe("hit");
    const header = (answer: typeof first, name: string) => answer.headers.find(([n]) => n === name)?.[1];
    const etag = header(first, "ETag")!;
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect(header(first, "Content-Encoding")).toBe("br");
    expect(header(second, "Content-Encoding")).toBeUndefined();
    expect(header(first, "Vary")).toBe("Cookie, Accept-Language, Accept-Encoding");
    expect(header(first, "Cache-Control")).toBe("public, max-age=0, must-revalidate");
    // The nonce in the page is derived from it, and not the placeholder the render saw.
    expect(second.nonce).toMatch(/^[\w+/]{24}$/);
    expect(second.body!.toString()).toContain(`nonce="${second.nonce}"`);
    expect(second.body!.toString()).not.toContain("kaNonce");

    const revalidated = await cache.answer(request({ ifNoneMatch: etag }));
    expect(revalidated).toMatchObject({ kind: "page", status: 304, body: null });
    const head = await cache.answer(request({ method: "HEAD" }));
    expect(head).toMatchObject({ kind: "page", status: 200, body: null });
  });

  it("gives the same content the same bytes and ETag in another process, and other content another nonce", async () => {
    const a = cacheWith(page((context) => html(context)));
    const b = cacheWith(page((context) => html(context)));
    const c = cacheWith(page((context) => html(context, "changed")));
    const [pa, pb, pc] = await Promise.all([a.answer(request()), b.answer(request()), c.answer(request())]);
    if (pa.kind !== "page" || pb.kind !== "page" || pc.kind !== "page") throw new Error("not a page");
    expect(pb.headers).toEqual(pa.headers);
    expect(pb.nonce).toBe(pa.nonce);
    expect(pc.nonce).not.toBe(pa.nonce);
  });

  it("keeps one entry per language and renders concurrent misses once", async () => {
    let renders = 0;
    const cache = cacheWith(
      page((context) => {
        renders++;
        return html(context);
      }),
    );
    await Promise.all([
      cache.answer(request()),
      cache.answer(request()),
      cache.answer(request({ acceptLanguage: "en" })),
    ]);
    expect(renders).toBe(2);
    expect(cache.size.entries).toBe(2);
  });

  it("never keeps a response that sets a cookie, says no-store, or is not a 200", async () => {
    const inits: Array<{ status?: number; headers?: Record<string, string> }> = [
      { headers: { "Set-Cookie": "x=1; Path=/" } },
      { headers: { "Cache-Control": "no-store" } },
      { status: 404 },
    ];
    for (const init of inits) {
      let renders = 0;
      const cache = cacheWith(
        page((context) => {
          renders++;
          return html(context);
        }, init),
      );
      const first = await cache.answer(request());
      const second = await cache.answer(request());
      expect(first.kind, JSON.stringify(init)).toBe("rendered");
      expect(second.kind).toBe("rendered");
      expect(renders).toBe(2);
      expect(cache.size.entries).toBe(0);
      if (first.kind === "rendered" && init.headers && "Set-Cookie" in init.headers)
        expect(first.headers).toContainEqual(["Set-Cookie", "x=1; Path=/"]);
    }
  });

  it("re-renders when a version it depends on moves, and at the moment the page said", async () => {
    let version = 1;
    let now = 1_000;
    let renders = 0;
    const clock = new ContentVersionClock(async () => [{ scope: "certificates", version: String(version) }]);
    const cache = new PublicPageCache({
      render: page((context) => {
        renders++;
        context.publicPage?.freshUntil(new Date(5_000));
        return html(context, `v${version}`);
      }),
      versions: clock,
      appOrigin: "http://app.test",
      secret: "test-secret-test-secret-test-secret-00",
      resolveReader: async () => ({ language: "sv", timeZone: "Europe/Stockholm", cookie: "lng=sv" }),
      now: () => now,
    });
    const verify = request({ url: "/verify/KA-7K3M-9QXD-A" });
    const etagOf = (answer: Awaited<ReturnType<typeof cache.answer>>) =>
      answer.kind === "page" ? answer.headers.find(([n]) => n === "ETag")?.[1] : undefined;
    const first = etagOf(await cache.answer(verify));
    expect(etagOf(await cache.answer(verify))).toBe(first);
    expect(renders).toBe(1);
    version = 2;
    const second = etagOf(await cache.answer(verify));
    expect(second).not.toBe(first);
    expect(renders).toBe(2);
    now = 5_000;
    await cache.answer(verify);
    expect(renders).toBe(3);
    // The home page depends on no database content: no version query for it.
    const queries = clock.queries;
    await cache.answer(request());
    expect(clock.queries).toBe(queries);
  });

  it("renders from the key alone: no client cookie, host or header reaches the page", async () => {
    let seen: Request | undefined;
    const cache = cacheWith(async (req, context) => {
      seen = req;
      return page((c) => html(c))(req, context);
    });
    await cache.answer(request({ cookie: "lng=InN2Ig%3D%3D; tracking=abc; authjs.csrf-token=x" }));
    expect(seen!.url).toBe("http://app.test/");
    expect(seen!.headers.get("Cookie")).toBe("lng=sv");
    expect(seen!.headers.get("Accept-Language")).toBeNull();
  });
});
