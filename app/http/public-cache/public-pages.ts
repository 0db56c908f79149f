// Which anonymous requests the public page cache answers (ADR 028), and what each page's content
// depends on besides the build (code, translations, course content): the database scopes whose
// versions it is checked against, and whether it varies by reader (language, time zone) or by
// the Accept header (the status list's JSON-LD or JSON).
import type { ContentScope } from "./content-versions.server";

export type PublicPage = {
  name: "home" | "catalogue" | "course" | "verify" | "statusList";
  /** Database content the page shows; [] = nothing (it changes only with a new build). */
  scopes: readonly ContentScope[];
  varies: "reader" | "accept";
};

const pages: Array<{ pattern: RegExp; page: PublicPage }> = [
  { pattern: /^\/$/, page: { name: "home", scopes: [], varies: "reader" } },
  { pattern: /^\/courses$/, page: { name: "catalogue", scopes: [], varies: "reader" } },
  // The overview shows the course's price to anonymous readers.
  { pattern: /^\/courses\/[a-z0-9][a-z0-9-]{0,99}$/, page: { name: "course", scopes: ["prices"], varies: "reader" } },
  // Canonical numbers only (the route redirects any other spelling, and that is not cached).
  {
    pattern: /^\/verify\/KA-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/,
    page: { name: "verify", scopes: ["certificates"], varies: "reader" },
  },
  {
    pattern: /^\/credentials\/status\/\d{1,9}$/,
    page: { name: "statusList", scopes: ["certificates"], varies: "accept" },
  },
];

/**
 * The page a request is for, if the cache may answer it: GET or HEAD, no query string (filters,
 * tracking parameters and Remix's `.data` requests go to the app), and nobody identified.
 */
export function publicPageFor(request: {
  method: string;
  url: string;
  identified: boolean;
}): { page: PublicPage; path: string } | null {
  if (request.identified || (request.method !== "GET" && request.method !== "HEAD")) return null;
  if (request.url.includes("?")) return null;
  for (const { pattern, page } of pages) if (pattern.test(request.url)) return { page, path: request.url };
  return null;
}
