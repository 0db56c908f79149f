// The `tz` cookie: the browser writes its own IANA time zone here (entry.client.tsx) so the next
// request renders times in it; the server reads it in the root loader (time-zone.server.ts).
// Not httpOnly on purpose: only the browser knows the value. See docs/decisions/021.
export const timeZoneCookieName = "tz";

/** The cookie's raw value from a Cookie header (or document.cookie), decoded; null if absent. */
export function readTimeZoneCookie(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== timeZoneCookieName) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

export function serializeTimeZoneCookie(timeZone: string, secure: boolean): string {
  return `${timeZoneCookieName}=${encodeURIComponent(timeZone)}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}
