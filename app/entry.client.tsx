// Browser entry: loads the translations the page renders with (its language, and Swedish, the
// fallback), then hydrates with the same language the server rendered. Any other namespace is
// loaded when a component first asks for it, and all of them once the page is idle.
import { RemixBrowser } from "@remix-run/react";
import i18next, { type BackendModule } from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { baseI18nOptions, fallbackLanguage, isLanguage } from "~/i18n/config";
import { pageNamespaces } from "~/i18n/route-namespaces";
import { isTimeZone } from "~/utils/date-time";
import { readTimeZoneCookie, serializeTimeZoneCookie } from "~/utils/time-zone-cookie";

// Lazy: each language's files become their own chunks. The mail texts are server-only; the page
// titles are bundled by page-title.ts, which `meta` uses outside React.
const localeFiles = import.meta.glob<{ default: Record<string, unknown> }>([
  "./locales/*/*.json",
  "!./locales/*/mail.json",
  "!./locales/*/titles.json",
]);

const namespaceFile = (lng: string, ns: string) => localeFiles[`./locales/${lng}/${ns}.json`];
const allNamespaces = [...new Set(Object.keys(localeFiles).map((path) => /\/([\w-]+)\.json$/.exec(path)![1]!))];

/**
 * Serves the namespaces not loaded before hydration. A component whose namespace is missing
 * suspends until it is here (react-i18next's default): during hydration React keeps the server's
 * HTML meanwhile, and a navigation keeps the old page (Remix navigates in a transition).
 */
const lazyNamespaces: BackendModule = {
  type: "backend",
  init() {},
  read(lng, ns, callback) {
    const load = namespaceFile(lng, ns);
    if (!load) return callback(null, {});
    load().then(
      (file) => callback(null, file.default),
      (error: unknown) => callback(error as Error, null),
    );
  },
};

async function hydrate() {
  const lang = document.documentElement.lang;
  const lng = isLanguage(lang) ? lang : fallbackLanguage;
  // The page's own namespaces, as its routes declare them (route-namespaces.ts); all of them for
  // a route that declares none.
  const wanted = pageNamespaces(window.__remixRouteModules, allNamespaces);
  // i18next loads `ns` in the page's language and the fallback through the backend before
  // `init` resolves: one way to load a namespace, now or later.
  await i18next
    .use(lazyNamespaces)
    .use(initReactI18next)
    .init({ ...baseI18nOptions, lng, ns: wanted });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
  // The rest when the page is idle, so a later navigation rarely waits for one.
  const rest = allNamespaces.filter((ns) => !wanted.includes(ns));
  const whenIdle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 1000));
  whenIdle(() => void i18next.loadNamespaces(rest));
}

/** Tells the server the browser's time zone for the next requests (this page keeps the one it was rendered with). */
function reportTimeZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (isTimeZone(zone) && readTimeZoneCookie(document.cookie) !== zone) {
    document.cookie = serializeTimeZoneCookie(zone, location.protocol === "https:");
  }
}

reportTimeZone();
void hydrate();
