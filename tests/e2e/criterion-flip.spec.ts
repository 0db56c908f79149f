// The trained-manager criterion end to end, as issue 5's "Done when" puts it (and issue 9's: the
// invited person is company admin AND manager, two roles in one membership): a company admin
// invites a manager by e-mail, the manager joins and passes the introduction course through the
// quiz UI, and the criterion flips to met in the team dashboard, in the certification API and by
// signed webhook; a Kontakta admin revokes the certificate and it flips back on all three. The
// webhook receiver is a node:http server in this process, verifying KA-Signature with the very
// code the API docs show receivers. axe runs on every page visited.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { RECEIVER_EXAMPLE } from "../../app/modules/api/webhook-signature.server";
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

const COURSE = "introduktion-for-chefer";
const CRITERION_REGION = "Kriteriet: utbildad person i ledande ställning";

type Delivery = {
  headers: IncomingMessage["headers"];
  rawBody: string;
  body: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
  valid: boolean;
};

/** The receiver check from /api/docs, run as written (its last line defines `valid`). */
const documentedCheck = new Function("require", "req", "rawBody", "secret", `${RECEIVER_EXAMPLE}\nreturn valid;`) as (
  require: NodeJS.Require,
  req: { headers: IncomingMessage["headers"] },
  rawBody: string,
  secret: string,
) => boolean;
const requireForDocs = createRequire(import.meta.url);

