// The public page cache against a real database (both engines): the verification page's ETag
// changes exactly when its content does — a revocation through the app, a revocation written by
// "another process" (a second cache with its own clock, and plain SQL on another connection), the
// expiry instant — and stays the same when only other certificates change. The status list
// changes with a revocation too; the triggers bump the counters at commit, not before.
import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ContentVersionClock, VERSIONS_SQL, type VersionRow } from "~/http/public-cache/content-versions.server";
import { PublicPageCache, type CacheAnswer, type CacheRequest } from "~/http/public-cache/page-cache.server";
import { revokeCertificate } from "~/modules/certificates/certificates.server";
import { getStatusListText } from "~/modules/certificates/status-list.server";
import { loader as verifyLoader } from "~/routes/verify.$number";
import { getDb, openDatabase } from "~/utils/db.server";
import { createCompany, createPerson, issueCertificate } from "../support/domain-fixtures";

const engine = process.env.KA_TEST_ENGINE === "postgresql" ? "postgresql" : "embedded";

const rawQuery = async <T>(sql: string) => (await openDatabase()).rawQuery<T>(sql);

/** The verification route's loader, and a page made of what it returned (React is not the subject here). */
async function renderVerify(request: Request, context: AppLoadContext): Promise<Response> {
  const number = new URL(request.url).pathname.split("/").pop()!;
  const result = (await verifyLoader({ request, params: { number }, context })) as unknown as {
    data: Record<string, unknown>;
    init?: { status?: number; headers?: Record<string, string> };
  };
  const d = result.data;
  const body = `<!DOCTYPE html><html><body><h1>${String(d.kind)}</h1><p>${String(d.status)} ${String(d.holderName)} ${String(d.revokedReason)}</p>${"<i>.</i>".repeat(200)}<script nonce="${context.cspNonce}">hydrate()</script></body></html>`;
  return new Response(body, {
    status: result.init?.status ?? 200,
    headers: { "Content-Type": "text/html; charset=utf-8", ...result.init?.headers },
  });
}

async function renderStatusList(): Promise<Response> {
  return new Response(await getStatusListText(), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=0" },
  });
}

function newCache() {
  const clock = new ContentVersionClock(() => rawQuery<VersionRow>(VERSIONS_SQL));
  const cache = new PublicPageCache({
    render: (request, context) =>
      new URL(request.url).pathname.startsWith("/credentials/") ? renderStatusList() : renderVerify(request, context),
    versions: clock,
    appOrigin: "http://localhost:3000",
    secret: "integration-secret-integration-secret-0",
    resolveReader: async () => ({ language: "sv", timeZone: "Europe/Stockholm", cookie: "lng=sv" }),
  });
  return { cache, clock };
}

let ip = 0;
function get(url: string, extra: Partial<CacheRequest> = {}): CacheRequest {
  return {
    method: "GET",
    url,
    identified: false,
    cookie: undefined,
    acceptLanguage: "sv",
    accept: "text/html",
    acceptEncoding: "gzip, br",
    ifNoneMatch: undefined,
    // One address per lookup: the verification rate limit is not the subject here.
    clientIp: `10.9.${Math.floor(++ip / 250)}.${ip % 250}`,
    ...extra,
  };
}

function page(answer: CacheAnswer) {
  if (answer.kind !== "page") throw new Error(`expected a page, got ${answer.kind}`);
  return {
    status: answer.status,
    source: answer.source,
    etag: answer.headers.find(([name]) => name === "ETag")![1],
    cacheControl: answer.headers.find(([name]) => name === "Cache-Control")![1],
    text: answer.body ? (answer.headers.some(([n]) => n === "Content-Encoding") ? null : answer.body.toString()) : null,
  };
}

async function aCertificate(expiresAt?: Date) {
  const company = await createCompany();
  const person = await createPerson(company.id, "manager", "Ada Verifierad");
  return issueCertificate(person.id, expiresAt ? { expiresAt } : {});
}

let adminId: string;
beforeAll(async () => {
  const db = await getDb();
  adminId = (await db.user.create({ data: { email: `admin-${randomUUID()}@test.example`, platformRole: "admin" } })).id;
});

afterEach(() => {
  ip += 250;
});

