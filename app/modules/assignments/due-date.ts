// Due dates of course assignments, as a company means them: a calendar day in the company's own
// time zone (Swedish companies Stockholm, Finnish ones Helsinki), due at the END of that day. Pure
// functions, shared by the form, the module and the views.
import { dateTimeFormat } from "~/utils/intl-formatters";

export const REMINDER_DAYS_BEFORE = 3;
/** Someone who gets an assigned role later (or joins with it) has at least this many days. */
export const LATE_JOINER_DAYS = 30;
const DAY_MS = 86_400_000;

export function companyTimeZone(country: string): string {
  return country === "FI" ? "Europe/Helsinki" : "Europe/Stockholm";
}

/** The calendar day ("YYYY-MM-DD") that `instant` falls on in `timeZone`. */
export function dayIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Minutes `timeZone` is ahead of UTC at `instant`. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The last millisecond of calendar day `day` ("YYYY-MM-DD") in `timeZone`. */
export function endOfDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  // Local midnight of the next day, converted with the offset that holds at that moment (twice,
  // so a day on which the clocks change still ends at its own midnight).
  const nextMidnightLocal = Date.UTC(y, m - 1, d + 1);
  let guess = nextMidnightLocal - offsetMinutes(new Date(nextMidnightLocal), timeZone) * 60_000;
  guess = nextMidnightLocal - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess - 1);
}

/** Whether "YYYY-MM-DD" is a real calendar date. */
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The due date of someone who gets a role assignment at `now`: the assignment's, or LATE_JOINER_DAYS from now if later. */
export function lateJoinerDueAt(assignmentDueAt: Date, now: Date, timeZone: string): Date {
  const late = endOfDay(dayIn(new Date(now.getTime() + LATE_JOINER_DAYS * DAY_MS), timeZone), timeZone);
  return late > assignmentDueAt ? late : assignmentDueAt;
}

export type AssignmentState = "done" | "pending" | "due_soon" | "overdue";

/**
 * Where one person stands with one assignment: done (holds a valid certificate of the course, or,
 * for a course finished by reading, has read every lesson), overdue after the due moment, due_soon
 * within REMINDER_DAYS_BEFORE days of it, pending otherwise.
 */
export function assignmentState(input: { dueAt: Date; completed: boolean }, now: Date): AssignmentState {
  if (input.completed) return "done";
  if (now.getTime() > input.dueAt.getTime()) return "overdue";
  if (input.dueAt.getTime() - now.getTime() <= REMINDER_DAYS_BEFORE * DAY_MS) return "due_soon";
  return "pending";
}

/** A calendar day ("YYYY-MM-DD") written out in the reader's language, e.g. "24 december 2026". */
export function formatDay(day: string, language: string, style: "long" | "medium" = "long"): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const locale = language === "sv" ? "sv-SE" : language === "fi" ? "fi-FI" : "en-GB";
  return dateTimeFormat(locale, { dateStyle: style, timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** One assigned course as My learning shows it. */
export type AssignedCourseView = {
  courseSlug: string;
  title: string;
  titleLanguage: string;
  state: "done" | "pending" | "due_soon" | "overdue";
  assignedBy: string | null;
  organizationName: string;
  dueDay: string;
  dueText: string;
  showCompany: boolean;
};

/** One overdue person and course as the team dashboard shows it. */
export type OverdueView = {
  userId: string;
  name: string | null;
  email: string;
  courseSlug: string;
  courseTitle: string;
  dueDay: string;
  dueText: string;
};
