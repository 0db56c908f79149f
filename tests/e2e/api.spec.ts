// The certification API from the outside: the docs page, a Kontakta admin creating a client (key
// shown once), the key working against the real server, the request log, the delivery log with
// redelivery, revocation taking effect at once; only platform admins reach /admin/api. axe on
// every page.
import { randomUUID } from "node:crypto";
import {
  createOrganization,
  createUser,
  e2eDb,
  expect,
  expectNoA11yViolations,
  signInAs,
  test,
} from "./support/fixtures";

test.describe("certification API", () => {
  test("the docs page renders the OpenAPI document and the signature check, accessibly", async ({ page }) => {
    await page.goto("/api/docs");
    await expect(page.getByRole("heading", { level: 1, name: "Certifierings-API" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "GET /companies/{orgNumber}/criterion" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "CompanyCriterion" })).toBeVisible();
    await expect(page.locator("pre code").filter({ hasText: "createHmac" })).toContainText("timingSafeEqual");
    await expectNoA11yViolations(page);
    const doc = await page.request.get("/api/v1/openapi.json");
    expect(doc.status()).toBe(200);
    expect((await doc.json()).openapi).toBe("3.1.0");
  });

  test("an admin creates a client, uses its key, reads the logs, redelivers, and revokes it", async ({
    page,
    context,
  }) => {
    const admin = await createUser({ platformRole: "admin", name: "Kontakta Admin" });
    const company = await createOrganization({ name: "API-testbolaget AB" });
    await signInAs(context, admin.id);

    await page.goto("/admin/api");
    await expect(page.getByRole("heading", { level: 1, name: "API-klienter" })).toBeVisible();
    await expectNoA11yViolations(page);
    const name = `E2E-klient ${randomUUID().slice(0, 6)}`;
    await page.getByLabel("Namn").fill(name);
    await page.getByLabel(/certificates:read/).check();
    await page.getByRole("button", { name: "Skapa klient och nyckel" }).click();
    const keyText = (await page.getByTestId("one-time-secret").textContent()) ?? "";
    expect(keyText).toMatch(/^ka_live_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$/);
    await expectNoA11yViolations(page);
    // Shown once: the list shows only the prefix.
    await page.goto("/admin/api");
    await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText(keyText.slice(0, 20));
    await expect(page.getByText(keyText)).toHaveCount(0);

    // The key works against the running server, with the number written any common way.
    const formatted = `${company.orgNumber.slice(0, 6)}-${company.orgNumber.slice(6)}`;
    const api = await page.request.get(`/api/v1/companies/${formatted}/criterion`, {
      headers: { Authorization: `Bearer ${keyText}` },
    });
    expect(api.status()).toBe(200);
    expect(await api.json()).toMatchObject({
      organization: { orgNumber: company.orgNumber },
      criterion: { status: "not_met", evidence: [] },
    });

    // The client's page: add a subscription (secret shown once), see a failed delivery, redeliver.
    await page.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await page.getByLabel("Adress (URL)").fill("https://receiver.invalid/kontakta");
    await page.getByRole("button", { name: "Lägg till prenumeration" }).click();
    await expect(page.getByTestId("one-time-secret")).toHaveText(/^whsec_/);
    const client = await e2eDb().apiClient.findFirstOrThrow({ where: { name }, include: { subscriptions: true } });
    const subscription = client.subscriptions[0]!;
    const event = await e2eDb().webhookEvent.create({
      data: { type: "criterion.changed", payload: { organization: { id: company.id }, met: true } },
    });
    await e2eDb().webhookDelivery.create({
      data: {
        eventId: event.id,
        subscriptionId: subscription.id,
        status: "failed",
        attempts: 10,
        lastError: "ENOTFOUND",
        nextAttemptAt: new Date(),
      },
    });
    await page.reload();
    const row = page.getByRole("row", { name: new RegExp(event.id) });
    await expect(row).toContainText("Misslyckad");
    await expect(row).toContainText("ENOTFOUND");
    await expectNoA11yViolations(page);
    await row.getByRole("button", { name: "Skicka igen" }).click();
    await expect(page.getByRole("status")).toContainText("Leveransen skickas igen");
    const requeued = await e2eDb().webhookDelivery.findFirstOrThrow({ where: { eventId: event.id } });
    expect(requeued.attempts).toBeLessThanOrEqual(1);

    // The request log names the call.
    await page.getByRole("link", { name: "Klientens anropslogg" }).click();
    await expect(page.getByRole("row", { name: /\/companies\/\{orgNumber\}\/criterion/ })).toContainText("200");
    await expectNoA11yViolations(page);

    // Revoked: refused at once.
    await page.goto(`/admin/api/clients/${client.id}`);
    await page.getByText("Spärra nyckeln").first().click();
    await page.getByRole("button", { name: "Spärra nyckeln" }).click();
    await expect(page.getByRole("status")).toContainText("Nyckeln har spärrats");
    const refused = await page.request.get(`/api/v1/companies/${company.orgNumber}/criterion`, {
      headers: { Authorization: `Bearer ${keyText}` },
    });
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error.code).toBe("revoked_key");
  });

  test("only platform admins reach the API administration", async ({ page, context }) => {
    const company = await createOrganization();
    const manager = await createUser({ memberships: [{ organizationId: company.id, role: "org_admin" }] });
    const anonymous = await page.request.get("/admin/api", { maxRedirects: 0 });
    expect(anonymous.status()).toBe(302);
    await signInAs(context, manager.id);
    for (const path of ["/admin/api", "/admin/api/requests", "/admin/api/clients/anything"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
    }
  });
});
