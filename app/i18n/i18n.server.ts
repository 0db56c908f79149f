// Server-side language resolution: the user's saved choice, then the `lng` cookie, then
// Accept-Language, then Swedish.
import { createCookie } from "@remix-run/node";
import { createInstance, type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { fallbackLanguage, isLanguage, supportedLanguages, type Language } from "./config";
import { i18nOptions } from "./resources.server";

export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

const remixI18n = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: languageCookie,
    order: ["cookie", "header"],
  },
  i18next: i18nOptions,
});

export async function getLanguage(request: Request, userLocale?: string | null): Promise<Language> {
  if (isLanguage(userLocale)) return userLocale;
  const detected = await remixI18n.getLocale(request);
  return isLanguage(detected) ? detected : fallbackLanguage;
}

const fixedTCache = new Map<Language, Promise<TFunction>>();

/** A translation function for server-only text (mails, PDFs, API messages). */
export function getFixedT(language: Language): Promise<TFunction> {
  let t = fixedTCache.get(language);
  if (!t) {
    t = (async () => {
      const instance = createInstance();
      await instance.init({ ...i18nOptions, lng: language });
      return instance.t;
    })();
    fixedTCache.set(language, t);
  }
  return t;
}

/**
 * "<title> · KontaktAkademin" for a page whose title depends on its data, built by its loader
 * (fixed titles come from page-title.ts in `meta`). `key` is namespaced: "certificates:meta.mine".
 */
export async function loaderPageTitle(
  language: Language,
  key: string,
  values?: Record<string, unknown>,
): Promise<string> {
  const t = await getFixedT(language);
  return `${t(key, values)} · KontaktAkademin`;
}
