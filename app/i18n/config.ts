// i18n settings shared by server and browser. Swedish first, then English and Finnish.
// Each capability owns one namespace file per language under app/locales/<lng>/<ns>.json.
export const supportedLanguages = ["sv", "en", "fi"] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = "sv";
export const defaultNS = "common";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const files = import.meta.glob<{ default: Record<string, unknown> }>("../locales/*/*.json", { eager: true });

/** All translations, bundled: { sv: { common: {...}, courses: {...} }, en: … }. */
export const resources: Resources = Object.entries(files).reduce<Resources>((acc, [path, mod]) => {
  const match = /locales\/(\w+)\/([\w-]+)\.json$/.exec(path);
  if (!match) return acc;
  const [, lng, ns] = match as unknown as [string, string, string];
  acc[lng] ??= {};
  acc[lng][ns] = mod.default;
  return acc;
}, {});

export const namespaces = Array.from(new Set(Object.values(resources).flatMap((r) => Object.keys(r))));

export const i18nOptions = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS,
  ns: namespaces,
  resources,
  interpolation: { escapeValue: false },
};
