// The page crawl: every kind of page of the app, seen by the person who can see it (anonymous
// visitor, learner, company admin, Kontakta staff), with the data each needs (a company with
// people, a certificate earned through the real quiz, an open quiz attempt). Specs walk it with
// their own check (phone.spec.ts: no sideways scroll at 320 px, and axe).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "@playwright/test";
import { createOrganization, createUser, e2eDb, expect, signInAs } from "./fixtures";

export type Persona = "visitor" | "learner" | "companyAdmin" | "staff";
export type CrawlStop = { persona: Persona; path: string };

type CourseJson = { slug: string; version: string; criterionCourse: boolean };
type Snapshot = { entries: Array<{ kind: string; question?: SnapQuestion; items?: SnapQuestion[] }> };
type SnapQuestion = { id: string; options: Array<{ id: string; correct: boolean }> };

const coursesDir = join("content", "courses");

/** Every course with its Swedish lesson slugs in order, read from content/. */
export function courseCatalogue(): Array<{
  slug: string;
  version: string;
  criterionCourse: boolean;
  lessons: string[];
}> {
  return readdirSync(coursesDir)
    .sort()
    .map((slug) => {
      const meta = JSON.parse(readFileSync(join(coursesDir, slug, "course.json"), "utf8")) as CourseJson;
      const lessons = readdirSync(join(coursesDir, slug, "lessons"))
        .sort()
        .flatMap((file) => /^\d{2}-(.+)\.sv\.mdx$/.exec(file)?.[1] ?? []);
      return { slug, version: meta.version, criterionCourse: meta.criterionCourse, lessons };
    });
}

export const criterionCourse = () => courseCatalogue().find((c) => c.criterionCourse)!;

/** Takes the criterion course's quiz through the UI with the key from the attempt's snapshot; returns the attempt id. */
export async function passCriterionQuiz(page: Page, onPage?: (path: string) => Promise<void>): Promise<string> {
  const course = criterionCourse();
  await page.goto(`/courses/${course.slug}/quiz`);
  await onPage?.(`/courses/${course.slug}/quiz`);
  await page.getByRole("button", { name: "Starta provet" }).click();
  await expect(page).toHaveURL(/\/quiz\/[a-z0-9]+$/);
  const attemptId = page.url().split("/").pop()!;
  await onPage?.(`/quiz/${attemptId}`);
  const attempt = await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  const questions = (attempt.snapshot as Snapshot).entries.flatMap((e) =>
    e.kind === "scenario" ? e.items! : [e.question!],
  );
  for (const q of questions)
    for (const o of q.options.filter((x) => x.correct))
      await page.locator(`input[name="q:${q.id}"][value="${o.id}"]`).check();
  await page.getByRole("button", { name: "Lämna in provet" }).click();
  await expect(page).toHaveURL(new RegExp(`/quiz/${attemptId}/result$`));
  await onPage?.(`/quiz/${attemptId}/result`);
  return attemptId;
}

/** A learner who has read every lesson of the criterion course (a manager and company admin, so they see every menu item a company person can). */
export async function createReadyLearner(name = "Åke Öström-Ängberg") {
  const course = criterionCourse();
  const org = await createOrganization();
  const user = await createUser({ name, memberships: [{ organizationId: org.id, roles: ["manager", "org_admin"] }] });
  await e2eDb().lessonCompletion.createMany({
    data: course.lessons.map((lessonSlug) => ({
      userId: user.id,
      courseSlug: course.slug,
      contentVersion: course.version,
      lessonSlug,
    })),
  });
  return { org, user };
}

/**
 * Sets up the people and data, then calls `check` on every page of the crawl, each in a browser
 * context of the persona allowed to see it (created with `contextOptions`, e.g. a phone viewport).
 * The quiz pages are checked on the way through a real attempt.
 */
export async function crawl(
  browser: Browser,
  contextOptions: BrowserContextOptions,
  check: (page: Page, stop: CrawlStop) => Promise<void>,
) {
  const { org, user: learner } = await createReadyLearner();
  const agent = await createUser({
    name: "Saga Säljare-Lindqvist",
    // A long address (the phone layout must wrap it), unique per crawl: several specs crawl one database.
    email: `saga.saljare-lindqvist.med.en.lang.adress.${org.id}@e2e-telefonforsaljning-exempel.example`,
    memberships: [{ organizationId: org.id, role: "agent" }],
  });
  const staff = await createUser({ name: "Kalle Kontakta", platformRole: "admin" });
  const agentMembership = await e2eDb().membership.findFirstOrThrow({
    where: { userId: agent.id, organizationId: org.id },
  });

  const contexts: Partial<Record<Persona, BrowserContext>> = {};
  const pageOf = async (persona: Persona) => {
    if (!contexts[persona]) {
      const context = await browser.newContext(contextOptions);
      if (persona === "learner" || persona === "companyAdmin") await signInAs(context, learner.id);
      if (persona === "staff") await signInAs(context, staff.id);
      contexts[persona] = context;
    }
    return contexts[persona]!.pages()[0] ?? contexts[persona]!.newPage();
  };

  // The quiz, from its intro page through an attempt to the result: a real certificate.
  const learnerPage = await pageOf("learner");
  const attemptId = await passCriterionQuiz(learnerPage, (path) => check(learnerPage, { persona: "learner", path }));
  const certificate = await e2eDb().certificate.findUniqueOrThrow({ where: { attemptId } });

  const stops: CrawlStop[] = [
    ...[
      "/",
      "/login",
      "/login/check-email",
      "/courses",
      "/verify",
      `/verify/${certificate.number}`,
      "/verify/credential",
      "/privacy",
      "/api/docs",
      "/finns-inte",
    ].map((path): CrawlStop => ({ persona: "visitor", path })),
    ...[
      "/",
      "/courses",
      "/courses?audience=manager",
      ...courseCatalogue().flatMap((c) => [
        `/courses/${c.slug}`,
        ...c.lessons.map((l) => `/courses/${c.slug}/lessons/${l}`),
      ]),
      "/learning",
      "/search",
      "/search?q=%C3%A5ngerr%C3%A4tt",
      "/certificates",
      `/certificates/${certificate.number}`,
      "/profile",
      "/orders",
    ].map((path): CrawlStop => ({ persona: "learner", path })),
    ...[
      `/team/${org.id}`,
      `/team/${org.id}/people`,
      `/team/${org.id}/invite`,
      `/team/${org.id}/seats`,
      `/team/${org.id}/people/${agentMembership.id}/remove`,
    ].map((path): CrawlStop => ({ persona: "companyAdmin", path })),
    ...[
      "/admin",
      `/admin?q=${encodeURIComponent(org.orgNumber)}`,
      `/admin/organizations/${org.id}`,
      `/admin/organizations/${org.id}/edit`,
      "/admin/organizations/new",
      `/admin/certificates/${certificate.number}`,
      "/admin/api",
      "/admin/api/requests",
      "/admin/billing",
      "/admin/billing/prices",
      "/admin/privacy",
    ].map((path): CrawlStop => ({ persona: "staff", path })),
  ];

  try {
    for (const stop of stops) {
      const page = await pageOf(stop.persona);
      await page.goto(stop.path);
      await check(page, stop);
    }
  } finally {
    await Promise.all(Object.values(contexts).map((c) => c.close()));
  }
  return { org, learner, agent, staff, certificate, stops };
}

/** Waits until React has hydrated the page (root.tsx marks <html data-hydrated> after every effect ran). */
export async function waitForHydration(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}