/** A webhook receiver on 127.0.0.1: records every delivery, answers 200. The secret is known only after subscribing. */
async function startReceiver() {
  const deliveries: Delivery[] = [];
  let secret = "";
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let body: Delivery["body"];
      try {
        body = JSON.parse(rawBody) as Delivery["body"];
      } catch {
        res.writeHead(400).end();
        return;
      }
      deliveries.push({
        headers: req.headers,
        rawBody,
        body,
        valid: secret !== "" && documentedCheck(requireForDocs, { headers: req.headers }, rawBody, secret),
      });
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/kontakta-hook`,
    deliveries,
    setSecret(value: string) {
      secret = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Lessons done through the database (the lesson pages have their own tests); the quiz itself goes through the UI. */
async function markLessonsDone(userId: string) {
  const course = JSON.parse(readFileSync(join("content/courses", COURSE, "course.json"), "utf8")) as {
    version: string;
  };
  const lessons = [
    ...new Set(
      readdirSync(join("content/courses", COURSE, "lessons")).flatMap(
        (f) => /^\d{2}-(.+)\.sv\.mdx$/.exec(f)?.[1] ?? [],
      ),
    ),
  ];
  expect(lessons.length).toBeGreaterThan(0);
  await e2eDb().lessonCompletion.createMany({
    data: lessons.map((lessonSlug) => ({ userId, courseSlug: COURSE, contentVersion: course.version, lessonSlug })),
  });
}

type SnapQ = { id: string; options: Array<{ id: string; correct: boolean }> };
type Snapshot = { entries: Array<{ kind: string; question?: SnapQ; items?: SnapQ[] }> };

/** Takes the quiz through the UI, answering from the attempt's snapshot (the test reads the key from the database; the browser never sees it). */
async function passQuiz(page: Page): Promise<string> {
  await page.goto(`/courses/${COURSE}/quiz`);
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Starta provet" }).click();
  await expect(page).toHaveURL(/\/quiz\/[a-z0-9]+$/);
  await expectNoA11yViolations(page);
  const attemptId = page.url().split("/").pop()!;
  const attempt = await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  const questions = (attempt.snapshot as Snapshot).entries.flatMap((e) =>
    e.kind === "scenario" ? e.items! : [e.question!],
  );
  expect(questions.length).toBeGreaterThan(0);
  for (const q of questions)
    for (const o of q.options.filter((x) => x.correct))
      await page.locator(`input[name="q:${q.id}"][value="${o.id}"]`).check();
  await page.getByRole("button", { name: "Lämna in provet" }).click();
  await expect(page).toHaveURL(new RegExp(`/quiz/${attemptId}/result$`));
  await expect(page.getByRole("heading", { name: "Godkänt" })).toBeVisible();
  await expectNoA11yViolations(page);
  return attemptId;
}

async function apiCriterion(request: APIRequestContext, key: string, orgNumber: string) {
  const response = await request.get(`/api/v1/companies/${encodeURIComponent(orgNumber)}/criterion`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as {
    organization: { orgNumber: string };
    criterion: { status: string; met: boolean; evidence: Array<{ certificateNumber: string; holderName: string }> };
  };
}

test("invite → manager passes the introduction course → criterion met in dashboard, API and webhook → revoked → not met on all three", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const receiver = await startReceiver();
  const tag = createHash("sha256").update(`${Date.now()}-${Math.random()}`).digest("hex").slice(0, 6);
  const org = await createOrganization({ name: `Flippen ${tag} AB` });
  const companyAdmin = await createUser({
    name: "Cecilia Admin",
    memberships: [{ organizationId: org.id, role: "org_admin" }],
  });
  const kontakta = await createUser({ name: "Kim Kontakta", platformRole: "admin" });
  const managerEmail = `mats.chef-${tag}@e2e.example`;
  const displayNumber = `${org.orgNumber.slice(0, 6)}-${org.orgNumber.slice(6)}`;

  // --- Kontakta: an API client with a key, and a webhook subscription to our receiver ---
  const adminContext = await browser.newContext({ locale: "sv-SE" });
  const adminPage = await adminContext.newPage();
  await signInAs(adminContext, kontakta.id);
  await adminPage.goto("/admin/api");
  await expectNoA11yViolations(adminPage);
  const clientName = `Certifieringen ${tag}`;
  await adminPage.getByLabel("Namn").fill(clientName);
  await expect(adminPage.getByLabel(/criteria:read/)).toBeChecked();
  await adminPage.getByLabel(/certificates:read/).check();
  await adminPage.getByRole("button", { name: "Skapa klient och nyckel" }).click();
  const apiKey = ((await adminPage.getByTestId("one-time-secret").textContent()) ?? "").trim();
  expect(apiKey).toMatch(/^ka_live_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$/);
  await expectNoA11yViolations(adminPage);

  await adminPage.goto("/admin/api");
  await adminPage.getByRole("link", { name: clientName }).click();
  await expect(adminPage.getByRole("heading", { level: 1, name: clientName })).toBeVisible();
  await expectNoA11yViolations(adminPage);
  await adminPage.getByLabel("Adress (URL)").fill(receiver.url);
  for (const event of ["certificate.issued", "certificate.revoked", "criterion.changed"])
    await expect(adminPage.locator(`#event-${event.replace(".", "\\.")}`)).toBeChecked();
  await adminPage.getByRole("button", { name: "Lägg till prenumeration" }).click();
  const webhookSecret = ((await adminPage.getByTestId("one-time-secret").textContent()) ?? "").trim();
  expect(webhookSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  receiver.setSecret(webhookSecret);
  await expectNoA11yViolations(adminPage);

  // Before anything: not met in the API.
  const before = await apiCriterion(adminPage.request, apiKey, displayNumber);
  expect(before).toMatchObject({
    organization: { orgNumber: org.orgNumber },
    criterion: { status: "not_met", met: false, evidence: [] },
  });

  // --- The company admin invites the manager ---
  await signInAs(page.context(), companyAdmin.id);
  await page.goto(`/team/${org.id}`);
  const criterion = page.getByRole("region", { name: CRITERION_REGION });
  await expect(criterion.getByText("Inte uppfyllt", { exact: true })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole("navigation", { name: "Företagets sidor" }).getByRole("link", { name: "Bjud in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Bjud in till ${org.name}`);
  await expectNoA11yViolations(page);
  await page.getByLabel("E-postadress").fill(managerEmail);
  await page.getByLabel("Namn (valfritt)").fill("Mats Chef");
  // Two roles for one person: a second company admin who is also the trained manager.
  const roles = page.getByRole("group", { name: "Roller" });
  await roles.getByLabel("Säljare/kundtjänst").uncheck();
  await roles.getByLabel("Chef (ledande ställning)").check();
  await roles.getByLabel("Företagsadministratör").check();
  await page.getByRole("button", { name: "Skicka inbjudan" }).click();
  await expect(page.getByRole("status")).toContainText(
    `Inbjudan till ${managerEmail} är sparad och e-posten är på väg`,
  );
  await expectNoA11yViolations(page);

  // --- The manager: the mail from the SMTP server, sign-in, accept ---
  const invitation = await waitForMail(managerEmail, (m) => m.subject.includes(org.name));
  const link = firstLink(invitation.text);
  const managerContext = await browser.newContext({ locale: "sv-SE" });
  const managerPage = await managerContext.newPage();
  await managerPage.goto(link);
  await expect(managerPage.getByRole("heading", { level: 1 })).toHaveText(`Inbjudan till ${org.name}`);
  await expectNoA11yViolations(managerPage);
  // The sign-in form comes filled with the invited address; its one mail signs in and accepts,
  // and a manager lands on the introductory course.
  await managerPage.getByRole("link", { name: "Logga in för att acceptera" }).click();
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
  await expect(managerPage).toHaveURL(new RegExp(`/courses/${COURSE}$`));
  await expectNoA11yViolations(managerPage);
  const welcome = await waitForMail(managerEmail, (m) => m.subject === `Välkommen till ${org.name} på KontaktAkademin`);
  expect(welcome.text).toContain(`/courses/${COURSE}`);
  expect(welcome.html).toContain('<html lang="sv"');
  await managerPage.goto(`/team/${org.id}`);
  await expect(
    managerPage.getByRole("region", { name: CRITERION_REGION }).getByText("Inte uppfyllt", { exact: true }),
  ).toBeVisible();
  await expectNoA11yViolations(managerPage);
  const manager = await e2eDb().user.findUniqueOrThrow({ where: { email: managerEmail } });
  expect(
    await e2eDb().membership.findUnique({
      where: { userId_organizationId: { userId: manager.id, organizationId: org.id } },
    }),
  ).toMatchObject({ roles: ["manager", "org_admin"] });

  // Nothing about this company has reached the receiver yet.
  const aboutThisCompany = () => receiver.deliveries.filter((d) => JSON.stringify(d.body.data).includes(org.orgNumber));
  expect(aboutThisCompany()).toEqual([]);

  // --- The manager passes the introduction course through the quiz ---
  await markLessonsDone(manager.id);
  const attemptId = await passQuiz(managerPage);
  const certificate = await e2eDb().certificate.findUniqueOrThrow({ where: { attemptId } });
  expect(certificate).toMatchObject({ userId: manager.id, courseSlug: COURSE, criterionCourse: true, revokedAt: null });

  // (a) The dashboard: met, with the certificate as evidence.
  await page.goto(`/team/${org.id}`);
  await expect(criterion.getByText("Uppfyllt", { exact: true })).toBeVisible();
  await expect(criterion.getByRole("table", { name: "Underlag (giltiga intyg)" })).toContainText(certificate.number);
  await expectNoA11yViolations(page);

  // (b) The API: met, with the certificate as evidence.
  const met = await apiCriterion(adminPage.request, apiKey, `SE${org.orgNumber}`);
  expect(met.criterion).toMatchObject({ status: "met", met: true });
  expect(met.criterion.evidence).toEqual([
    expect.objectContaining({ certificateNumber: certificate.number, holderName: "Mats Chef" }),
  ]);

  // (c) The webhooks: certificate.issued and criterion.changed (met), signed as documented.
  const eventsOf = (type: string, match: (d: Delivery) => boolean) =>
    receiver.deliveries.filter((d) => d.body.type === type && match(d));
  const isCertificate = (d: Delivery) =>
    (d.body.data.certificate as { number?: string } | undefined)?.number === certificate.number;
  const isOrg = (met: boolean) => (d: Delivery) =>
    (d.body.data.organization as { orgNumber?: string } | undefined)?.orgNumber === org.orgNumber &&
    (d.body.data.criterion as { met?: boolean } | undefined)?.met === met;
  await expect
    .poll(
      () => [eventsOf("certificate.issued", isCertificate).length, eventsOf("criterion.changed", isOrg(true)).length],
      { timeout: 30_000, intervals: [500] },
    )
    .toEqual([1, 1]);
  const issued = eventsOf("certificate.issued", isCertificate)[0]!;
  const flippedOn = eventsOf("criterion.changed", isOrg(true))[0]!;
  // One shape: the company as in the REST API, the criterion (status, since, validUntil) next to
  // the membership standing, the certificate by its number; no internal ids.
  expect(flippedOn.body.data).toMatchObject({
    organization: { orgNumber: org.orgNumber, displayOrgNumber: displayNumber, country: "SE", name: org.name },
    change: "criterion",
    cause: "certificate_issued",
    criterion: { status: "met", met: true, validUntil: certificate.expiresAt?.toISOString() ?? null },
    membership: { status: "member" },
    certificate: { number: certificate.number },
  });
  expect(flippedOn.rawBody).not.toContain(org.id);
  expect(flippedOn.rawBody).not.toContain(certificate.id);
  expect(flippedOn.rawBody).not.toContain(manager.id);

  // One certificate shape: the webhook's certificate is what GET /certificates/{number} returns.
  const rest = await adminPage.request.get(`/api/v1/certificates/${certificate.number}`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  expect(rest.status()).toBe(200);
  expect(issued.body.data.certificate).toEqual(await rest.json());
  expect(issued.body.data).toMatchObject({
    organizations: [{ orgNumber: org.orgNumber, roles: ["manager", "org_admin"] }],
  });
  expect(issued.body.data).not.toHaveProperty("userId");

  // --- Kontakta revokes the certificate in the UI ---
  await adminPage.goto(`/admin/certificates/${certificate.number}`);
  await expect(adminPage.getByRole("heading", { level: 1 })).toHaveText(`Intyg ${certificate.number}`);
  await expectNoA11yViolations(adminPage);
  await adminPage
    .getByLabel("Skäl (visas på den publika verifieringssidan)")
    .fill("Provet gjordes av någon annan än innehavaren.");
  await adminPage.getByLabel("Jag förstår att återkallelsen inte kan ångras").check();
  await adminPage.getByRole("button", { name: "Återkalla intyget" }).click();
  await expect(adminPage.getByText("Intyget är återkallat.")).toBeVisible();
  await expectNoA11yViolations(adminPage);

  // (a) The dashboard: not met again.
  await page.reload();
  await expect(criterion.getByText("Inte uppfyllt", { exact: true })).toBeVisible();
  // No evidence any more; the managers' progress names the certificate as revoked.
  await expect(criterion.getByRole("table", { name: "Underlag (giltiga intyg)" })).toHaveCount(0);
  await expect(criterion.getByRole("row", { name: /Mats Chef/ })).toContainText(
    `Intyget återkallat${certificate.number}`,
  );
  await expectNoA11yViolations(page);

  // (d) The mails: the criterion flip reaches both company admins (the manager is one too), with
  // what to do, and the holder hears of the revocation with its reason.
  for (const adminEmail of [companyAdmin.email, managerEmail]) {
    const flip = await waitForMail(
      adminEmail,
      (m) => m.subject === `${org.name} uppfyller inte längre utbildningskravet`,
    );
    expect(flip.text).toContain("Det som hände: Kontakta återkallade ett intyg.");
    expect(flip.text).toContain(`/team/${org.id}`);
    expect(flip.html).toContain('<html lang="sv"');
  }
  const revokedMail = await waitForMail(
    managerEmail,
    (m) => m.subject === `Ditt intyg ${certificate.number} har återkallats`,
  );
  expect(revokedMail.text).toContain("Provet gjordes av någon annan än innehavaren.");

  // (b) The API: not met, no evidence.
  const after = await apiCriterion(adminPage.request, apiKey, org.orgNumber);
  expect(after.criterion).toMatchObject({ status: "not_met", met: false, evidence: [] });

  // (c) The webhooks: certificate.revoked and criterion.changed (not met).
  await expect
    .poll(
      () => [eventsOf("certificate.revoked", isCertificate).length, eventsOf("criterion.changed", isOrg(false)).length],
      { timeout: 30_000, intervals: [500] },
    )
    .toEqual([1, 1]);
  const revoked = eventsOf("certificate.revoked", isCertificate)[0]!;
  const flippedOff = eventsOf("criterion.changed", isOrg(false))[0]!;
  expect(flippedOff.body.data).toMatchObject({
    organization: { orgNumber: org.orgNumber },
    change: "criterion",
    cause: "certificate_revoked",
    criterion: { status: "not_met", met: false, validUntil: null },
    certificate: { number: certificate.number },
  });
  expect((revoked.body.data.certificate as { revokedAt: string | null }).revokedAt).not.toBeNull();

  // Every delivery about this company: valid signature (the documented check), event id in the
  // header equal to the body's, distinct ids, and nothing more than these four.
  const ours = [issued, flippedOn, revoked, flippedOff];
  for (const d of ours) {
    expect(d.valid, `signature of ${d.body.type}`).toBe(true);
    expect(d.headers["ka-event-id"]).toBe(d.body.id);
    expect(d.headers["ka-event-type"]).toBe(d.body.type);
    expect(d.headers["content-type"]).toContain("application/json");
  }
  expect(new Set(ours.map((d) => d.body.id)).size).toBe(4);
  expect(
    aboutThisCompany()
      .map((d) => d.body.type)
      .sort(),
  ).toEqual(["certificate.issued", "certificate.revoked", "criterion.changed", "criterion.changed"]);
  // A tampered body fails the same check: the verification is not vacuous.
  expect(
    documentedCheck(
      requireForDocs,
      { headers: issued.headers },
      issued.rawBody.replace(certificate.number, "KA-0000-0000-0"),
      webhookSecret,
    ),
  ).toBe(false);

  // The client's delivery log shows them delivered.
  const client = await e2eDb().apiClient.findFirstOrThrow({ where: { name: clientName } });
  await adminPage.goto(`/admin/api/clients/${client.id}`);
  await expect(adminPage.getByRole("row", { name: new RegExp(flippedOff.body.id) })).toBeVisible();
  await expectNoA11yViolations(adminPage);

  await Promise.all([managerContext.close(), adminContext.close()]);
  await receiver.close();
});
