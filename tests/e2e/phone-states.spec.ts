// The learner's and the company admin's states on a 390 × 844 phone (issue 13): My learning with a
// passed course and its certificate, a failed attempt with its next try, an overdue assignment and
// a course being read; the course page with the test's rules; the certificate's sharing; the
// header's menu; the team dashboard's overdue people; a Finnish reader's catalogue. Each page fits
// the screen (no sideways scroll) and axe finds nothing. The screenshots go to the test's output;
// with UPDATE_SCREENSHOTS=1 they replace the ones in docs/screenshots/ that the closing note shows.
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
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

const PHONE = { width: 390, height: 844 };
const VERSION = "2026.1";
const DAY = 86_400_000;
const DOCS = join("docs", "screenshots");
const lessonSlugs = (course: string) => [
  ...new Set(
    readdirSync(join("content/courses", course, "lessons")).flatMap((f) => /^\d{2}-(.+)\.sv\.mdx$/.exec(f)?.[1] ?? []),
  ),
];

async function seedLearnerStates() {
  const db = e2eDb();
  const org = await createOrganization({ name: "Telefonbolaget Syd AB" });
  const admin = await createUser({
    name: "Ada Administratör",
    memberships: [{ organizationId: org.id, role: "org_admin" }],
  });
  const learner = await createUser({
    name: "Maja Lindqvist",
    memberships: [{ organizationId: org.id, role: "manager" }],
  });
  const membership = await db.membership.findFirstOrThrow({ where: { userId: learner.id, organizationId: org.id } });
  const now = Date.now();

  // Passed the introductory course: a graded attempt and its certificate.
  const passed = await db.quizAttempt.create({
    data: {
      userId: learner.id,
      courseSlug: "introduktion-for-chefer",
      contentVersion: VERSION,
      locale: "sv",
      status: "graded",
      snapshot: {},
      passed: true,
      scorePercent: 95,
      gradedAt: new Date(now - 2 * DAY),
    },
  });
  const certificate = await db.certificate.create({
    data: {
      number: generateNumber((n) => randomBytes(n)),
      userId: learner.id,
      attemptId: passed.id,
      holderName: "Maja Lindqvist",
      courseSlug: "introduktion-for-chefer",
      contentVersion: VERSION,
      locale: "sv",
      criterionCourse: true,
      scorePercent: 95,
      issuedAt: new Date(now - 2 * DAY),
      expiresAt: new Date(now + 3 * 365 * DAY),
    },
  });
  // Failed the ethics module a minute ago: the cooldown is running.
  await db.quizAttempt.create({
    data: {
      userId: learner.id,
      courseSlug: "etik-for-saljare-och-kundtjanst",
      contentVersion: VERSION,
      locale: "sv",
      status: "graded",
      snapshot: {},
      passed: false,
      scorePercent: 58,
      gradedAt: new Date(now - 60_000),
    },
  });
  // Every lesson of the introduction and the ethics module read; the customer-service law course
  // being read (two lessons done).
  await db.enrollment.createMany({
    data: ["introduktion-for-chefer", "etik-for-saljare-och-kundtjanst", "kundservice-och-lagen"].map((courseSlug) => ({
      userId: learner.id,
      courseSlug,
      contentVersion: VERSION,
    })),
  });
  const read = [
    ...lessonSlugs("introduktion-for-chefer").map((lessonSlug) => ["introduktion-for-chefer", lessonSlug] as const),
    ...lessonSlugs("etik-for-saljare-och-kundtjanst").map(
      (lessonSlug) => ["etik-for-saljare-och-kundtjanst", lessonSlug] as const,
    ),
    ...lessonSlugs("kundservice-och-lagen")
      .slice(0, 2)
      .map((lessonSlug) => ["kundservice-och-lagen", lessonSlug] as const),
  ];
  await db.lessonCompletion.createMany({
    data: read.map(([courseSlug, lessonSlug]) => ({
      userId: learner.id,
      courseSlug,
      contentVersion: VERSION,
      lessonSlug,
    })),
  });
  // The call-recording course, assigned by the admin and overdue since yesterday.
  const dueAt = new Date(now - DAY);
  const assignment = await db.courseAssignment.create({
    data: {
      organizationId: org.id,
      courseSlug: "inspelning-av-samtal",
      membershipId: membership.id,
      dueAt,
      assignedById: admin.id,
    },
  });
  await db.courseAssignee.create({
    data: {
      assignmentId: assignment.id,
      membershipId: membership.id,
      userId: learner.id,
      organizationId: org.id,
      courseSlug: "inspelning-av-samtal",
      dueAt,
    },
  });
  return { org, admin, learner, certificate };
}

