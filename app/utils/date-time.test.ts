import { describe, expect, it } from "vitest";
import { defaultTimeZone, formatDateTime, formatMonthKey, isTimeZone, resolveTimeZone } from "./date-time";
import { readTimeZoneCookie, serializeTimeZoneCookie } from "./time-zone-cookie";

// 23:30 UTC on 31 Dec: already 1 January in Stockholm (+1) and Helsinki (+2).
const newYearsEve = new Date("2026-12-31T23:30:00Z");
// 12:05 UTC in summer: 14:05 in Stockholm, 15:05 in Helsinki.
const summer = "2026-07-01T12:05:00Z";

describe("formatDateTime", () => {
  it("shows a Finnish reader Helsinki time and a Swedish reader Stockholm time", () => {
    expect(formatDateTime(summer, { language: "fi", timeZone: defaultTimeZone("fi") }, "time")).toBe("15.05");
    expect(formatDateTime(summer, { language: "sv", timeZone: defaultTimeZone("sv") }, "time")).toBe("14:05");
    expect(formatDateTime(summer, { language: "en", timeZone: defaultTimeZone("en") }, "time")).toBe("14:05");
  });

  it("puts the date in the reader's zone, not the server's", () => {
    expect(formatDateTime(newYearsEve, { language: "sv", timeZone: "Europe/Stockholm" }, "longDate")).toBe(
      "1 januari 2027",
    );
    expect(formatDateTime(newYearsEve, { language: "sv", timeZone: "UTC" }, "longDate")).toBe("31 december 2026");
    expect(formatDateTime(newYearsEve, { language: "fi", timeZone: "Europe/Helsinki" }, "longDate")).toBe(
      "1. tammikuuta 2027",
    );
  });

  it("uses British English (day first, 24-hour clock), not American", () => {
    expect(formatDateTime(summer, { language: "en", timeZone: "Europe/Stockholm" }, "dateTime")).toBe(
      "1 Jul 2026, 14:05",
    );
    expect(formatDateTime(summer, { language: "en", timeZone: "Europe/Stockholm" }, "longDateTime")).toBe(
      "1 July 2026 at 14:05",
    );
  });

  it("has a medium date for tables", () => {
    expect(formatDateTime(summer, { language: "sv", timeZone: "Europe/Stockholm" })).toBe("1 juli 2026");
    expect(formatDateTime(summer, { language: "fi", timeZone: "Europe/Helsinki" }, "date")).toBe("1.7.2026");
  });

  it("returns an empty string for no value or an invalid one", () => {
    const ctx = { language: "sv", timeZone: "Europe/Stockholm" } as const;
    expect(formatDateTime(null, ctx)).toBe("");
    expect(formatDateTime(undefined, ctx)).toBe("");
    expect(formatDateTime("", ctx)).toBe("");
    expect(formatDateTime("not a date", ctx)).toBe("");
  });
});

describe("time zone resolution", () => {
  it("takes the zone the browser reported when it is a real IANA zone", () => {
    expect(resolveTimeZone("sv", "Europe/Helsinki")).toBe("Europe/Helsinki");
    expect(resolveTimeZone("fi", "America/New_York")).toBe("America/New_York");
  });

  it("falls back to the language's zone for a missing or made-up zone", () => {
    expect(resolveTimeZone("fi", null)).toBe("Europe/Helsinki");
    expect(resolveTimeZone("sv", undefined)).toBe("Europe/Stockholm");
    expect(resolveTimeZone("en", "Mars/Olympus_Mons")).toBe("Europe/Stockholm");
    expect(resolveTimeZone("fi", "Europe/Helsinki<script>")).toBe("Europe/Helsinki");
    expect(isTimeZone("x".repeat(65))).toBe(false);
    expect(isTimeZone(42)).toBe(false);
  });

  it("reads the tz cookie among others and round-trips what the browser writes", () => {
    const written = serializeTimeZoneCookie("America/Argentina/Buenos_Aires", true);
    expect(written).toContain("; Secure");
    const pair = written.split(";")[0]!;
    expect(readTimeZoneCookie(`lng=sv; ${pair}; other=1`)).toBe("America/Argentina/Buenos_Aires");
    expect(readTimeZoneCookie("lng=sv; xtz=Europe/Helsinki")).toBeNull();
    expect(readTimeZoneCookie("tz=%E0%A4%A")).toBeNull();
    expect(readTimeZoneCookie(null)).toBeNull();
  });
});

describe("formatMonthKey", () => {
  it("labels a month in the reader's language", () => {
    expect(formatMonthKey("2026-03", "sv")).toBe("mars 2026");
    expect(formatMonthKey("2026-03", "en", "short")).toBe("Mar 26");
  });
});