describe(`public page cache (${engine})`, () => {
  it("serves a found certificate's page from memory, with an ETag that answers 304", async () => {
    const cert = await aCertificate();
    const { cache } = newCache();
    const url = `/verify/${cert.number}`;
    const first = page(await cache.answer(get(url, { acceptEncoding: undefined })));
    expect(first).toMatchObject({ status: 200, source: "miss", cacheControl: "private, no-cache" });
    expect(first.text).toContain("valid Ada Verifierad");
    const second = page(await cache.answer(get(url)));
    expect(second).toMatchObject({ status: 200, source: "hit", etag: first.etag });
    expect(page(await cache.answer(get(url, { ifNoneMatch: first.etag })))).toMatchObject({ status: 304, text: null });
    expect(cache.stats.renders).toBe(1);
  });

  it("a revocation through the app gives the next request a new ETag and the revoked page", async () => {
    const cert = await aCertificate();
    const { cache } = newCache();
    const url = `/verify/${cert.number}`;
    const before = page(await cache.answer(get(url))).etag;
    expect((await revokeCertificate({ number: cert.number, reason: "Fusk på provet", adminId })).status).toBe(
      "revoked",
    );
    const after = page(await cache.answer(get(url, { acceptEncoding: undefined, ifNoneMatch: before })));
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(before);
    expect(after.text).toContain("revoked Ada Verifierad Fusk på provet");
  });

  it("a revocation written by another process is seen by every instance on its next request", async () => {
    const cert = await aCertificate();
    const a = newCache();
    const b = newCache();
    const url = `/verify/${cert.number}`;
    const etagA = page(await a.cache.answer(get(url))).etag;
    const etagB = page(await b.cache.answer(get(url))).etag;
    // The same content is the same bytes in both: a 304 from either instance is right.
    expect(etagB).toBe(etagA);
    expect(page(await b.cache.answer(get(url, { ifNoneMatch: etagA }))).status).toBe(304);

    // Plain SQL on a connection of its own, as another app process or an operator would.
    await rawQuery(
      `UPDATE "Certificate" SET "revokedAt" = now(), "revokedReason" = 'Direkt i databasen' WHERE "id" = '${cert.id}'`,
    );

    for (const instance of [b, a]) {
      const next = page(await instance.cache.answer(get(url, { acceptEncoding: undefined, ifNoneMatch: etagA })));
      expect(next.status).toBe(200);
      expect(next.etag).not.toBe(etagA);
      expect(next.text).toContain("revoked Ada Verifierad Direkt i databasen");
    }
  });

  it("keeps the ETag when only other certificates change (re-rendered, same bytes)", async () => {
    const cert = await aCertificate();
    const { cache } = newCache();
    const url = `/verify/${cert.number}`;
    const before = page(await cache.answer(get(url))).etag;
    await aCertificate();
    const after = page(await cache.answer(get(url, { ifNoneMatch: before })));
    expect(cache.stats.renders).toBe(2);
    expect(after).toMatchObject({ status: 304, etag: before });
  });

  it("turns a valid page into an expired one at the expiry instant, without any write", async () => {
    const cert = await aCertificate(new Date(Date.now() + 1_500));
    const { cache } = newCache();
    const url = `/verify/${cert.number}`;
    const valid = page(await cache.answer(get(url, { acceptEncoding: undefined })));
    expect(valid.text).toContain("valid Ada Verifierad");
    expect(page(await cache.answer(get(url))).source).toBe("hit");
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, cert.expiresAt!.getTime() - Date.now() + 50)));
    const expired = page(await cache.answer(get(url, { acceptEncoding: undefined })));
    expect(expired.source).toBe("miss");
    expect(expired.etag).not.toBe(valid.etag);
    expect(expired.text).toContain("expired Ada Verifierad");
  });

  it("never keeps a lookup of a number that does not exist", async () => {
    const { cache } = newCache();
    const answer = await cache.answer(get("/verify/KA-7K3M-9QXD-A"));
    expect(answer.kind).toBe("rendered");
    expect(answer.kind === "rendered" && answer.status).toBe(404);
    expect(cache.size.entries).toBe(0);
  });

  it("gives the status list a new ETag after a revocation", async () => {
    const cert = await aCertificate();
    const { cache } = newCache();
    const list = () => get("/credentials/status/1", { accept: "application/json" });
    // The first fetch may sign and store the list (a write, so the page it rendered is stale once).
    await cache.answer(list());
    const before = page(await cache.answer(list()));
    expect(page(await cache.answer(list()))).toMatchObject({ source: "hit", etag: before.etag });
    await revokeCertificate({ number: cert.number, reason: "Fel person", adminId });
    const after = page(
      await cache.answer(get("/credentials/status/1", { accept: "application/json", ifNoneMatch: before.etag })),
    );
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(before.etag);
  });

  it("bumps the prices counter with a price change", async () => {
    const { clock } = newCache();
    const before = Number((await clock.read()).get("prices"));
    const db = await getDb();
    await db.coursePrice.upsert({
      where: { courseSlug: "etik-for-saljare-och-kundtjanst" },
      create: { courseSlug: "etik-for-saljare-och-kundtjanst", listSek: 49_00 },
      update: { listSek: 59_00 },
    });
    expect(Number((await clock.read()).get("prices"))).toBe(before + 1);
  });

  it.runIf(engine === "postgresql")("makes a change visible to the counters at its commit, not before", async () => {
    const cert = await aCertificate();
    const { clock } = newCache();
    const db = await getDb();
    const before = (await clock.read()).get("certificates");
    let during: string | undefined;
    await db.$transaction(async (tx) => {
      await tx.certificate.update({ where: { id: cert.id }, data: { revokedAt: new Date(), revokedReason: "x" } });
      await tx.certificate.update({ where: { id: cert.id }, data: { revokedReason: "y" } });
      during = (await clock.read()).get("certificates");
    });
    expect(during).toBe(before);
    // One bump for the transaction, however many rows it wrote.
    expect(Number((await clock.read()).get("certificates"))).toBe(Number(before) + 1);
  });
});
