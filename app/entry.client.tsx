// Browser entry: loads only the page's language (and Swedish, the fallback), then hydrates with
// the same language the server rendered.
import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { baseI18nOptions, fallbackLanguage, groupResources, isLanguage } from "~/i18n/config";
import { isTimeZone } from "~/utils/date-time";
import { readTimeZoneCookie, serializeTimeZoneCookie } from "~/utils/time-zone-cookie";

// Lazy: each language's files become their own chunks. The mail texts are server-only.
const localeFiles = import.meta.glob<{ default: Record<string, unknown> }>([
  "./locales/*/*.json",
  "!./locales/*/mail.json",
]);

async function loadResources(languages: string[]) {
  const wanted = Object.entries(localeFiles).filter(([path]) =>
    languages.some((lng) => path.includes(`/locales/${lng}/`)),
  );
  const loaded = await Promise.all(wanted.map(async ([path, load]) => [path, (await load()).default] as const));
  return groupResources(Object.fromEntries(loaded));
}

async function hydrate() {
  const lang = document.documentElement.lang;
  const lng = isLanguage(lang) ? lang : fallbackLanguage;
  const resources = await loadResources(lng === fallbackLanguage ? [lng] : [lng, fallbackLanguage]);
  const ns = Object.keys(resources[lng] ?? {});
  await i18next.use(initReactI18next).init({ ...baseI18nOptions, lng, ns, resources });
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
