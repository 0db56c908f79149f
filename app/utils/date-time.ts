// The one date/time formatter of the app: pages (through useFormatDateTime), mails and PDFs all
// call formatDateTime with the reader's language and time zone, so a moment reads the same
// everywhere. Shared by server and browser (no server-only imports). See docs/decisions/021.
import type { Language } from "~/i18n/config";
import { dateTimeFormat } from "~/utils/intl-formatters";

export type DateTimeStyle =
  /** 2 dec. 2026 */
  | "date"
  /** 2 december 2026 (certificates, mails) */
  | "longDate"
  /** 2 dec. 2026 14:05 */
  | "dateTime"
  /** 2 december 2026 14:05 */
  | "longDateTime"
  /** 14:05 */
  | "time";

const styleOptions: Record<DateTimeStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: "medium" },
  longDate: { dateStyle: "long" },
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  longDateTime: { dateStyle: "long", timeStyle: "short" },
  time: { timeStyle: "short" },
};

// Regional locales: plain "en" would format as in the United States (month first, 12-hour clock).
const localeOf: Record<Language, string> = { sv: "sv-SE", en: "en-GB", fi: "fi-FI" };

/** Where a reader of each language most likely is, when nothing better is known. */
const languageTimeZone: Record<Language, string> = {
  sv: "Europe/Stockholm",
  en: "Europe/Stockholm",
  fi: "Europe/Helsinki",
};

export function defaultTimeZone(language: Language): string {
  return languageTimeZone[language];
}

/** True for an IANA time zone name this runtime knows ("Europe/Helsinki", "UTC"). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value))
    return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The reader's time zone: the one their browser reported, if valid, else their language's. */
export function resolveTimeZone(language: Language, reported?: string | null): string {
  return isTimeZone(reported) ? reported : defaultTimeZone(language);
}

// A table page formats hundreds of cells: one formatter each (intl-formatters.ts), found by a
// name for its options, not by writing them out for every cell.
const formatter = (language: Language, timeZone: string, style: DateTimeStyle) =>
  dateTimeFormat(localeOf[language], { ...styleOptions[style], timeZone }, `${style}|${timeZone}`);

export type DateTimeContext = { language: Language; timeZone: string };

/** A moment (Date or ISO string) as the reader reads it; "" for no value or an invalid one. */
export function formatDateTime(
  value: Date | string | null | undefined,
  { language, timeZone }: DateTimeContext,
  style: DateTimeStyle = "date",
): string {
  if (value === null || value === undefined || value === "") return "";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "";
  return formatter(language, timeZone, style).format(date);
}

/**
 * A calendar month key ("2026-03") as a label ("mars 2026" / "mars -26"). A month is not a
 * moment, so no time zone applies: it is read in UTC, where the key was built.
 */
export function formatMonthKey(key: string, language: Language, style: "long" | "short" = "long"): string {
  const [y, m] = key.split("-").map(Number);
  return dateTimeFormat(localeOf[language], {
    month: style,
    year: style === "long" ? "numeric" : "2-digit",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}
