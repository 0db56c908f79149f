// What a page loads before React has hydrated it, as Chromium saw it: root.tsx marks
// <html data-hydrated> once every effect ran, and an init script notes when that happened.
// Used by the e2e specs and by `npm run bench -- lesson-render`.
import { readdirSync } from "node:fs";
import type { Page } from "@playwright/test";

type HydrationWindow = { kaHydratedAt?: number };

/** Call before the first navigation: notes in each document when it was hydrated. */
export async function recordHydration(page: Page) {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.documentElement?.hasAttribute("data-hydrated")) return;
      (window as unknown as HydrationWindow).kaHydratedAt = performance.now();
      observer.disconnect();
      // The document itself: its <html> element does not exist yet when this runs.
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
  });
}

/** Waits for hydration; the URLs of every resource the page started to fetch before it. */
export async function resourcesBeforeHydration(page: Page): Promise<string[]> {
  await page.waitForFunction(() => (window as unknown as HydrationWindow).kaHydratedAt !== undefined);
  return page.evaluate(() => {
    const hydratedAt = (window as unknown as HydrationWindow).kaHydratedAt!;
    return performance
      .getEntriesByType("resource")
      .filter((entry) => entry.startTime < hydratedAt)
      .map((entry) => entry.name);
  });
}

// The browser's translation namespaces: one chunk per language and namespace, named after the file
// (`courses-<hash>.js`). Not the mail texts (server-only) nor the page titles, which page-title.ts
// bundles for `meta` (app/entry.client.tsx).
const browserNamespaces = readdirSync("app/locales/sv")
  .map((file) => file.replace(/\.json$/, ""))
  .filter((ns) => ns !== "mail" && ns !== "titles");

/** The translation namespace a loaded file (URL or path) holds, or undefined for any other file. */
export function translationNamespaceOf(url: string): string | undefined {
  const path = new URL(url, "http://localhost").pathname;
  return browserNamespaces.find((ns) => new RegExp(`^/assets/${ns}-[\\w-]{8}\\.js$`).test(path));
}
