// Refusals at the edge, before Remix runs a route: a state-changing request from another site
// (cross-site form posts to /logout, /set-language or any action), answered 403 instead of the
// 500 Remix's own Origin check gives. The answer is short plain text in the reader's language.
import { getFixedT, getLanguage } from "~/i18n/i18n.server";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Paths that take cross-site or credential-authenticated posts by design: the certification API
 * (API keys, no cookies) and the OIDC callback (the identity provider may post back to it).
 */
const EXEMPT = [/^\/api\/v1(\/|$)/, /^\/auth\/callback\//];

export type OriginCheckInput = { method: string; path: string; origin: string | undefined; secFetchSite: string | undefined; allowedOrigins: string[] };

/**
 * Is this a state-changing request that another site made the browser send? Browsers send
 * `Origin` on every cross-origin POST; where it is missing, `Sec-Fetch-Site` says the same. A
 * request with neither (curl, a server) carries no browser's cookies by accident, so it passes.
 */
export function isCrossSiteStateChange({ method, path, origin, secFetchSite, allowedOrigins }: OriginCheckInput): boolean {
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

/** The refusal's text in the reader's language (cookie, then Accept-Language). */
export async function edgeRefusalText(kind: EdgeRefusalKind, headers: { cookie?: string; acceptLanguage?: string }): Promise<string> {
  const probe = new Request("http://localhost/", { headers: { cookie: headers.cookie ?? "", "accept-language": headers.acceptLanguage ?? "" } });
  const t = await getFixedT(await getLanguage(probe));
  return `${t(`common:edge.${kind}`)}\n`;
}
