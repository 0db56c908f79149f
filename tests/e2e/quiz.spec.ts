// The final quiz in a real browser: without JavaScript (plain forms), with autosave and the
// server's countdown, the attempt rules on the intro page, the server-side time limit, and
// ownership (someone else's attempt is a 404).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { createUser, e2eDb, expect, expectNoA11yViolations, signInAs, test } from "./support/fixtures";

const COURSE = "introduktion-for-chefer";

type Snapshot = { entries: Array<{ kind: string; question?: SnapQ; items?: SnapQ[] }> };
type SnapQ = { id: string; type: string; options: Array<{ id: string; correct: boolean }> };

async function learner({ lessonsDone = true, name = "Quiz Testsson" } = {}) {
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
  const user = await createUser({ name });
  if (lessonsDone) {
    await e2eDb().lessonCompletion.createMany({
      data: lessons.map((lessonSlug) => ({
        userId: user.id,
        courseSlug: COURSE,
        contentVersion: course.version,
        lessonSlug,
      })),
    });
  }
  return user;
}

async function questionsOf(attemptId: string): Promise<SnapQ[]> {
  const attempt = await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  return (attempt.snapshot as Snapshot).entries.flatMap((e) => (e.kind === "scenario" ? e.items! : [e.question!]));
}

async function answerWithKey(page: Page, questions: SnapQ[]) {
  for (const q of questions) {
    for (const o of q.options.filter((x) => x.correct))
      await page.locator(`input[name="q:${q.id}"][value="${o.id}"]`).check();
  }
}

async function startFromIntro(page: Page) {
  await page.goto(`/courses/${COURSE}/quiz`);
  await page.getByRole("button", { name: "Starta provet" }).click();
  await expect(page).toHaveURL(/\/quiz\/[a-z0-9]+$/);
  return page.url().split("/").pop()!;
}

test("without JavaScript: start, answer, save, reload resumes, submit, pass with a certificate and the full review", async ({
  browser,
  page: jsPage,
  context: jsContext,
}) => {
  const user = await learner({ name: "Utan Skript" });
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "sv-SE" });
  await signInAs(context, user.id);
  const page = await context.newPage();
  const attemptId = await startFromIntro(page);
  const questions = await questionsOf(attemptId);
  await expect(page.locator("fieldset")).toHaveCount(20);
  await expect(page.getByText(/Tid kvar när sidan laddades: cirka (40|39) minuter/)).toBeVisible();

  await answerWithKey(page, questions.slice(0, 6));
  await page.getByRole("button", { name: "Spara svar" }).click();
  await expect(page.getByRole("status")).toContainText("Svaren sparades");
  await page.goto(`/quiz/${attemptId}`);
  const first = questions[0]!;
  await expect(
    page.locator(`input[name="q:${first.id}"][value="${first.options.find((o) => o.correct)!.id}"]`),
  ).toBeChecked();
  const saved = await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  expect(Object.keys(saved.answers as object)).toHaveLength(6);

  await answerWithKey(page, questions.slice(6));
  await page.getByRole("button", { name: "Lämna in provet" }).click();
  await expect(page).toHaveURL(new RegExp(`/quiz/${attemptId}/result$`));
  await expect(page.getByRole("heading", { name: "Godkänt" })).toBeVisible();
  await expect(page.getByText("20 av 20 rätt (100 %)")).toBeVisible();
  const certificate = await e2eDb().certificate.findUniqueOrThrow({ where: { attemptId } });
  await expect(page.getByRole("link", { name: `Visa intyg ${certificate.number}` })).toHaveAttribute(
    "href",
    `/certificates/${certificate.number}`,
  );
  // answers-after-pass: once passed, the right answers and explanations are shown.
  await expect(page.getByText("Förklaring:")).toHaveCount(20);
  // The intro now says the learner has passed; no new attempt is offered.
  await page.goto(`/courses/${COURSE}/quiz`);
  await expect(page.getByText("Du är godkänd och har ett giltigt intyg")).toBeVisible();
  await expect(page.getByRole("button", { name: "Starta provet" })).toHaveCount(0);
  await context.close();
  // axe needs JavaScript: check the same result page in a normal browser.
  await signInAs(jsContext, user.id);
  await jsPage.goto(`/quiz/${attemptId}/result`);
  await expect(jsPage.getByRole("heading", { name: "Godkänt" })).toBeVisible();
  await expectNoA11yViolations(jsPage);
});

