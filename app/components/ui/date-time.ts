// Dates and times on pages: the shared formatter (app/utils/date-time.ts) with the language and
// time zone the root loader resolved, so server and browser render the same text (no hydration
// mismatch, whatever zone the browser itself is in).
import { useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { fallbackLanguage, isLanguage } from "~/i18n/config";
import type { RootLoaderData } from "~/root";
import { defaultTimeZone, formatDateTime, type DateTimeContext, type DateTimeStyle } from "~/utils/date-time";

export function useDateTimeContext(): DateTimeContext {
  const root = useRouteLoaderData<RootLoaderData>("root");
  const { i18n } = useTranslation();
  const language = root?.language ?? (isLanguage(i18n.language) ? i18n.language : fallbackLanguage);
  return { language, timeZone: root?.timeZone ?? defaultTimeZone(language) };
}

/** `format(value, style = "date")`: a Date or ISO string in the reader's language and time zone. */
export function useFormatDateTime() {
  const context = useDateTimeContext();
  return (value: Date | string | null | undefined, style: DateTimeStyle = "date") =>
    formatDateTime(value, context, style);
}