async function onPhone(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${page.url()} scrolls sideways by ${overflow} px at 390 px`).toBeLessThanOrEqual(0);
  await expectNoA11yViolations(page);
  const path = process.env.UPDATE_SCREENSHOTS ? join(DOCS, `${name}.png`) : test.info().outputPath(`${name}.png`);
  if (process.env.UPDATE_SCREENSHOTS) mkdirSync(DOCS, { recursive: true });
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
}

test("a learner's and a company admin's states on a 390 px phone", async ({ browser }) => {
  test.setTimeout(240_000);
  const { org, admin, learner, certificate } = await seedLearnerStates();

  const context = await browser.newContext({ viewport: PHONE, locale: "sv-SE", isMobile: true, hasTouch: true });
  await signInAs(context, learner.id);
  const page = await context.newPage();

  await page.goto("/learning");
  const statuses = page.getByTestId("learner-status");
  await expect(statuses.filter({ hasText: /^Godkänd$/ })).toHaveCount(1);
  await expect(statuses.filter({ hasText: /^Inte godkänd$/ })).toHaveCount(1);
  await expect(page.getByTestId("assigned-course")).toContainText("Tilldelad av Ada Administratör");
  await expect(page.getByTestId("learner-status-detail").filter({ hasText: "Senaste resultat: 58 %" })).toContainText(
    "Nästa försök tidigast",
  );
  await expect(statuses.filter({ hasText: /^Pågår$/ })).toHaveCount(1);
  await onPhone(page, "390-my-learning");

  await page.getByText("Meny", { exact: true }).click();
  await expect(page.getByRole("link", { name: "Mina intyg" })).toBeVisible();
  await onPhone(page, "390-header-menu-open");

  await page.goto("/courses/introduktion-for-chefer");
  await expect(page.getByTestId("learner-status")).toHaveText("Godkänd");
  await expect(page.getByTestId("next-action")).toHaveText("Visa intyget");
  await onPhone(page, "390-course-passed");

  await page.goto("/courses/kundservice-och-lagen");
  await expect(page.getByTestId("quiz-rules")).toBeVisible();
  await onPhone(page, "390-course-rules");

  await page.goto(`/certificates/${certificate.number}`);
  await expect(page.getByRole("link", { name: /LinkedIn/ })).toBeVisible();
  await onPhone(page, "390-certificate-share");
  await context.close();

  const adminContext = await browser.newContext({ viewport: PHONE, locale: "sv-SE", isMobile: true, hasTouch: true });
  await signInAs(adminContext, admin.id);
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`/team/${org.id}`);
  await expect(adminPage.getByTestId("overdue-assignments")).toContainText("Maja Lindqvist");
  await onPhone(adminPage, "390-team-overdue");
  await adminContext.close();

  const finnish = await browser.newContext({ viewport: PHONE, locale: "fi-FI", isMobile: true, hasTouch: true });
  const finnishPage = await finnish.newPage();
  await finnishPage.goto("/courses");
  await expect(finnishPage.locator("html")).toHaveAttribute("lang", "fi");
  await onPhone(finnishPage, "390-catalogue-finnish");
  await finnish.close();
});
