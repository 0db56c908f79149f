// The learner's state after the moments that matter (issue 13): a manager who passes sees
// "Godkänd" with the certificate and one next action on My learning and the course page (not
// "Klar för slutprov"); a failed attempt shows when the next try is allowed; the quiz's rules and
// the course version people use are on the course page; a Finnish reader's catalogue lists every
// course with the language it is shown in, and no empty state above them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import {
  createOrganization,
  createUser,
  e2eDb,
  expect,
  expectNoA11yViolations,
  signInAs,
  test,
} from "./support/fixtures";

const COURSE = "introduktion-for-chefer";
const courseJson = (slug: string) =>
  JSON.parse(readFileSync(join("content/courses", slug, "course.json"), "utf8")) as {
    version: string;
    title: Record<string, string | undefined>;
  };
const lessonSlugs = (slug: string) => [
  ...new Set(
    readdirSync(join("content/courses", slug, "lessons")).flatMap((f) => /^\d{2}-(.+)\.sv\.mdx$/.exec(f)?.[1] ?? []),
  ),
];
const lessonTitle = (slug: string, lesson: string, language: string) => {
  const file = readdirSync(join("content/courses", slug, "lessons")).find((f) =>
    f.endsWith(`-${lesson}.${language}.mdx`),
  )!;
  return /^title:\s*"(.+)"\s*$/m.exec(readFileSync(join("content/courses", slug, "lessons", file), "utf8"))![1]!;
};

type SnapQ = { id: string; options: Array<{ id: string; correct: boolean }> };
type Snapshot = { entries: Array<{ kind: string; question?: SnapQ; items?: SnapQ[] }> };

async function manager() {
  const org = await createOrganization();
  return createUser({ name: "Maja Chef", memberships: [{ organizationId: org.id, role: "manager" }] });
}

/** Every lesson of the current version marked done (reading is covered by courses.spec.ts). */
async function readEverything(userId: string) {
  const { version } = courseJson(COURSE);
  await e2eDb().lessonCompletion.createMany({
    data: lessonSlugs(COURSE).map((lessonSlug) => ({
      userId,
      courseSlug: COURSE,
      contentVersion: version,
      lessonSlug,
    })),
  });
}

async function takeQuiz(page: Page, pass: boolean) {
  await page.getByRole("button", { name: "Starta provet" }).click();
  await expect(page).toHaveURL(/\/quiz\/[a-z0-9]+$/);
  const attemptId = page.url().split("/").pop()!;
  const attempt = await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  const questions = (attempt.snapshot as Snapshot).entries.flatMap((e) =>
    e.kind === "scenario" ? e.items! : [e.question!],
  );
  for (const q of questions) {
    const choose = pass ? q.options.filter((o) => o.correct) : [q.options.find((o) => !o.correct)!];
    for (const o of choose) await page.locator(`input[name="q:${q.id}"][value="${o.id}"]`).check();
  }
  await page.getByRole("button", { name: "Lämna in provet" }).click();
  await expect(page).toHaveURL(new RegExp(`/quiz/${attemptId}/result$`));
  return attemptId;
}

