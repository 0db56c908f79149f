// The reader's time zone for this request: the one their browser reported in the `tz` cookie if
// it is a real IANA zone, else their language's (fi → Helsinki, sv/en → Stockholm). ADR 021.
import type { Language } from "~/i18n/config";
import { resolveTimeZone } from "~/utils/date-time";
import { readTimeZoneCookie } from "~/utils/time-zone-cookie";

export function getTimeZone(request: Request, language: Language): string {
  return resolveTimeZone(language, readTimeZoneCookie(request.headers.get("Cookie")));
}
