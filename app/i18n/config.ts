// i18n settings shared by server and browser. Swedish first, then English and Finnish.
// Each capability owns one namespace file per language under app/locales/<lng>/<ns>.json.
// The translations themselves: resources.server.ts (all, for the server) and entry.client.tsx
// (the page's language and Swedish: the page's own namespaces before hydration, the rest later).
export const supportedLanguages = ["sv", "en", "fi"] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = "sv";
export const defaultNS = "common";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Groups `../locales/<lng>/<ns>.json` modules into { lng: { ns: translations } }. */
export function groupResources(files: Record<string, Record<string, unknown>>): Resources {
  const grouped: Resources = {};
  for (const [path, translations] of Object.entries(files)) {
    const match = /locales\/(\w+)\/([\w-]+)\.json$/.exec(path);
    if (!match) continue;
    const [, lng, ns] = match as unknown as [string, string, string];
    grouped[lng] ??= {};
    grouped[lng][ns] = translations;
  }
  return grouped;
}

export const baseI18nOptions = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS,
  interpolation: { escapeValue: false },
};
