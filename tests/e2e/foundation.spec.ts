import {
  createUser,
  e2eDb,
  expect,
  expectNoA11yViolations,
  firstLink,
  signInAs,
  signInWithMagicLink,
  test,
  waitForMail,
} from "./support/fixtures";

test("home page renders in Swedish with landmarks and no axe violations", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Välkommen till KontaktAkademin");
  await expect(page.getByRole("navigation", { name: "Huvudmeny" })).toBeVisible();
  await expect(page.getByRole("main")).toBeVisible();
  await expectNoA11yViolations(page);
});

test("the skip link moves focus to the main content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Hoppa till innehållet" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});

test("a person signs in with a magic link sent over SMTP and signs out", async ({ page }) => {
  const user = await createUser({ name: "Maja Magisk" });
  await page.goto("/login");
  await expectNoA11yViolations(page);
  await signInWithMagicLink(page, user.email, "/");
  await expect(page.getByText("Maja Magisk")).toBeVisible();
  expect(await e2eDb().session.count({ where: { userId: user.id } })).toBe(1);
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(page.getByRole("link", { name: "Logga in" })).toBeVisible();
  expect(await e2eDb().session.count({ where: { userId: user.id } })).toBe(0);
});

test("a used magic link is refused with a clear message", async ({ page }) => {
  const user = await createUser();
  await signInWithMagicLink(page, user.email, "/");
  await page.getByRole("button", { name: "Logga ut" }).click();
  // The same link from the same mail, followed a second time, must not sign in again.
  const mail = await waitForMail(user.email);
  await page.goto(firstLink(mail.text));
  await expect(page.getByRole("alert")).toContainText("ogiltig eller har redan använts");
  await expect(page.getByRole("link", { name: "Logga in" })).toBeVisible();
});

test("a bad e-mail address gets a clear message, not an error page", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-postadress").fill("inte-en-adress");
  await page.getByRole("button", { name: "Skicka inloggningslänk" }).click();
  await expect(page.getByText("Skriv en giltig e-postadress")).toBeVisible();
  await expectNoA11yViolations(page);
});

test("language follows the user's choice, then Accept-Language", async ({ page, browser }) => {
  await page.goto("/");
  await page.getByLabel("Språk").selectOption("en");
  await page.getByRole("button", { name: "Byt språk" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to KontaktAkademin");
  const finnish = await browser.newContext({ locale: "fi-FI" });
  const fiPage = await finnish.newPage();
  await fiPage.goto("/");
  await expect(fiPage.locator("html")).toHaveAttribute("lang", "fi");
  await expectNoA11yViolations(fiPage);
  await finnish.close();
});

test("unknown pages get a 404 in the reader's language", async ({ page }) => {
  const response = await page.goto("/finns-inte");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sidan finns inte");
  await expectNoA11yViolations(page);
});

test("security headers and a nonce-based CSP without unsafe-eval", async ({ request }) => {
  const response = await request.get("/");
  const csp = response.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(response.headers()["strict-transport-security"]).toContain("max-age=");
  expect(response.headers()["x-request-id"]).toBeTruthy();
});

test("the development outbox does not exist in production", async ({ request, context }) => {
  const response = await request.get("/dev/outbox");
  expect(response.status()).toBe(404);
  void context;
});

test("a database session can be revoked: deleting the row signs the person out", async ({ page, context }) => {
  const user = await createUser({ name: "Rolf Revoke" });
  await signInAs(context, user.id);
  await page.goto("/");
  await expect(page.getByText("Rolf Revoke")).toBeVisible();
  await e2eDb().session.deleteMany({ where: { userId: user.id } });
  await page.reload();
  await expect(page.getByRole("link", { name: "Logga in" })).toBeVisible();
});

test("a person without a name adds it on the profile page before the quiz", async ({ page, context }) => {
  const user = await e2eDb().user.create({
    data: { email: `noname-${Date.now()}@e2e.example`, emailVerified: new Date() },
  });
  await signInAs(context, user.id);
  await page.goto("/profile?reason=name&redirectTo=%2Fcertificates");
  await expect(page.getByRole("status")).toContainText("Skriv ditt namn innan du gör provet");
  await expectNoA11yViolations(page);
  await page.getByLabel("Ditt namn").fill("x");
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByText("Skriv ditt namn (minst två tecken).")).toBeVisible();
  await page.getByLabel("Ditt namn").fill("Nina Namnlös");
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page).toHaveURL(/\/certificates$/);
  await expect(page.getByRole("link", { name: /Min profil: Nina Namnlös/ })).toBeVisible();
  expect((await e2eDb().user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Nina Namnlös");
});
