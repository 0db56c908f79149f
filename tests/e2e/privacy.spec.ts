// A learner downloads everything about them from their profile, then erases their data; their
// certificate's public verification page afterwards shows the pseudonymised holder (and that it
// was withdrawn). The privacy notice is reachable from the footer. axe runs on every page visited.
import { readFileSync } from "node:fs";
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
  signInAs,
  test,
} from "./support/fixtures";

async function giveCertificate(userId: string, holderName: string) {
  const db = e2eDb();
  return db.$transaction(async (tx) => {
    const attempt = await tx.quizAttempt.create({
      data: {
        userId,
        courseSlug: "etik-for-saljare-och-kundtjanst",
        contentVersion: "2026.1",
        locale: "sv",
        status: "graded",
        snapshot: {},
        answers: { q1: ["o1"] },
        passed: true,
        scorePercent: 88,
        gradedAt: new Date(),
      },
    });
    const certificate = await tx.certificate.create({
      data: {
        number: generateNumber((n) => randomBytes(n)),
        userId,
        attemptId: attempt.id,
        holderName,
        courseSlug: "etik-for-saljare-och-kundtjanst",
        contentVersion: "2026.1",
        locale: "sv",
        criterionCourse: false,
        scorePercent: 88,
        expiresAt: new Date(Date.now() + 2 * 365 * 86_400_000),
      },
    });
    await onCertificateChanged(tx, { certificateId: certificate.id, type: "issued" });
    return certificate;
  }, QUEUED_TRANSACTION);
}

test("a learner exports and erases their data; their certificate's verification shows the pseudonymised holder", async ({
  page,
}) => {
  const tag = randomUUID().slice(0, 6);
  const org = await createOrganization({ name: `Integritet ${tag} AB` });
  const name = `Elin Raderad ${tag}`;
  const learner = await createUser({ name, memberships: [{ organizationId: org.id, role: "agent" }] });
  const certificate = await giveCertificate(learner.id, name);

  // Before: the public verification names the holder.
  await page.goto(`/verify/${certificate.number}`);
  await expect(page.getByText(name)).toBeVisible();

  // The privacy notice, from the footer: the retention table rendered from the code.
  await page.getByRole("contentinfo").getByRole("link", { name: "Integritet och personuppgifter" }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Så hanterar vi dina personuppgifter");
  await expect(
    page.getByTestId("retention-table").getByRole("row", { name: /Underkända provförsök med svar/ }),
  ).toContainText("12 månader efter rättningen");
  await expectNoA11yViolations(page);

  // Export from the profile: a JSON file with their data, in seconds.
  await signInAs(page.context(), learner.id);
  await page.goto("/profile");
  const yourData = page.getByRole("region", { name: "Dina uppgifter" });
  await expect(yourData).toBeVisible();
  await expect(yourData.getByTestId("erasure-plan")).toContainText("Återkallas nu och namnet tas bort.");
  await expectNoA11yViolations(page);
  const started = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    yourData.getByRole("link", { name: "Ladda ner mina uppgifter (JSON)" }).click(),
  ]);
  const path = await download.path();
  expect(Date.now() - started).toBeLessThan(10_000);
  const exported = JSON.parse(readFileSync(path!, "utf8")) as {
    subject: { email: string };
    profile: { name: string };
    memberships: Array<{ organization: { name: string } }>;
    quizAttempts: Array<{ answers: unknown }>;
    certificates: Array<{ number: string }>;
    sessions: unknown[];
  };
  expect(exported.subject.email).toBe(learner.email);
  expect(exported.profile.name).toBe(name);
  expect(exported.memberships[0]!.organization.name).toBe(org.name);
  expect(exported.quizAttempts[0]!.answers).toEqual({ q1: ["o1"] });
  expect(exported.certificates.map((c) => c.number)).toEqual([certificate.number]);
  expect(exported.sessions.length).toBeGreaterThan(0);
  expect(JSON.stringify(exported)).not.toContain("sessionToken");

  // Erase: a wrong confirmation is refused; the right one erases and signs out.
  await yourData.getByLabel("Skriv din e-postadress för att bekräfta").fill("someone-else@e2e.example");
  await yourData.getByRole("button", { name: "Radera mina uppgifter" }).click();
  await expect(page.getByText("Skriv exakt den e-postadress du är inloggad med.")).toBeVisible();
  await page.getByLabel("Skriv din e-postadress för att bekräfta").fill(learner.email);
  await page.getByRole("button", { name: "Radera mina uppgifter" }).click();
  await expect(page).toHaveURL(/\/privacy\?erased=1$/);
  await expect(page.getByRole("status")).toContainText("Dina personuppgifter är raderade");
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login/);

  // The certificate's public verification: withdrawn, with the holder pseudonymised.
  await page.goto(`/verify/${certificate.number}`);
  await expect(page.getByText("namnet borttaget på innehavarens begäran")).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  await expectNoA11yViolations(page);
  const db = e2eDb();
  expect(await db.user.count({ where: { email: learner.email } })).toBe(0);
  expect((await db.certificate.findUniqueOrThrow({ where: { id: certificate.id } })).revokedAt).not.toBeNull();
});
