// Which translation namespaces a page renders with, from its routes' `handle.i18n`. The browser
// loads those before it hydrates (entry.client.tsx) and the rest later; a route that declares
// nothing gets every namespace up front. A declaration that misses a namespace costs time, not
// text: the component waits for it (Suspense) and React keeps the server's HTML meanwhile.
// tests/e2e/translations-loading.spec.ts checks the declared pages hydrate with nothing missing.
import { defaultNS } from "./config";

/** What a route module exports as `handle` to declare the namespaces its page renders with. */
export type I18nHandle = { i18n: readonly string[] };

/** The namespaces of the matched routes (`window.__remixRouteModules`), or `all` if one declares none. */
export function pageNamespaces(
  routeModules: Record<string, { handle?: unknown } | undefined> | undefined,
  all: string[],
): string[] {
  const namespaces = new Set([defaultNS]);
  const modules = Object.values(routeModules ?? {});
  if (!modules.length) return all;
  for (const module of modules) {
    const declared = (module?.handle as Partial<I18nHandle> | undefined)?.i18n;
    if (!Array.isArray(declared)) return all;
    for (const ns of declared) if (all.includes(ns)) namespaces.add(ns);
  }
  return [...namespaces];
}
