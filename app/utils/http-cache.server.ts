// Who may keep a copy of a response: decided in one place for every response the app renders
// (documents, .data requests, resource routes, the API). A response that can depend on who asks
// (a session cookie or an API key came with the request) or that sets a cookie is
// `private, no-store` unless the route itself already keeps it private (a private image may stay
// in the browser's cache); anything else keeps the route's own policy, or is
// explicitly public but revalidated on every use. `Vary: Cookie` always, so a shared cache never
// hands one visitor's page to another.

export const PRIVATE_NO_STORE = "private, no-store";
export const PUBLIC_REVALIDATE = "public, max-age=0, must-revalidate";

export type CacheInputs = {
  /** The request carried a session cookie (Auth.js) or credentials (Authorization header). */
  identified: boolean;
  /** The response sets a cookie. */
  setsCookie: boolean;
  /** Cache-Control the route chose, if any. */
  routeCacheControl: string | undefined;
};

export function cacheControlFor({ identified, setsCookie, routeCacheControl }: CacheInputs): string {
  const route = routeCacheControl?.trim();
  const routeKeepsItPrivate = route !== undefined && /(^|,)\s*(private|no-store)\s*(,|$)/i.test(route);
  if (identified || setsCookie) return routeKeepsItPrivate ? route : PRIVATE_NO_STORE;
  return route || PUBLIC_REVALIDATE;
}

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token=/;

/** Does this request identify someone (session cookie, or an API key in Authorization)? */
export function isIdentifiedRequest(headers: { cookie?: string; authorization?: string }): boolean {
  return Boolean(headers.authorization) || SESSION_COOKIE.test(headers.cookie ?? "");
}

/** Adds a token to a Vary header value unless it is already there. */
export function addVary(current: string | undefined, token: string): string {
  const tokens = (current ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  if (tokens.includes("*") || tokens.some((t) => t.toLowerCase() === token.toLowerCase())) return tokens.join(", ");
  return [...tokens, token].join(", ");
}
