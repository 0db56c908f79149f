// Page titles for the routes whose title is a fixed phrase: "<phrase> · KontaktAkademin" in the
// reader's language, which `meta` takes from the root loader's data (matches). The phrases are
// app/locales/<lng>/titles.json, imported here because `meta` runs outside React, where no
// i18next instance is at hand (three small files; the other namespaces stay out of the bundle).
// Titles that depend on data come from the route's loader (`title: t(...)`), as before.
import type { MetaArgs } from "@remix-run/node";
import en from "~/locales/en/titles.json";
import fi from "~/locales/fi/titles.json";
import sv from "~/locales/sv/titles.json";
import { fallbackLanguage, isLanguage, type Language } from "./config";

export type TitleKey = keyof typeof sv;

const titles: Record<Language, Record<TitleKey, string>> = { sv, en, fi };

/** The reader's language as the root loader chose it (Swedish before the root has data). */
export function metaLanguage(matches: MetaArgs["matches"]): Language {
  const root = matches.find((match) => match.id === "root")?.data as { language?: unknown } | undefined;
  return isLanguage(root?.language) ? root.language : fallbackLanguage;
}

/** The fixed phrase `key` in the reader's language. */
export function titlePhrase(matches: MetaArgs["matches"], key: TitleKey): string {
  return titles[metaLanguage(matches)][key];
}

/** "<phrase> · KontaktAkademin". */
export function pageTitle(matches: MetaArgs["matches"], key: TitleKey): string {
  return `${titlePhrase(matches, key)} · KontaktAkademin`;
}
