// Refusals at the edge, before Remix runs a route: a state-changing request from another site
// (cross-site form posts to /logout, /set-language or any action), answered 403 instead of the
// 500 Remix's own Origin check gives. The answer is short plain text in the reader's language.
// It runs in the HTTP server in front of Remix, so it reads the translations itself instead of
// through the app's i18n instance (which is built by Vite).
import { parse as parseCookie } from "cookie";
import { fallbackLanguage, isLanguage, type Language } from "~/i18n/config";
import en from "~/locales/en/common.json";
import fi from "~/locales/fi/common.json";
import sv from "~/locales/sv/common.json";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Paths that take cross-site or credential-authenticated posts by design: the certification API
 * (API keys, no cookies), the OIDC callback (the identity provider may post back to it) and the
 * reminder opt-out (its signed link is the credential; mail clients post to it, RFC 8058).
 */
const EXEMPT = [/^\/api\/v1(\/|$)/, /^\/auth\/callback\//, /^\/unsubscribe\/[^/]+$/];

export type OriginCheckInput = {
  method: string;
  path: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  allowedOrigins: string[];
};

/**
 * Is this a state-changing request that another site made the browser send? Browsers send
 * `Origin` on every cross-origin POST; where it is missing, `Sec-Fetch-Site` says the same. A
 * request with neither (curl, a server) carries no browser's cookies by accident, so it passes.
 */
export function isCrossSiteStateChange({
  method,
  path,
  origin,
  secFetchSite,
  allowedOrigins,
}: OriginCheckInput): boolean {
  if (!STATE_CHANGING.has(method.toUpperCase())) return false;
  if (EXEMPT.some((pattern) => pattern.test(path))) return false;
  if (origin !== undefined) {
    if (origin === "null") return true;
    let parsed: string;
    try {
      parsed = new URL(origin).origin;
    } catch {
      return true;
    }
    return !allowedOrigins.includes(parsed);
  }
  return secFetchSite === "cross-site" || secFetchSite === "same-site";
}

export type EdgeRefusalKind = "crossSite" | "tooLarge";

const edgeTexts: Record<Language, Record<EdgeRefusalKind, string>> = { sv: sv.edge, en: en.edge, fi: fi.edge };

/** The reader's language as the app would choose it for an anonymous visitor: the `lng` cookie, then Accept-Language. */
export function edgeLanguage(headers: { cookie?: string; acceptLanguage?: string }): Language {
  const stored = parseCookie(headers.cookie ?? "").lng;
  if (stored) {
    try {
      // Remix stores the cookie value as base64 of its JSON ("\"fi\"").
      const value: unknown = JSON.parse(Buffer.from(stored, "base64").toString("utf8"));
      if (isLanguage(value)) return value;
    } catch {
      // not ours: fall through to the header
    }
  }
  const ranked = (headers.acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(
        params
          .find((p) => p.trim().startsWith("q="))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { language: tag.trim().toLowerCase().split("-")[0], q: Number.isFinite(q) ? q : 0 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.language).find(isLanguage) ?? fallbackLanguage;
}

/** The refusal's text in the reader's language. */
export function edgeRefusalText(kind: EdgeRefusalKind, headers: { cookie?: string; acceptLanguage?: string }): string {
  return `${edgeTexts[edgeLanguage(headers)][kind]}\n`;
}
