// The browser loads only the translations a page renders with before it hydrates (the routes'
// `handle.i18n`, app/i18n/route-namespaces.ts): every page of the crawl declares its namespaces
// and fetches exactly those, and a page reached by a client-side navigation shows its own text
// (its namespace arrives when it is needed).
import type { Page } from "@playwright/test";
import { createOrganization, createUser, expect, signInAs, test } from "./support/fixtures";
import { recordHydration, resourcesBeforeHydration, translationNamespaceOf } from "../support/hydration";
import { courseCatalogue, crawl } from "./support/pages";

/**
 * The translation namespaces the page fetched before it hydrated, those its routes declare, and
 * the matched routes that declare none (the browser then loads every namespace up front).
 */
async function namespacesOf(page: Page): Promise<{ fetched: string[]; declared: string[]; undeclared: string[] }> {
  const urls = await resourcesBeforeHydration(page);
  const routes = await page.evaluate(() =>
    Object.entries(
      (window as unknown as { __remixRouteModules: Record<string, { handle?: { i18n?: string[] } }> })
        .__remixRouteModules,
    ).map(([id, module]) => ({ id, i18n: module.handle?.i18n })),
  );
  return {
    fetched: [...new Set(urls.map(translationNamespaceOf).filter((ns): ns is string => Boolean(ns)))].sort(),
    declared: [...new Set(["common", ...routes.flatMap((route) => route.i18n ?? [])])].sort(),
    undeclared: routes.filter((route) => !route.i18n).map((route) => route.id),
  };
}

test("a learner's pages hydrate with only their own translations; another capability's page still speaks Swedish", async ({
  page,
  context,
}) => {
  const org = await createOrganization();
  const learner = await createUser({ name: "Nora Namnrymd", memberships: [{ organizationId: org.id, role: "agent" }] });
  await signInAs(context, learner.id);
  await recordHydration(page);
  const course = courseCatalogue().find((c) => c.criterionCourse)!;

  const pages: Array<[string, string[]]> = [
    ["/", ["common"]],
    ["/courses", ["common", "courses"]],
    [`/courses/${course.slug}`, ["billing", "common", "courses", "quiz"]],
    [`/courses/${course.slug}/lessons/${course.lessons[0]}`, ["common", "courses"]],
  ];
  for (const [path, expected] of pages) {
    await page.goto(path);
    // Exactly what the routes declare: nothing else up front, and nothing missing (a missing one
    // is fetched by the component that asks for it, before hydration finishes, so it shows here
    // as fetched but not declared).
    const { fetched, declared } = await namespacesOf(page);
    expect(fetched, path).toEqual(declared);
    expect(fetched, path).toEqual(expected);
  }

  // From the lesson page to My certificates without a document load: the certificates namespace
  // was not loaded up front, and the page shows its Swedish text, not its keys.
  await page.evaluate(() => ((window as unknown as { kaSamePage: boolean }).kaSamePage = true));
  await page.getByRole("navigation").getByRole("link", { name: "Mina intyg" }).first().click();
  await expect(page).toHaveURL(/\/certificates$/);
  expect(await page.evaluate(() => (window as unknown as { kaSamePage?: boolean }).kaSamePage)).toBe(true);
  await expect(page.getByText("Här finns de intyg du har fått för klarade kursprov.")).toBeVisible();
  await expect(page.getByText("mine.intro")).toHaveCount(0);
});

test("every page of every persona declares its namespaces and hydrates with exactly those", async ({ browser }) => {
  test.setTimeout(240_000);
  const recording = new WeakSet<Page>();
  const problems: string[] = [];
  let checked = 0;
  await crawl(browser, {}, async (page, stop) => {
    if (!recording.has(page)) {
      // The first page of each persona: note hydration from now on, and load it again to do so.
      recording.add(page);
      await recordHydration(page);
      await page.reload();
    }
    // A step of the quiz reached without a document load shows what the first document loaded.
    const loadedAsDocument = await page.evaluate(
      () => (performance.getEntriesByType("navigation")[0]?.name ?? "") === location.href,
    );
    if (!loadedAsDocument) return;
    const { fetched, declared, undeclared } = await namespacesOf(page);
    checked++;
    const where = `${stop.persona} ${stop.path}`;
    if (undeclared.length) problems.push(`${where}: no handle.i18n in ${undeclared.join(", ")}`);
    else if (fetched.join() !== declared.join())
      problems.push(`${where}: fetched ${fetched.join(", ")} but declares ${declared.join(", ")}`);
  });
  expect(problems).toEqual([]);
  expect(checked).toBeGreaterThan(40); // the crawl's stops: every persona's pages
});
