// Certificates end to end, in Chromium against the production build on PostgreSQL: a manager
// passes the introduction course's quiz, downloads the PDF (its text and QR code decoded here),
// checks the credential file, opens the public verification page; a Kontakta admin revokes the
// certificate and every surface says so at once.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Page } from "@playwright/test";
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

const COURSE = "introduktion-for-chefer";
const work = mkdtempSync(join(tmpdir(), "ka-e2e-cert-"));

type SnapQ = { id: string; options: Array<{ id: string; correct: boolean }> };
type Snapshot = { entries: Array<{ kind: string; question?: SnapQ; items?: SnapQ[] }> };

/** A manager of a member company who has done every lesson of the introduction course. */
async function managerReadyForQuiz() {
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
  const org = await createOrganization();
  const user = await createUser({
    name: "Åke Öström-Ängberg",
    memberships: [{ organizationId: org.id, role: "manager" }],
  });
  await e2eDb().lessonCompletion.createMany({
    data: lessons.map((lessonSlug) => ({
      userId: user.id,
      courseSlug: COURSE,
      contentVersion: course.version,
      lessonSlug,
    })),
  });
  return user;
}

/** Takes the quiz through the UI, answering from the attempt's own snapshot (the test knows the key; the browser never does). */
async function passQuiz(page: Page): Promise<string> {
  await page.goto(`/courses/${COURSE}/quiz`);
  await page.getByRole("button", { name: "Starta provet" }).click();
  await expect(page).toHaveURL(/\/quiz\/[a-z0-9]+$/);
  const attemptId = page.url().split("/").pop()!;
  const attempt = await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  const questions = (attempt.snapshot as Snapshot).entries.flatMap((e) =>
    e.kind === "scenario" ? e.items! : [e.question!],
  );
  for (const q of questions)
    for (const o of q.options.filter((x) => x.correct))
      await page.locator(`input[name="q:${q.id}"][value="${o.id}"]`).check();
  await page.getByRole("button", { name: "Lämna in provet" }).click();
  await expect(page).toHaveURL(new RegExp(`/quiz/${attemptId}/result$`));
  await expect(page.getByRole("heading", { name: "Godkänt" })).toBeVisible();
  return attemptId;
}

function readPdf(file: string) {
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  const pngBase = join(work, "page");
  execFileSync("pdftoppm", ["-png", "-r", "150", "-singlefile", file, pngBase]);
  const png = PNG.sync.read(readFileSync(`${pngBase}.png`));
  const qr = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return { text, qr: qr?.data ?? null };
}