test("a manager passes: My learning and the course page say Godkänd with the certificate and one next action", async ({
  page,
  context,
}) => {
  test.setTimeout(420_000);
  const user = await manager();
  await signInAs(context, user.id);
  const { version } = courseJson(COURSE);

  // Before starting: the quiz's rules and the course version as people say it.
  await page.goto(`/courses/${COURSE}`);
  const rules = page.getByTestId("quiz-rules");
  await expect(page.getByRole("heading", { name: "Slutprovet", level: 2 })).toBeVisible();
  await expect(rules).toContainText("20 frågor");
  await expect(rules).toContainText("Minst 80 % rätt (16 av 20 frågor)");
  await expect(rules).toContainText("40 minuter");
  await expect(rules).toContainText("3 försök per 24 timmar");
  await expect(rules).toContainText("15 minuter");
  await expect(page.getByText(`Kursversion ${version}`, { exact: true })).toBeVisible();
  await expect(page.getByText(/Kursversion .*\+/)).toHaveCount(0);
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Börja kursen" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/lessons/`));

  await readEverything(user.id);
  await page.goto("/learning");
  await expect(page.getByTestId("learner-status")).toHaveText("Klar för slutprov");
  await page.getByTestId("next-action").click();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/quiz$`));
  const attemptId = await takeQuiz(page, true);
  await expect(page.getByText("20 av 20 rätt (100 %)")).toBeVisible();
  const certificate = await e2eDb().certificate.findUniqueOrThrow({ where: { attemptId } });

  for (const path of ["/learning", `/courses/${COURSE}`]) {
    await page.goto(path);
    await expect(page.getByTestId("learner-status")).toHaveText("Godkänd");
    await expect(page.getByText("Klar för slutprov")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Till slutprovet" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Fortsätt/ })).toHaveCount(0);
    await expect(page.getByTestId("status-certificate-link")).toHaveText(`Intyg ${certificate.number}`);
    await expect(page.getByTestId("status-certificate-link")).toHaveAttribute(
      "href",
      `/certificates/${certificate.number}`,
    );
    await expect(page.getByTestId("learner-status-detail")).toContainText(/giltigt till \d{1,2} \w+ \d{4}/);
    // The one next action, as the one primary button.
    await expect(page.getByTestId("next-action")).toHaveCount(1);
    await expect(page.getByTestId("next-action")).toHaveText("Visa intyget");
    await expect(page.getByTestId("next-action")).toHaveAttribute("href", `/certificates/${certificate.number}`);
    await expectNoA11yViolations(page);
  }
  await page.getByTestId("next-action").click();
  await expect(page).toHaveURL(new RegExp(`/certificates/${certificate.number}$`));

  // The catalogue shows the same status on the course's card.
  await page.goto("/courses");
  const card = page.locator("article").filter({ has: page.getByRole("link", { name: courseJson(COURSE).title.sv! }) });
  await expect(card.getByTestId("learner-status")).toHaveText("Godkänd");
});

test("a failed attempt: My learning says when the next try is allowed, and offers the lessons meanwhile", async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const user = await manager();
  await signInAs(context, user.id);
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole("button", { name: "Börja kursen" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/lessons/`));
  await readEverything(user.id);
  await page.goto(`/courses/${COURSE}/quiz`);
  const attemptId = await takeQuiz(page, false);
  const attempt = await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  expect(attempt.passed).toBe(false);

  await page.goto("/learning");
  await expect(page.getByTestId("learner-status")).toHaveText("Inte godkänd");
  await expect(page.getByTestId("learner-status-detail")).toContainText(`Senaste resultat: ${attempt.scorePercent} %.`);
  // 15 minutes' cooldown from grading, in the platform's time zone.
  const nextTry = new Intl.DateTimeFormat("sv", { timeStyle: "short", timeZone: "Europe/Stockholm" }).format(
    new Date(attempt.gradedAt!.getTime() + 15 * 60_000),
  );
  await expect(page.getByTestId("learner-status-detail")).toContainText(`Nästa försök tidigast`);
  await expect(page.getByTestId("learner-status-detail")).toContainText(nextTry);
  const first = lessonSlugs(COURSE)[0]!;
  await expect(page.getByTestId("next-action")).toHaveText(`Repetera: ${lessonTitle(COURSE, first, "sv")}`);
  await expect(page.getByTestId("next-action")).toHaveAttribute("href", `/courses/${COURSE}/lessons/${first}`);
  await expectNoA11yViolations(page);
});

test("a Finnish reader's catalogue lists every course with the language it is shown in, and no empty state", async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: "fi-FI" });
  const user = await createUser({ name: "Esi Henkilö" });
  await e2eDb().user.update({ where: { id: user.id }, data: { locale: "fi" } });
  await signInAs(context, user.id);
  const page = await context.newPage();
  await page.goto("/courses");
  await expect(page.locator("html")).toHaveAttribute("lang", "fi");
  const slugs = readdirSync("content/courses").filter((d) => !d.startsWith("."));
  await expect(page.getByRole("status").filter({ hasText: "kurssia" })).toContainText(`${slugs.length} kurssia`);
  await expect(page.getByText("Yksikään kurssi ei vastaa suodatusta")).toHaveCount(0);
  await expect(page.getByText("Vain ruotsiksi")).toHaveCount(0);
  await expect(page.getByTestId("shown-language")).toHaveCount(slugs.length);
  for (const slug of slugs) {
    const meta = courseJson(slug);
    const finnish = lessonSlugs(slug).every((l) =>
      readdirSync(join("content/courses", slug, "lessons")).some((f) => f.endsWith(`-${l}.fi.mdx`)),
    );
    const shown = finnish ? "fi" : "en"; // every sample course exists in English
    const title = meta.title[shown]!;
    const heading = page.getByRole("heading", { name: title, level: 2 });
    await expect(heading).toHaveAttribute("lang", shown);
    const card = page.locator("article").filter({ has: heading });
    await expect(card.getByTestId("shown-language")).toHaveText(
      shown === "fi" ? "Näytetään suomeksi" : "Näytetään englanniksi",
    );
  }
  await expectNoA11yViolations(page);

  // The course page agrees with its card, and says why it is not in Finnish.
  const english = slugs.find(
    (slug) => !readdirSync(join("content/courses", slug, "lessons")).some((f) => f.endsWith(".fi.mdx")),
  )!;
  await page.goto(`/courses/${english}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(courseJson(english).title.en!);
  await expect(page.getByRole("heading", { level: 1 })).toHaveAttribute("lang", "en");
  await expect(page.getByText("Kurssia ei ole vielä saatavilla suomeksi. Se näytetään englanniksi.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Loppukoe", level: 2 })).toBeVisible();
  await expectNoA11yViolations(page);

  // Search says what it searches, and in which languages.
  await page.goto("/search");
  await expect(page.locator("#search-hint")).toContainText(/oppituntia suomeksi/);
  await expect(page.locator("#search-hint")).toContainText(/oppituntia englanniksi/);
  await page.getByLabel("Hakusana").fill("peruuttamisoikeus");
  await page.getByRole("button", { name: "Hae" }).click();
  await expect(page.getByText(/\d+ osuma(a)? haulla/)).toBeVisible();
  await context.close();
});
