// Hardening, checked in Chromium against the production build: redirects never leave the site,
// another site cannot make a signed-in browser change state, and pages that depend on who asks
// are never kept by a shared cache.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOrganization, createUser, e2eDb, expect, settings, signInAs, test } from "./support/fixtures";

/** A page on another origin of the same site (localhost, another port): cookies are SameSite=Lax, so the browser would send them. */
async function otherOrigin(html: string): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test("redirect targets never leave the site, however they are written", async ({ page, context }) => {
  const trap = await otherOrigin("<p>trap</p>");
  const trapHost = new URL(trap.url).host;
  try {
    const user = await createUser();
    await signInAs(context, user.id);
    const cookie = (await context.cookies(settings.baseUrl)).map((c) => `${c.name}=${c.value}`).join("; ");
    for (const target of [
      `/%09/${trapHost}/x`,
      `/%0A/${trapHost}/x`,
      `/%5C${trapHost}/x`,
      `/.//${trapHost}/x`,
      `//${trapHost}/x`,
    ]) {
      const response = await page.goto(`/login?redirectTo=${target}`);
      expect(new URL(page.url()).origin, target).toBe(settings.baseUrl);
      expect(response?.status(), target).toBeLessThan(500);
    }
    // /set-language takes the same check (as does /profile; property-tested in sign-in.test.ts).
    const language = await fetch(`${settings.baseUrl}/set-language`, {
      method: "POST",
      headers: { cookie, origin: settings.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ language: "sv", redirectTo: `/\t/${trapHost}/x` }),
      redirect: "manual",
      signal: AbortSignal.timeout(20_000),
    });
    expect(language.status).toBeLessThan(400);
    expect(new URL(language.headers.get("location") ?? "/", settings.baseUrl).origin).toBe(settings.baseUrl);
    // CR/LF and non-Latin-1 characters are a redirect, not a 500 (asked outside the browser, with its session).
    const ask = (target: string) =>
      fetch(`${settings.baseUrl}/login?redirectTo=${encodeURIComponent(target)}`, {
        headers: { cookie },
        redirect: "manual",
        signal: AbortSignal.timeout(20_000),
      });
    expect((await ask("/x\r\nSet-Cookie: a=b")).status).toBe(302);
    const unicode = await ask("/sök/å");
    expect(unicode.status).toBe(302);
    expect(unicode.headers.get("location")).toBe("/s%C3%B6k/%C3%A5");
    expect(trap.hits).toEqual([]);
  } finally {
    await trap.close();
  }
});

test("another site cannot sign a user out or change their language", async ({ page, context }) => {
  const user = await createUser();
  await signInAs(context, user.id);
  const form = (action: string, fields: Record<string, string>) =>
    `<form id="f" method="post" action="${settings.baseUrl}${action}">${Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
      .join("")}</form><script>document.getElementById("f").submit()</script>`;
  for (const [action, fields] of [
    ["/logout", {}],
    ["/set-language", { language: "en", redirectTo: "/" }],
  ] as const) {
    const attacker = await otherOrigin(form(action, fields));
    try {
      const refused = page.waitForResponse((r) => r.url().startsWith(`${settings.baseUrl}${action}`));
      await page.goto(attacker.url);
      const response = await refused;
      expect(response.status(), action).toBe(403);
      expect(await response.text()).toMatch(/annan webbplats/);
    } finally {
      await attacker.close();
    }
  }
  expect(await e2eDb().session.count({ where: { userId: user.id } })).toBe(1);
  await page.goto(`${settings.baseUrl}/`);
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
});

test("pages that depend on who asks are private and never stored; public pages say they are public", async ({
  page,
  context,
}) => {
  const org = await createOrganization();
  const user = await createUser({ memberships: [{ organizationId: org.id, role: "org_admin" }] });
  await signInAs(context, user.id);
  for (const path of [
    "/learning",
    "/certificates",
    "/profile",
    `/team/${org.id}`,
    `/team/${org.id}/people`,
    "/learning.data",
    "/",
    "/courses",
  ]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBeLessThan(400);
    expect(response.headers()["cache-control"], path).toBe("private, no-store");
    expect(response.headers().vary ?? "", path).toMatch(/Cookie/i);
  }
  const anonymous = await context.browser()!.newContext();
  try {
    for (const path of ["/", "/courses", "/verify"]) {
      const response = await anonymous.request.get(`${settings.baseUrl}${path}`);
      expect(response.headers()["cache-control"], path).toMatch(/^public/);
      expect(response.headers().vary ?? "", path).toMatch(/Cookie/i);
    }
  } finally {
    await anonymous.close();
  }
});
