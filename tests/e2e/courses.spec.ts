// The learner's reading experience end to end: an agent signs in, opens the ethics course, reads
// every lesson (marking each done), sees progress reach 100 %, leaves and resumes in the right
// place; axe finds nothing on the catalogue, course, lesson, My learning and search pages.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createOrganization,
  createUser,
  e2eDb,
  expect,
  expectNoA11yViolations,
  signInAs,
  signInWithMagicLink,
  test,
} from "./support/fixtures";
import { waitForHydration } from "./support/pages";

const COURSE = "etik-for-saljare-och-kundtjanst";
const lessonsDir = join("content", "courses", COURSE, "lessons");
// The Swedish lessons in order, with their titles from the front matter.
const lessons = readdirSync(lessonsDir)
  .filter((f) => f.endsWith(".sv.mdx"))
  .sort()
  .map((file) => ({
    slug: /^\d{2}-(.+)\.sv\.mdx$/.exec(file)![1]!,
    title: /^title:\s*"(.+)"\s*$/m.exec(readFileSync(join(lessonsDir, file), "utf8"))![1]!,
  }));
const courseTitle = (
  JSON.parse(readFileSync(join("content", "courses", COURSE, "course.json"), "utf8")) as { title: { sv: string } }
).title.sv;

async function createAgent() {
  const org = await createOrganization();
  return createUser({ name: "Sara Säljare", memberships: [{ organizationId: org.id, role: "agent" }] });
}

test("an agent reads the ethics course to 100 %, leaving and resuming in the right place", async ({ page }) => {
  test.setTimeout(180_000);
  const agent = await createAgent();
  await signInWithMagicLink(page, agent.email, "/courses");
  await expect(page).toHaveURL(/\/courses$/);
  await expect(page.getByRole("heading", { level: 1, name: "Kurser" })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByRole("link", { name: courseTitle }).click();
  await expect(page.getByRole("heading", { level: 1, name: courseTitle })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Kursens innehåll" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Det här visar intyget" })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Börja kursen" }).click();

  const total = lessons.length;
  const halfway = Math.ceil(total / 2);
  for (const [index, lesson] of lessons.entries()) {
    await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/lessons/${lesson.slug}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(lesson.title);
    await expect(page.getByText(`Lektion ${index + 1} av ${total}`)).toBeVisible();
    await expect(page.getByText(`${index} av ${total} lektioner klara`)).toBeVisible();
    if (index === 0) {
      await expectNoA11yViolations(page);
      // The scenario's "what went wrong?" opens with the keyboard, without any script of ours.
      const reveal = page.locator(".lesson-body details").first();
      await reveal.locator("summary").focus();
      await page.keyboard.press("Enter");
      await expect(reveal).toHaveAttribute("open", "");
      await expectNoA11yViolations(page);
    }
    const last = index === total - 1;
    await page
      .getByRole("button", { name: last ? "Markera som klar" : "Markera som klar och gå vidare", exact: true })
      .click();

    if (index + 1 === halfway) {
      // Leave mid-course…
      await expect(page).toHaveURL(new RegExp(`/lessons/${lessons[halfway]!.slug}$`));
      await page.goto("/");
      // …and come back through My learning: it continues with the first lesson not yet done.
      await page.getByRole("link", { name: "Mitt lärande" }).first().click();
      await expect(page.getByText(`${halfway} av ${total} lektioner klara`)).toBeVisible();
      await expectNoA11yViolations(page);
      await page.getByRole("link", { name: `Fortsätt: ${lessons[halfway]!.title}` }).click();
    }
  }

  // After the last lesson: 100 % and the way to the final quiz.
  await expect(page.getByText(`${total} av ${total} lektioner klara (100 %)`)).toBeVisible();
  await expect(page.getByText("Du har markerat lektionen som klar.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Till slutprovet" })).toHaveAttribute("href", `/courses/${COURSE}/quiz`);
  await page.goto(`/courses/${COURSE}`);
  await expect(page.getByText(`${total} av ${total} lektioner klara`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Till slutprovet" })).toBeVisible();
  await page.goto("/learning");
  await expect(page.getByText("Klar för slutprov")).toBeVisible();

  const db = e2eDb();
  const completions = await db.lessonCompletion.findMany({ where: { userId: agent.id, courseSlug: COURSE } });
  expect(completions.map((c) => c.lessonSlug).sort()).toEqual(lessons.map((l) => l.slug).sort());
  const enrollment = await db.enrollment.findUniqueOrThrow({
    where: { userId_courseSlug: { userId: agent.id, courseSlug: COURSE } },
  });
  expect(enrollment.completedAt).not.toBeNull();
});

test("a learner who opens another lesson resumes there from the course page", async ({ page, context }) => {
  const agent = await createAgent();
  await signInAs(context, agent.id);
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole("button", { name: "Börja kursen" }).click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${lessons[0]!.slug}$`));
  // Jump ahead through the table of contents of the course page, read a bit, leave.
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole("link", { name: lessons[2]!.title, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(lessons[2]!.title);
  await page.goto("/courses");
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole("link", { name: `Fortsätt: ${lessons[2]!.title}` }).click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${lessons[2]!.slug}$`));
});