test("a manager passes the introduction course, gets a verifiable certificate, and an admin revokes it", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(180_000);
  const manager = await managerReadyForQuiz();
  await signInAs(context, manager.id);
  const attemptId = await passQuiz(page);
  const certificate = await e2eDb().certificate.findUniqueOrThrow({ where: { attemptId } });
  const number = certificate.number;
  expect(number).toMatch(/^KA-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
  expect(certificate).toMatchObject({ holderName: "Åke Öström-Ängberg", criterionCourse: true, courseSlug: COURSE });

  // From the result page to the holder's certificate page.
  await page.getByRole("link", { name: `Visa intyg ${number}` }).click();
  await expect(page).toHaveURL(`/certificates/${number}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Intyg för Introduktion för chefer i medlemsföretag",
  );
  await expect(page.getByText("Giltigt", { exact: true })).toBeVisible();
  await expectNoA11yViolations(page);

  // The PDF: A4 text in Swedish with å ä ö, and a QR code leading to the verification page.
  const [pdfDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Intyget som PDF" }).click(),
  ]);
  expect(pdfDownload.suggestedFilename()).toBe(`${number}.pdf`);
  const pdfFile = join(work, `${number}.pdf`);
  await pdfDownload.saveAs(pdfFile);
  const pdf = readPdf(pdfFile);
  for (const expected of [
    "INTYG",
    "Åke Öström-Ängberg",
    "Introduktion för chefer i medlemsföretag",
    number,
    "Utfärdat av Kontakta genom KontaktAkademin",
  ]) {
    expect(pdf.text).toContain(expected);
  }
  const verifyUrl = `${settings.baseUrl}/verify/${number}`;
  expect(pdf.qr).toBe(verifyUrl);

  // The credential file.
  const [jsonDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Digitalt intyg \(Open Badges 3\.0/ }).click(),
  ]);
  const credentialFile = join(work, `${number}.credential.json`);
  await jsonDownload.saveAs(credentialFile);
  const credential = JSON.parse(readFileSync(credentialFile, "utf8")) as {
    proof: { cryptosuite: string };
    credentialStatus: { statusListIndex: string };
  };
  expect(credential.proof.cryptosuite).toBe("eddsa-rdfc-2022");

  // Anyone (not signed in, no JavaScript) checks the file on /verify/credential.
  const publicContext = await browser.newContext({ javaScriptEnabled: false, locale: "sv-SE" });
  const publicPage = await publicContext.newPage();
  await publicPage.goto("/verify/credential");
  await publicPage.getByLabel("Intygsfil (JSON)").setInputFiles(credentialFile);
  await publicPage.getByRole("button", { name: "Kontrollera intyget" }).click();
  await expect(publicPage.getByText("Intyget är äkta och giltigt.")).toBeVisible();
  await expect(publicPage.getByText("Signaturen stämmer")).toBeVisible();

  // The QR code's page, as a phone would open it.
  const visitor = await browser.newContext({ locale: "sv-SE" });
  const verifyPage = await visitor.newPage();
  await verifyPage.goto(pdf.qr!);
  await expect(verifyPage.getByRole("heading", { level: 1 })).toHaveText(`Intyg ${number}`);
  await expect(verifyPage.getByText("Intyget är giltigt.")).toBeVisible();
  await expect(verifyPage.getByText("Åke Öström-Ängberg")).toBeVisible();
  await expect(verifyPage.getByText("Introduktion för chefer i medlemsföretag")).toBeVisible();
  await expect(verifyPage.getByText(manager.email)).toHaveCount(0);
  await expectNoA11yViolations(verifyPage);

  // Typing the number: a typo is caught by the check character; lower case and spaces are fine.
  await verifyPage.goto("/verify");
  const last = number.at(-1)!;
  const typo = number.slice(0, -1) + (last === "7" ? "8" : "7");
  await verifyPage.getByLabel("Intygsnummer").fill(typo);
  await verifyPage.getByRole("button", { name: "Kontrollera" }).click();
  await expect(verifyPage.getByRole("alert")).toContainText("Kontrolltecknet");
  await expectNoA11yViolations(verifyPage);
  await verifyPage.getByLabel("Intygsnummer").fill(number.toLowerCase().replace(/-/g, " "));
  await verifyPage.getByRole("button", { name: "Kontrollera" }).click();
  await expect(verifyPage).toHaveURL(`/verify/${number}`);
  await expect(verifyPage.getByText("Intyget är giltigt.")).toBeVisible();

  // A Kontakta admin revokes it, with a reason.
  const admin = await createUser({ name: "Kontakta Admin", platformRole: "admin" });
  const adminContext = await browser.newContext({ locale: "sv-SE" });
  await signInAs(adminContext, admin.id);
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`/admin/certificates/${number}`);
  await expect(adminPage.getByRole("heading", { level: 1 })).toHaveText(`Intyg ${number}`);
  await expectNoA11yViolations(adminPage);
  await adminPage
    .getByLabel("Skäl (visas på den publika verifieringssidan)")
    .fill("Provet gjordes av någon annan än innehavaren.");
  await adminPage.getByLabel("Jag förstår att återkallelsen inte kan ångras").check();
  await adminPage.getByRole("button", { name: "Återkalla intyget" }).click();
  await expect(adminPage.getByText("Intyget är återkallat.")).toBeVisible();
  await expect(adminPage.locator("dd").getByText("Återkallat", { exact: true })).toBeVisible();
  await expect(adminPage.locator("dd").getByText("Kontakta Admin")).toBeVisible();

  // The public page says so, with the reason.
  await verifyPage.goto(`/verify/${number}`);
  await expect(verifyPage.getByText("Intyget har återkallats och gäller inte.")).toBeVisible();
  await expect(verifyPage.getByText("Provet gjordes av någon annan än innehavaren.")).toBeVisible();
  await expectNoA11yViolations(verifyPage);

  // The published status list has the bit set, and the credential file now fails its status check.
  const list = (await (await verifyPage.request.get("/credentials/status/1")).json()) as {
    credentialSubject: { encodedList: string };
  };
  const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
  expect(bits.getStatus(Number(credential.credentialStatus.statusListIndex))).toBe(true);
  await publicPage.goto("/verify/credential");
  await publicPage.getByLabel("Intygsfil (JSON)").setInputFiles(credentialFile);
  await publicPage.getByRole("button", { name: "Kontrollera intyget" }).click();
  await expect(publicPage.getByText("Intyget kan inte godtas.")).toBeVisible();
  await expect(publicPage.getByText("Intyget har återkallats.")).toBeVisible();

  // The holder sees it too.
  await page.goto(`/certificates/${number}`);
  await expect(page.getByText("Provet gjordes av någon annan än innehavaren.")).toBeVisible();

  await Promise.all([publicContext.close(), visitor.close(), adminContext.close()]);
});

test("someone else's certificate page, PDF and credential are not found; the public page works for everyone", async ({
  page,
  context,
}) => {
  const holder = await createUser({ name: "Hanna Hållare" });
  const db = e2eDb();
  const attempt = await db.quizAttempt.create({
    data: {
      userId: holder.id,
      courseSlug: COURSE,
      contentVersion: "2026.1",
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
      number: "KA-0000-0003-3",
      userId: holder.id,
      attemptId: attempt.id,
      holderName: "Hanna Hållare",
      courseSlug: COURSE,
      contentVersion: "2026.1",
      locale: "sv",
      criterionCourse: true,
      scorePercent: 90,
    },
  });
  const stranger = await createUser();
  await signInAs(context, stranger.id);
  for (const path of [
    `/certificates/${certificate.number}`,
    `/certificates/${certificate.number}/pdf`,
    `/certificates/${certificate.number}/credential.json`,
  ]) {
    expect((await page.request.get(path)).status(), path).toBe(404);
  }
  await page.goto(`/verify/${certificate.number}`);
  await expect(page.getByText("Hanna Hållare")).toBeVisible();
  await page.goto("/certificates");
  await expect(page.getByText("Du har inga intyg ännu.")).toBeVisible();
  await expectNoA11yViolations(page);
});
