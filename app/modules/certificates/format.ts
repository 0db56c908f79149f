// Dates on certificates, pages and mails: long form in the reader's language and time zone
// (Finnish readers see Helsinki time, everyone else Swedish time).
export function formatDate(date: Date | string, language: string): string {
  return new Intl.DateTimeFormat(language === "sv" ? "sv-SE" : language === "fi" ? "fi-FI" : "en-GB", {
    dateStyle: "long",
    timeZone: language === "fi" ? "Europe/Helsinki" : "Europe/Stockholm",
  }).format(typeof date === "string" ? new Date(date) : date);
}
