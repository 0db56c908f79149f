// The UI kit on a phone: the list pages built on DataTable do not scroll sideways at 320 px
// (WCAG 1.4.10; rows become cards with their column headers as labels, reference tables scroll
// inside a labelled region), axe finds nothing, and times follow the reader's time zone (ADR 021).
import { randomBytes, randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { generateApiKey } from "../../app/modules/api/api-keys.server";
import { generateNumber } from "../../app/modules/certificates/number";
import {
  createOrganization,
  createUser,
  e2eDb,
  expect,
  expectNoA11yViolations,
  signInAs,
  test,
} from "./support/fixtures";
import { waitForHydration } from "./support/pages";

async function giveCertificate(userId: string, holderName: string) {
  const db = e2eDb();
  const attempt = await db.quizAttempt.create({
    data: {
      userId,
      courseSlug: "introduktion-for-chefer",
      contentVersion: "2026.1",
      locale: "sv",
      status: "graded",
      snapshot: {},
      passed: true,
      scorePercent: 92,
      gradedAt: new Date(),
    },
  });
  return db.certificate.create({
    data: {
      number: generateNumber((n) => randomBytes(n)),
      userId,
      attemptId: attempt.id,
      holderName,
      courseSlug: "introduktion-for-chefer",
      contentVersion: "2026.1",
      locale: "sv",
      criterionCourse: true,
      scorePercent: 92,
      expiresAt: new Date(Date.now() + 3 * 365 * 86_400_000),
    },
  });
}

/** Fails with the page's path and how far it scrolls sideways; then axe. */
async function expectFitsAndAccessible(page: Page, path: string) {
  await page.goto(path);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${path} scrolls sideways by ${overflow} px at 320 px`).toBeLessThanOrEqual(0);
  await expectNoA11yViolations(page);
}

/** An API client with long values in every table of the admin API pages: a call, a webhook, a failed delivery. */
async function seedApiClient(orgId: string) {
  const db = e2eDb();
  const key = generateApiKey("live");
  const client = await db.apiClient.create({
    data: {
      name: `Certifieringsorganet i Norrland ${randomUUID().slice(0, 6)}`,
      keyPrefix: `${key.mode}_${key.prefix}`,
      keyHash: key.hash,
      scopes: ["criteria:read", "certificates:read", "completions:read"],
    },
  });
  await db.apiRequestLog.create({
    data: {
      apiClientId: client.id,
      method: "GET",
      route: "/api/v1/companies/{orgNumber}/criterion",
      status: 404,
      durationMs: 12,
    },
  });
  const subscription = await db.webhookSubscription.create({
    data: {
      apiClientId: client.id,
      url: "https://certifiering.example/webhooks/kontaktakademin/criterion-changed-receiver",
      events: ["certificate.issued", "certificate.revoked", "criterion.changed"],
      secret: "not-used-by-the-page",
    },
  });
  const event = await db.webhookEvent.create({
    data: { type: "criterion.changed", payload: { organization: { id: orgId }, met: true } },
  });
  await db.webhookDelivery.create({
    data: {
      eventId: event.id,
      subscriptionId: subscription.id,
      status: "failed",
      attempts: 10,
      lastStatusCode: 503,
      lastError: "getaddrinfo ENOTFOUND certifiering.example (a very long resolver error message)",
    },
  });
  return client;
}

test("list pages fit a 320 px screen as cards, with no axe violations", async ({ browser }) => {
  test.setTimeout(300_000); // fourteen pages, each with axe, on a shared machine
  const org = await createOrganization();
  const long = `Maria-Magdalena Andersson-Lindqvist ${randomUUID().slice(0, 4)}`;
  const admin = await createUser({
    name: long,
    email: `a-very-long-address-${randomUUID().slice(0, 6)}@telefonforsaljning-syd.example`,
    memberships: [{ organizationId: org.id, roles: ["org_admin", "manager"] }],
  });
  const agent = await createUser({ memberships: [{ organizationId: org.id, role: "agent" }] });
  await e2eDb().invitation.create({
    data: {
      organizationId: org.id,
      email: `invited-${randomUUID().slice(0, 6)}@example.com`,
      roles: ["agent"],
      tokenHash: randomUUID(),
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
      invitedById: admin.id,
    },
  });
  const certificate = await giveCertificate(admin.id, long);
  const platformAdmin = await createUser({ platformRole: "admin" });
  // An overdue course assignment (the assignments page, the dashboard's overdue list) and a
  // criterion change (the company's history for Kontakta).
  const db = e2eDb();
  const agentMembership = await db.membership.findFirstOrThrow({ where: { userId: agent.id, organizationId: org.id } });
  const dueAt = new Date(Date.now() - 2 * 86_400_000);
  await db.courseAssignment.create({
    data: {
      organizationId: org.id,
      courseSlug: "introduktion-for-chefer",
      role: "agent",
      dueAt,
      assignedById: admin.id,
      assignees: {
        create: {
          membershipId: agentMembership.id,
          userId: agent.id,
          organizationId: org.id,
          courseSlug: "introduktion-for-chefer",
          dueAt,
        },
      },
    },
  });
  await db.criterionEvent.create({
    data: {
      organizationId: org.id,
      met: true,
      status: "met",
      cause: "certificate_issued",
      certificateId: certificate.id,
      userId: admin.id,
      actorId: platformAdmin.id,
    },
  });
  const apiClient = await seedApiClient(org.id);

  const context = await browser.newContext({ viewport: { width: 320, height: 720 }, locale: "sv-SE" });
  await signInAs(context, admin.id);
  const page = await context.newPage();
  for (const path of [
    `/team/${org.id}/people`,
    `/team/${org.id}`,
    `/team/${org.id}/seats`,
    `/team/${org.id}/invite`,
    `/team/${org.id}/assignments`,
    "/certificates",
    "/orders",
    "/privacy",
  ])
    await expectFitsAndAccessible(page, path);
  await context.close();

  const adminContext = await browser.newContext({ viewport: { width: 320, height: 720 }, locale: "sv-SE" });
  await signInAs(adminContext, platformAdmin.id);
  const adminPage = await adminContext.newPage();
  for (const path of [
    "/admin",
    `/admin/organizations/${org.id}`,
    "/admin/api",
    "/admin/api/requests",
    `/admin/api/clients/${apiClient.id}`,
    "/api/docs",
  ])
    await expectFitsAndAccessible(adminPage, path);
  // The API reference's tables scroll inside a region named by the table, not the page.
  const parameters = adminPage.getByRole("region", { name: /^Parametrar/ }).first();
  await expect(parameters).toBeVisible();
  await expect(parameters.getByRole("table")).toBeVisible();
  await adminContext.close();
});

test("times follow the reader: a Finnish reader sees Helsinki time, a browser's own zone wins once known", async ({
  browser,
}) => {
  const org = await createOrganization();
  const admin = await createUser({ memberships: [{ organizationId: org.id, role: "org_admin" }] });
  // 10:00 UTC in winter: 12:00 in Helsinki, 11:00 in Stockholm, 05:00 in New York.
  const expiresAt = new Date(Date.UTC(2031, 0, 15, 10, 0));
  const email = `tz-${randomUUID().slice(0, 6)}@example.com`;
  await e2eDb().invitation.create({
    data: {
      organizationId: org.id,
      email,
      roles: ["agent"],
      tokenHash: randomUUID(),
      expiresAt,
      invitedById: admin.id,
    },
  });
  await e2eDb().user.update({ where: { id: admin.id }, data: { locale: "fi" } });

  const finnish = await browser.newContext({ locale: "fi-FI", timezoneId: "UTC" });
  await signInAs(finnish, admin.id);
  const page = await finnish.newPage();
  await page.goto(`/team/${org.id}/people`);
  // The first page knows only the language: Helsinki.
  await expect(page.getByRole("row", { name: new RegExp(email) })).toContainText("12.00");
  await finnish.close();

  const abroad = await browser.newContext({ locale: "fi-FI", timezoneId: "America/New_York" });
  await signInAs(abroad, admin.id);
  const abroadPage = await abroad.newPage();
  await abroadPage.goto(`/team/${org.id}/people`);
  await expect
    .poll(async () => (await abroad.cookies()).find((c) => c.name === "tz")?.value)
    .toBe("America%2FNew_York");
  await abroadPage.reload();
  await expect(abroadPage.getByRole("row", { name: new RegExp(email) })).toContainText("5.00");
  await abroad.close();
});

test("a page's error (403) after an in-app navigation keeps the shell: focus on its heading, announced", async ({
  browser,
}) => {
  const org = await createOrganization();
  // An agent may not see the team dashboard (company admins and managers only): a 403.
  const agent = await createUser({ memberships: [{ organizationId: org.id, role: "agent" }] });
  const context = await browser.newContext({ viewport: { width: 320, height: 720 }, locale: "sv-SE" });
  await signInAs(context, agent.id);
  const page = await context.newPage();
  await page.goto("/courses");
  const announcer = page.getByTestId("page-change-announcer");
  await expect(announcer).toBeEmpty();
  // A client-side navigation, as a link in the app would make (the router Remix puts on window,
  // once the page has hydrated: the load event can come first, as it once did in CI).
  await waitForHydration(page);
  await page.evaluate(
    (path) =>
      (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate(
        path,
      ),
    `/team/${org.id}`,
  );
  const heading = page.getByRole("main").getByRole("heading", { level: 1 });
  await expect(heading).toHaveText("Ingen behörighet");
  // The route's own boundary renders inside the root's shell, which stayed mounted: the
  // navigation's focus move and announcement happen as on any other page.
  await expect(heading).toBeFocused();
  await expect(announcer).toHaveText(await page.title());
  await expect(page.getByRole("banner").getByRole("link", { name: "KontaktAkademin" })).toBeVisible();
  await expectNoA11yViolations(page);
  await context.close();
});
