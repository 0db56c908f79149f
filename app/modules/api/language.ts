// Which language an API answer is in: English unless the caller asks for Swedish or Finnish (API
// callers are mostly programs). No server code, so the HTTP server in front of Remix can use it
// for the answers it gives itself (e.g. a body over the size limit).
import { isLanguage, type Language } from "~/i18n/config";

export function apiLanguageFromHeader(header: string | null | undefined): Language {
  if (!header || header.length > 500) return "en";
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lng: tag.trim().toLowerCase().slice(0, 2), q: q ? Number(q) : 1 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((r) => r.lng).find(isLanguage) ?? "en";
}

export function apiLanguage(request: Request): Language {
  return apiLanguageFromHeader(request.headers.get("accept-language"));
}
