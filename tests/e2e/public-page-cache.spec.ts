// Public pages from the cache (ADR 028), end to end on the production build: a cached page still
// hydrates under its CSP (the nonce in the cached bytes matches the header), answers 304 to its
// ETag, varies by language, is never what a signed-in reader gets; a revocation written straight
// into the database (as another process would) changes the verification page on the next request;
// the build's brotli copies of the assets are what a browser receives.
import { randomBytes, randomUUID } from "node:crypto";
import { generateNumber } from "../../app/modules/certificates/number";
import { createUser, e2eDb, expect, signInAs, test } from "./support/fixtures";

const BROWSER = { "accept-language": "sv", "accept-encoding": "gzip, deflate, br" };

test("an anonymous home page comes from the cache, hydrates under its CSP and answers 304", async ({
  page,
  request,
}) => {
  const cspErrors: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspErrors.push(message.text());
  });
  // The first request may render; from the second on the page comes from memory.
  await request.get("/", { headers: BROWSER });
  const cached = await request.get("/", { headers: BROWSER });
  expect(cached.status()).toBe(200);
  expect(cached.headers()["x-page-cache"]).toBe("hit");
  expect(cached.headers()["content-encoding"]).toBe("br");
  expect(cached.headers()["cache-control"]).toBe("public, max-age=0, must-revalidate");
  expect(cached.headers()["vary"]).toContain("Accept-Language");
  const etag = cached.headers()["etag"]!;
  expect(etag).toMatch(/^"[\w-]+"$/);
  const nonce = /'nonce-([^']+)'/.exec(cached.headers()["content-security-policy"] ?? "")?.[1];
  expect(await cached.text()).toContain(`nonce="${nonce}"`);

  const revalidated = await request.get("/", { headers: { ...BROWSER, "if-none-match": etag } });
  expect(revalidated.status()).toBe(304);
  expect(revalidated.headers()["etag"]).toBe(etag);
  expect(revalidated.headers()["content-security-policy"]).toBe(cached.headers()["content-security-policy"]);

  const english = await request.get("/", { headers: { ...BROWSER, "accept-language": "en" } });
  expect(english.headers()["etag"]).not.toBe(etag);
  expect(await english.text()).toContain('<html lang="en"');

  // In the browser: the cached page's scripts run (client-side navigation works) without a CSP refusal.
  await page.goto("/");
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Kurser" }).click();
  await expect(page).toHaveURL("/courses");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(cspErrors).toEqual([]);
});

test("a signed-in reader never gets the anonymous page, and it is never stored", async ({ browser, request }) => {
  await request.get("/", { headers: BROWSER });
  const user = await createUser({ name: "Inloggad Läsare" });
  const context = await browser.newContext({ locale: "sv-SE" });
  await signInAs(context, user.id);
  const answer = await context.request.get("/", { headers: BROWSER });
  expect(answer.status()).toBe(200);
  expect(answer.headers()["x-page-cache"]).toBeUndefined();
  expect(answer.headers()["etag"]).toBeUndefined();
  expect(answer.headers()["cache-control"]).toBe("private, no-store");
  expect(await answer.text()).toContain("Inloggad Läsare");
  await context.close();
});

test("a revocation written straight into the database changes the verification page at once", async ({ request }) => {
  const db = e2eDb();
  const user = await createUser({ name: "Vera Verifierad" });
  const attempt = await db.quizAttempt.create({
    data: {
      userId: user.id,
      courseSlug: "introduktion-for-chefer",
      contentVersion: "1",
      locale: "sv",
      status: "graded",
      snapshot: {},
      passed: true,
      scorePercent: 90,
      gradedAt: new Date(),
    },
  });
  const certificate = await db.certificate.create({
    data: {
      id: randomUUID(),
      number: generateNumber((n) => randomBytes(n)),
      userId: user.id,
      attemptId: attempt.id,
      holderName: "Vera Verifierad",
      courseSlug: "introduktion-for-chefer",
      contentVersion: "1",
      locale: "sv",
      criterionCourse: true,
      scorePercent: 90,
      expiresAt: new Date(Date.now() + 365 * 86_400_000),
    },
  });
  const url = `/verify/${certificate.number}`;
  await request.get(url, { headers: BROWSER });
  const valid = await request.get(url, { headers: BROWSER });
  expect(valid.headers()["x-page-cache"]).toBe("hit");
  expect(valid.headers()["cache-control"]).toBe("private, no-cache");
  expect(await valid.text()).toContain("Intyget är giltigt.");
  const etag = valid.headers()["etag"]!;

  await db.certificate.update({
    where: { id: certificate.id },
    data: { revokedAt: new Date(), revokedReason: "Ändrat direkt i databasen." },
  });
  const revoked = await request.get(url, { headers: { ...BROWSER, "if-none-match": etag } });
  expect(revoked.status()).toBe(200);
  expect(revoked.headers()["etag"]).not.toBe(etag);
  const text = await revoked.text();
  expect(text).toContain("Intyget har återkallats och gäller inte.");
  expect(text).toContain("Ändrat direkt i databasen.");
});

test("static assets are sent as the build's brotli and gzip copies", async ({ request }) => {
  const html = await (await request.get("/", { headers: { "accept-language": "sv" } })).text();
  const asset = /<link[^>]+rel="modulepreload"[^>]+href="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset).toBeTruthy();
  const plain = await request.get(asset!, { headers: { "accept-encoding": "identity" } });
  const brotli = await request.get(asset!, { headers: { "accept-encoding": "br" } });
  const gzip = await request.get(asset!, { headers: { "accept-encoding": "gzip" } });
  expect(brotli.headers()["content-encoding"]).toBe("br");
  expect(gzip.headers()["content-encoding"]).toBe("gzip");
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  for (const answer of [plain, brotli, gzip]) {
    expect(answer.headers()["vary"]).toContain("Accept-Encoding");
    expect(answer.headers()["content-type"]).toContain("javascript");
    expect(answer.headers()["cache-control"]).toContain("immutable");
    // Playwright decodes the body: all three are the same script.
    expect(await answer.text()).toBe(await plain.text());
  }
});