test("a lesson's text travels once in the document, and stays through hydration and client navigation", async ({
  page,
  context,
}) => {
  const agent = await createAgent();
  await signInAs(context, agent.id);
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole("button", { name: "Börja kursen" }).click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${lessons[0]!.slug}$`));

  // A document request: the body is rendered once, not also in the hydration data.
  const response = await page.goto(`/courses/${COURSE}/lessons/${lessons[1]!.slug}`);
  const documentHtml = await response!.text();
  await waitForHydration(page);
  const body = page.locator('[data-document-html="lesson-body"]');
  // A run of plain words from the body's first paragraph (no character HTML would escape).
  const phrase = await body
    .locator("p")
    .first()
    .evaluate((p) => /[\p{L}][\p{L} ,.]{24,}/u.exec(p.textContent ?? "")?.[0].slice(0, 24) ?? "");
  expect(phrase.length).toBe(24);
  expect(documentHtml.split(phrase).length - 1).toBe(1);
  await expect(body).toContainText(phrase);

  // A client-side navigation brings the next lesson's body in its data; going back, this one's.
  await page.getByRole("link", { name: `Nästa: ${lessons[2]!.title} →`, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(lessons[2]!.title);
  await expect(body).not.toContainText(phrase);
  await expect(body.locator("p").first()).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(lessons[1]!.title);
  await expect(body).toContainText(phrase);
});

test("search finds a word in the lessons and links to the heading", async ({ page, context }) => {
  const agent = await createAgent();
  await signInAs(context, agent.id);
  await page.goto("/search");
  await page.getByLabel("Sökord").fill("ångerrätt");
  await page.getByRole("button", { name: "Sök" }).click();
  await expect(page).toHaveURL(/\/search\?q=%C3%A5ngerr%C3%A4tt/);
  await expect(page.getByText(/\d+ träff(ar)? för ”ångerrätt”/)).toBeVisible();
  await expect(page.locator("mark").first()).toHaveText(/ångerrätt/i);
  await expectNoA11yViolations(page);
  const first = page.locator("ol li h2 a").first();
  const href = await first.getAttribute("href");
  expect(href).toMatch(/^\/courses\/[a-z0-9-]+\/lessons\/[a-z0-9-]+(#.+)?$/);
  await first.click();
  await expect(page.locator(".lesson-body")).toContainText(/ångerrätt/i);
});

test("the lesson reader works in English, prints without navigation, and keeps headings in order", async ({
  page,
  context,
}) => {
  const agent = await createAgent();
  await e2eDb().user.update({ where: { id: agent.id }, data: { locale: "en" } });
  await signInAs(context, agent.id);
  await page.goto(`/courses/${COURSE}/lessons/${lessons[0]!.slug}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("navigation", { name: "On this page" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark as done and continue" })).toBeVisible();
  await expectNoA11yViolations(page);
  const levels = await page
    .locator("main h1, main h2, main h3")
    .evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => Number(e.tagName[1])));
  expect(levels[0]).toBe(1);
  for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main menu" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Mark as done and continue" })).toBeHidden();
  await expect(page.locator(".lesson-body")).toBeVisible();
});