test("with JavaScript: answers save as the learner goes, the server's time counts down, a reload resumes", async ({
  page,
  context,
}) => {
  const user = await learner();
  await signInAs(context, user.id);
  const attemptId = await startFromIntro(page);
  await expectNoA11yViolations(page);
  const timer = page.getByText(/Tid kvar:/);
  await expect(timer).toContainText(/(40:00|39:\d\d)/);
  const questions = await questionsOf(attemptId);
  const q = questions.find((x) => x.type === "multiple") ?? questions[0]!;
  const chosen = q.options.slice(0, 2).map((o) => o.id);
  for (const id of q.type === "multiple" ? chosen : chosen.slice(0, 1))
    await page.locator(`input[name="q:${q.id}"][value="${id}"]`).check();
  await expect(page.getByRole("status")).toContainText("Svaren sparades");
  await expect(page.getByText("1 av 20 frågor besvarade")).toBeVisible();
  await expect
    .poll(
      async () =>
        (
          (await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).answers as Record<
            string,
            string[]
          >
        )[q.id],
    )
    .toEqual((q.type === "multiple" ? chosen : chosen.slice(0, 1)).sort());
  await page.reload();
  await expect(page.locator(`input[name="q:${q.id}"][value="${chosen[0]}"]`)).toBeChecked();
  const before = (await timer.textContent()) ?? "";
  await expect(timer).not.toHaveText(before);
});

test("the server enforces the time limit: after the deadline the saved answers are graded and the page shows the result", async ({
  page,
  context,
}) => {
  const user = await learner();
  await signInAs(context, user.id);
  const attemptId = await startFromIntro(page);
  const questions = await questionsOf(attemptId);
  await answerWithKey(page, questions.slice(0, 3));
  await expect(page.getByRole("status")).toContainText("Svaren sparades");
  // Autosave is debounced and "saved" shows after each save: wait until all three answers are
  // stored before the deadline passes, or the test races the last save.
  const expected = Object.fromEntries(
    questions.slice(0, 3).map((q) => [
      q.id,
      q.options
        .filter((o) => o.correct)
        .map((o) => o.id)
        .sort(),
    ]),
  );
  await expect
    .poll(async () => {
      const saved = (await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).answers as Record<
        string,
        string[]
      >;
      return Object.fromEntries(Object.keys(expected).map((id) => [id, [...(saved[id] ?? [])].sort()]));
    })
    .toEqual(expected);
  await e2eDb().quizAttempt.update({ where: { id: attemptId }, data: { deadlineAt: new Date(Date.now() - 1000) } });
  // A late submit with more answers: refused, the saved ones count. The answers are ticked without
  // change events, so no autosave (which would meet the deadline first and leave the page) races
  // the submit on a slow machine.
  await page.evaluate(
    (choices) => {
      for (const [name, value] of choices) {
        const input = document.querySelector<HTMLInputElement>(`input[name="${name}"][value="${value}"]`);
        if (input) input.checked = true;
      }
    },
    questions
      .slice(3)
      .flatMap((q) => q.options.filter((o) => o.correct).map((o) => [`q:${q.id}`, o.id] as [string, string])),
  );
  await page.getByRole("button", { name: "Lämna in provet" }).click();
  await expect(page).toHaveURL(new RegExp(`/quiz/${attemptId}/result$`));
  await expect(page.getByText("Tiden tog slut innan provet lämnades in")).toBeVisible();
  await expect(page.getByText("3 av 20 rätt (15 %)")).toBeVisible();
  expect(await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
    status: "expired",
    scorePoints: 3,
  });
  // The intro shows the cooldown with a countdown, and attempts left.
  await page.goto(`/courses/${COURSE}/quiz`);
  await expect(page.getByText(/Nästa försök kan du starta om (15|14) minuter/)).toBeVisible();
  await expect(page.getByText("Försök kvar just nu: 2")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Tiden tog slut" })).toBeVisible();
  await expectNoA11yViolations(page);
});

test("an attempt belongs to its learner: others get 404 for the attempt and its result", async ({
  page,
  context,
  browser,
}) => {
  const owner = await learner();
  await signInAs(context, owner.id);
  const attemptId = await startFromIntro(page);
  const intruder = await learner({ name: "Nyfiken Person" });
  const other = await browser.newContext();
  await signInAs(other, intruder.id);
  const otherPage = await other.newPage();
  for (const path of [`/quiz/${attemptId}`, `/quiz/${attemptId}/result`]) {
    const response = await otherPage.goto(path);
    expect(response?.status()).toBe(404);
  }
  const post = await otherPage.request.post(`/quiz/${attemptId}`, { form: { intent: "submit" } });
  expect(post.status()).toBe(404);
  expect((await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).status).toBe("in_progress");
  // Signed out: to the sign-in page.
  await otherPage.context().clearCookies();
  await otherPage.goto(`/quiz/${attemptId}`);
  await expect(otherPage).toHaveURL(/\/login\?redirectTo=/);
  await other.close();
});

test("the quiz opens only when every lesson is done", async ({ page, context }) => {
  const user = await learner({ lessonsDone: false });
  await signInAs(context, user.id);
  await page.goto(`/courses/${COURSE}/quiz`);
  await expect(page.getByText("Gör klart alla lektioner i kursen innan du skriver provet.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Starta provet" })).toHaveCount(0);
  const response = await page.request.post(`/courses/${COURSE}/quiz`, { form: { intent: "start" } });
  expect(response.status()).toBe(409);
  expect(await e2eDb().quizAttempt.count({ where: { userId: user.id } })).toBe(0);
  await expectNoA11yViolations(page);
});
