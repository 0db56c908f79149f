// A company admin invites a manager by e-mail; the manager signs in through the link in the mail
// and joins; the team dashboard shows the trained-manager criterion not met, then met once the
// manager holds a criterion certificate; Kontakta revokes the certificate and it flips back,
// with both changes in the company's criterion history. axe runs on every page visited.
import { randomBytes, randomUUID } from "node:crypto";
import { generateNumber } from "../../app/modules/certificates/number";
import { onCertificateChanged } from "../../app/modules/organizations/criterion-events.server";
import { QUEUED_TRANSACTION } from "../../app/utils/db.server";
import {
  createOrganization,
  createUser,
  e2eDb,
  expect,
  expectNoA11yViolations,
  firstLink,
  signInAs,
  test,
  waitForMail,
} from "./support/fixtures";

/** A criterion-course certificate written straight to the database, with the criterion hook, as the certificate engine does. */
async function giveCriterionCertificate(userId: string, holderName: string) {
  const db = e2eDb();
  return db.$transaction(async (tx) => {
    const attempt = await tx.quizAttempt.create({
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
    const certificate = await tx.certificate.create({
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
    await onCertificateChanged(tx, { certificateId: certificate.id, type: "issued" });
    return certificate;
  }, QUEUED_TRANSACTION);
}

test("a company admin invites a manager, the manager joins, and the criterion follows the certificate", async ({
  page,
  browser,
}) => {
  // Four personas, two sign-ins by mail and a quiz: about 90 s on a quiet machine, far more under CI's load.
  test.setTimeout(300_000);
  const tag = randomUUID().slice(0, 6);
  const org = await createOrganization({ name: `Trygga Samtal ${tag} AB` });
  const admin = await createUser({ name: "Agnes Admin", memberships: [{ organizationId: org.id, role: "org_admin" }] });
  const managerEmail = `maja.chef-${tag}@e2e.example`;

  // --- The company admin: dashboard, criterion not met, invite the manager ---
  await signInAs(page.context(), admin.id);
  await page.goto("/team");
  await expect(page).toHaveURL(new RegExp(`/team/${org.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(org.name);
  const criterion = page.getByRole("region", { name: "Kriteriet: utbildad person i ledande ställning" });
  await expect(criterion.getByText("Inte uppfyllt", { exact: true })).toBeVisible();
  await expect(criterion).toContainText("Ingen i företaget har rollen chef");
  await expect(page.getByRole("img", { name: /Intyg per månad och totalt/ })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByRole("navigation", { name: "Företagets sidor" }).getByRole("link", { name: "Bjud in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Bjud in till ${org.name}`);
  await expectNoA11yViolations(page);
  await page.getByLabel("E-postadress").fill(managerEmail);
  await page.getByLabel("Namn (valfritt)").fill("Maja Chef");
  const roles = page.getByRole("group", { name: "Roller" });
  await roles.getByLabel("Säljare/kundtjänst").uncheck();
  await roles.getByLabel("Chef (ledande ställning)").check();
  await page.getByRole("button", { name: "Skicka inbjudan" }).click();
  await expect(page.getByRole("status")).toContainText(
    `Inbjudan till ${managerEmail} är sparad och e-posten är på väg`,
  );
  await expectNoA11yViolations(page);

  // The people page lists the open invitation.
  await page.getByRole("navigation", { name: "Företagets sidor" }).getByRole("link", { name: "Personer" }).click();
  await expect(page.getByRole("table", { name: "Inbjudningar som inte har accepterats" })).toContainText(managerEmail);
  await expectNoA11yViolations(page);

  // --- The manager: the mail, sign-in through the link, accept ---
  const invitation = await waitForMail(managerEmail, (m) => m.subject.includes(org.name));
  expect(invitation.subject).toBe(`Agnes Admin bjuder in dig till ${org.name} på KontaktAkademin`);
  expect(invitation.text).toContain("Hej Maja Chef!");
  const link = firstLink(invitation.text);
  expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);

  const managerContext = await browser.newContext();
  const managerPage = await managerContext.newPage();
  const invitationResponse = await managerPage.goto(link);
  // The token is in the URL: the page is never cached and never passed on as a referrer.
  expect(invitationResponse?.headers()["cache-control"]).toContain("no-store");
  expect(invitationResponse?.headers()["referrer-policy"]).toMatch(/no-referrer$/);
  await expect(managerPage.getByRole("heading", { level: 1 })).toHaveText(`Inbjudan till ${org.name}`);
  await expect(managerPage.getByText(`med rollen Chef (ledande ställning)`)).toBeVisible();
  await expectNoA11yViolations(managerPage);
  await managerPage.getByRole("link", { name: "Logga in för att acceptera" }).click();
  await expect(managerPage).toHaveURL(/\/login\?redirectTo=/);
  // The form comes filled with the invited address; one sign-in mail signs in and accepts, and a
  // manager lands on the introductory course, not an empty dashboard.
  await expect(managerPage.getByLabel("E-postadress")).toHaveValue(managerEmail);
  await expectNoA11yViolations(managerPage);
  const since = new Date().toISOString();
  await managerPage.getByRole("button", { name: "Skicka inloggningslänk" }).click();
  await expect(managerPage).toHaveURL(/\/login\/check-email/);
  const signInMail = await waitForMail(
    managerEmail,
    (m) => m.receivedAt >= since && m.subject === "Logga in på KontaktAkademin",
  );
  await managerPage.goto(firstLink(signInMail.text));
  await expect(managerPage).toHaveURL(/\/courses\/introduktion-for-chefer$/);
  expect(await e2eDb().membership.count({ where: { organizationId: org.id, user: { email: managerEmail } } })).toBe(1);
  const welcome = await waitForMail(managerEmail, (m) => m.subject === `Välkommen till ${org.name} på KontaktAkademin`);
  expect(welcome.text).toContain("Hej Maja Chef!");
  expect(welcome.text).toContain("/courses/introduktion-for-chefer");
  await managerPage.goto(`/team/${org.id}`);
  const managerCriterion = managerPage.getByRole("region", { name: "Kriteriet: utbildad person i ledande ställning" });
  await expect(managerCriterion.getByText("Inte uppfyllt", { exact: true })).toBeVisible();
  await expect(managerCriterion).toContainText("Företagets chef behöver gå kursen");
  await expect(managerCriterion.getByRole("table")).toContainText("Maja Chef");
  await expectNoA11yViolations(managerPage);

  // The link is spent: opening it again says so.
  await managerPage.goto(link);
  await expect(managerPage.getByText("Inbjudan har redan använts")).toBeVisible();

  const manager = await e2eDb().user.findUniqueOrThrow({ where: { email: managerEmail } });
  expect(manager.name).toBe("Maja Chef");
  expect(
    await e2eDb().membership.findUnique({
      where: { userId_organizationId: { userId: manager.id, organizationId: org.id } },
    }),
  ).toMatchObject({ roles: ["manager"] });

  // --- The manager holds a criterion certificate: met ---
  const certificate = await giveCriterionCertificate(manager.id, "Maja Chef");
  await page.goto(`/team/${org.id}`);
  await expect(criterion.getByText("Uppfyllt", { exact: true })).toBeVisible();
  await expect(criterion.getByRole("table", { name: "Underlag (giltiga intyg)" })).toContainText(certificate.number);
  await expect(page.getByRole("table", { name: "Varje persons framsteg och intyg per kurs" })).toContainText(
    certificate.number,
  );
  await expectNoA11yViolations(page);

  // The CSV export has the manager and the certificate.
  const csv = await page.request.get(`/team/${org.id}/export.csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const csvText = await csv.text();
  expect(csvText).toContain(managerEmail);
  expect(csvText).toContain(certificate.number);

  // --- Kontakta revokes the certificate: not met again, and the history says why ---
  const kontakta = await createUser({ name: "Karin Kontakta", platformRole: "admin" });
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signInAs(adminContext, kontakta.id);
  await adminPage.goto(`/admin?q=${encodeURIComponent(org.orgNumber)}`);
  const row = adminPage.getByRole("row", { name: new RegExp(org.name) });
  await expect(row.getByText("Uppfyllt", { exact: true })).toBeVisible();
  await expectNoA11yViolations(adminPage);
  await row.getByRole("link", { name: org.name }).click();
  await expect(adminPage.getByRole("heading", { level: 1 })).toHaveText(org.name);
  await expectNoA11yViolations(adminPage);
  await adminPage.getByRole("link", { name: certificate.number }).first().click();
  await expect(adminPage).toHaveURL(new RegExp(`/admin/certificates/${certificate.number}`));
  await adminPage.getByLabel(/^Skäl/).fill("Provet genomfördes av någon annan.");
  await adminPage.getByLabel("Jag förstår att återkallelsen inte kan ångras").check();
  await adminPage.getByRole("button", { name: "Återkalla intyget" }).click();
  await expect(adminPage).toHaveURL(/revoked=1/);

  await adminPage.goto(`/admin/organizations/${org.id}`);
  const adminCriterion = adminPage.getByRole("region", { name: "Kriteriet: utbildad person i ledande ställning" });
  await expect(adminCriterion.getByText("Inte uppfyllt", { exact: true })).toBeVisible();
  const history = adminPage.getByRole("table", { name: "Kriteriets historik" });
  await expect(history.getByRole("row")).toHaveCount(3); // header + two changes
  await expect(history.getByRole("row").nth(1)).toContainText("Intyg återkallat");
  await expect(history.getByRole("row").nth(1)).toContainText("Karin Kontakta");
  await expect(history.getByRole("row").nth(2)).toContainText("Intyg utfärdat");
  await expectNoA11yViolations(adminPage);

  await page.reload();
  await expect(criterion.getByText("Inte uppfyllt", { exact: true })).toBeVisible();

  // Kontakta's organisation forms: validation in the reader's language, accessible in every state.
  await adminPage.goto(`/admin/organizations/${org.id}/edit`);
  await expect(adminPage.getByLabel("Organisationsnummer")).toHaveValue(
    `${org.orgNumber.slice(0, 6)}-${org.orgNumber.slice(6)}`,
  );
  await expectNoA11yViolations(adminPage);
  await adminPage.goto("/admin/organizations/new");
  await adminPage.getByLabel("Namn").fill("Felnummer AB");
  await adminPage.getByLabel("Organisationsnummer").fill("556677-8898");
  await adminPage.getByRole("button", { name: "Skapa organisation" }).click();
  await expect(adminPage.getByText("Kontrollsiffran stämmer inte")).toBeVisible();
  await expectNoA11yViolations(adminPage);

  await managerContext.close();
  await adminContext.close();
});

test("bulk invite reports each row, and people from another company cannot see this company", async ({ page }) => {
  const tag = randomUUID().slice(0, 6);
  const org = await createOrganization({ name: `Kundnära ${tag} AB` });
  const other = await createOrganization({ name: `Annat ${tag} AB` });
  const admin = await createUser({ name: "Bo Bulk", memberships: [{ organizationId: org.id, role: "org_admin" }] });
  const member = await createUser({ memberships: [{ organizationId: org.id, role: "agent" }] });
  await signInAs(page.context(), admin.id);
  await page.goto(`/team/${org.id}/invite`);
  await page
    .getByLabel("Lista att klistra in")
    .fill(
      [
        `email;role;name`,
        `anna-${tag}@e2e.example;chef;Anna A`,
        `inte-en-adress;agent;`,
        `anna-${tag}@e2e.example;agent;`,
        `${member.email};agent;`,
        `bo-${tag}@e2e.example;vd;`,
      ].join("\n"),
    );
  await page.getByRole("button", { name: "Skicka inbjudningar" }).click();
  const report = page.getByRole("table", { name: "Resultat rad för rad" });
  await expect(page.getByText("1 inbjudna, 4 misslyckades.")).toBeVisible();
  await expect(report.getByRole("row").nth(1)).toContainText("Inbjuden som Chef (ledande ställning)");
  await expect(report.getByRole("row").nth(2)).toContainText("Ogiltig e-postadress");
  await expect(report.getByRole("row").nth(3)).toContainText("Finns redan tidigare i listan");
  await expect(report.getByRole("row").nth(4)).toContainText("finns redan i företaget");
  await expect(report.getByRole("row").nth(5)).toContainText("Okänd roll");
  await expectNoA11yViolations(page);
  await waitForMail(`anna-${tag}@e2e.example`);

  // Removing a person asks first.
  await page.goto(`/team/${org.id}/people`);
  await page.getByRole("link", { name: `Ta bort ${member.name}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Ta bort ${member.name}?`);
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: `Ja, ta bort ${member.name}` }).click();
  await expect(page.getByRole("status")).toContainText("Personen är borttagen från företaget");
  expect(await e2eDb().membership.count({ where: { organizationId: org.id, userId: member.id } })).toBe(0);

  // The admin of another company gets "not found" for this company's pages.
  const outsider = await createUser({ memberships: [{ organizationId: other.id, role: "org_admin" }] });
  await page.context().clearCookies();
  await signInAs(page.context(), outsider.id);
  const response = await page.goto(`/team/${org.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText(org.name)).toHaveCount(0);
  const csv = await page.request.get(`/team/${org.id}/export.csv`);
  expect(csv.status()).toBe(404);
});
