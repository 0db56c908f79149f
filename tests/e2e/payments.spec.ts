// Payments in Chromium against the production build: a company admin buys 5 seats (up to the
// redirect to Stripe Checkout, here the local server that answers like Stripe), the signed
// webhook confirms the payment, the admin gives a seat to an agent who can then start; a colleague
// without a seat is told why and what to do; a member company's manager starts the introductory
// course included in the membership without paying.
import { startFakeStripe, type FakeStripe } from "../support/stripe-fake";
import {
  createOrganization,
  createUser,
  e2eDb,
  expect,
  expectNoA11yViolations,
  settings,
  signInAs,
  test,
} from "./support/fixtures";

const PAID = "fakturaliknande-erbjudanden";
const INTRO = "introduktion-for-chefer";
let fake: FakeStripe;

test.beforeAll(async () => {
  fake = await startFakeStripe({ port: settings.stripePort });
  const db = e2eDb();
  await db.coursePrice.upsert({
    where: { courseSlug: PAID },
    create: { courseSlug: PAID, listSek: 120_000, listEur: 11_000, memberSek: 90_000, memberEur: 8_500 },
    update: {},
  });
  await db.coursePrice.upsert({
    where: { courseSlug: INTRO },
    create: { courseSlug: INTRO, listSek: 250_000, listEur: 23_000, includedInMembership: true },
    update: {},
  });
});

test.afterAll(async () => {
  // Other specs expect every course to be free.
  await e2eDb().coursePrice.deleteMany({ where: { courseSlug: { in: [PAID, INTRO] } } });
  await fake?.close();
});

test("a company admin buys 5 seats, gives one to an agent who starts; a colleague without a seat is told why", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const org = await createOrganization({ name: "Platsbolaget AB" });
  const admin = await createUser({ name: "Ada Admin", memberships: [{ organizationId: org.id, role: "org_admin" }] });
  const agent = await createUser({ name: "Sam Säljare", memberships: [{ organizationId: org.id, role: "agent" }] });
  const colleague = await createUser({ name: "Kim Kollega", memberships: [{ organizationId: org.id, role: "agent" }] });

  await signInAs(page.context(), admin.id);
  await page.goto(`/courses/${PAID}`);
  await expect(page.getByTestId("access-help")).toContainText("Du är administratör för ditt företag");
  await page.getByRole("link", { name: "Köp platser" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Platser för Platsbolaget AB" })).toBeVisible();
  await expect(
    page.getByText("Pris per plats: 900,00 kr exkl. moms (moms 25 % tillkommer) (medlemspris)"),
  ).toBeVisible();
  await expectNoA11yViolations(page);
  const company = page.getByRole("region", { name: "Platser för Platsbolaget AB" });
  await company.getByLabel("Antal platser").fill("5");
  await company.getByRole("button", { name: "Gå till betalning" }).click();

  // Stripe Checkout (the local stand-in): the browser left the app for the session's URL.
  await page.waitForURL(new RegExp(`^${fake.url}/checkout/cs_`));
  await expect(page.getByRole("heading", { name: "Stripe test Checkout" })).toBeVisible();
  const sessionId = new URL(page.url()).pathname.split("/").pop()!;
  const session = fake.sessions.get(sessionId)!;
  expect(session.amount_total).toBe(5 * 90_000 * 1.25);
  const customer = fake.customers.get(session.customer!)!;
  expect(customer).toMatchObject({ name: "Platsbolaget AB" });

  // Stripe confirms the payment with a signed webhook; a second delivery changes nothing.
  const completed = fake.completeSession(sessionId);
  expect(await fake.deliver(`${settings.baseUrl}/webhooks/stripe`, completed)).toEqual({
    status: 200,
    body: { received: true, outcome: "granted" },
  });
  expect(await fake.deliver(`${settings.baseUrl}/webhooks/stripe`, completed)).toEqual({
    status: 200,
    body: { received: true, outcome: "duplicate" },
  });
  // A forged delivery is refused.
  expect((await fake.deliver(`${settings.baseUrl}/webhooks/stripe`, completed, "whsec_forged")).status).toBe(400);

  await page.goto(`/team/${org.id}/seats`);
  const seats = page.getByTestId(`seats-${PAID}`);
  await expect(seats.getByTestId("seat-summary")).toHaveText("0 av 5 platser används, 5 lediga");
  await seats.getByTestId("assign-person").selectOption({ label: `Sam Säljare (${agent.email})` });
  await seats.getByRole("button", { name: "Ge plats" }).click();
  await expect(page.getByRole("status")).toContainText("Sam Säljare har fått en plats.");
  await expect(seats.getByTestId("seat-summary")).toHaveText("1 av 5 platser används, 4 lediga");
  await expect(page.getByRole("rowheader", { name: /KA-\d{8}-/ })).toBeVisible();
  await expectNoA11yViolations(page);

  // The agent holds a seat and starts.
  const agentContext = await browser.newContext({ baseURL: settings.baseUrl, locale: "sv-SE" });
  await signInAs(agentContext, agent.id);
  const agentPage = await agentContext.newPage();
  await agentPage.goto(`/courses/${PAID}`);
  await expect(agentPage.getByTestId("access-basis")).toHaveText("Du har en plats som ditt företag har köpt.");
  await agentPage.getByRole("button", { name: "Börja kursen" }).click();
  await expect(agentPage).toHaveURL(new RegExp(`/courses/${PAID}/lessons/`));
  await agentContext.close();

  // A colleague without a seat cannot start and is told what to do.
  const colleagueContext = await browser.newContext({ baseURL: settings.baseUrl, locale: "sv-SE" });
  await signInAs(colleagueContext, colleague.id);
  const colleaguePage = await colleagueContext.newPage();
  await colleaguePage.goto(`/courses/${PAID}`);
  await expect(colleaguePage.getByRole("button", { name: "Börja kursen" })).toHaveCount(0);
  const help = colleaguePage.getByTestId("access-help");
  await expect(help).toContainText("Den här kursen kräver en plats eller ett köp innan du kan börja.");
  await expect(help).toContainText("Be företagets administratör om en plats.");
  await expectNoA11yViolations(colleaguePage);
  // Straight to a lesson: sent back to the course page.
  await colleaguePage.goto(`/courses/${PAID}/lessons/fakturaliknande-erbjudanden`);
  await expect(colleaguePage).toHaveURL(new RegExp(`/courses/${PAID}$`));
  await colleagueContext.close();
});

test("a member company's manager starts the introductory course included in the membership without paying", async ({
  page,
}) => {
  const org = await createOrganization({ name: "Medlemsbolaget AB", membershipStatus: "member" });
  const manager = await createUser({ name: "Maja Chef", memberships: [{ organizationId: org.id, role: "manager" }] });
  await signInAs(page.context(), manager.id);
  await page.goto(`/courses/${INTRO}`);
  await expect(page.getByTestId("access-basis")).toHaveText("Kursen ingår i ert Kontakta-medlemskap.");
  await page.getByRole("button", { name: "Börja kursen" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${INTRO}/lessons/`));
  expect(await e2eDb().order.count({ where: { buyerId: manager.id } })).toBe(0);
});
