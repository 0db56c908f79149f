import { describe, expect, it } from "vitest";
import { assignmentState, dayIn, endOfDay, isCalendarDay, lateJoinerDueAt } from "./due-date";

describe("due dates in the company's time zone", () => {
  it("ends the day at local midnight, summer and winter, Stockholm and Helsinki", () => {
    expect(endOfDay("2026-12-24", "Europe/Stockholm").toISOString()).toBe("2026-12-24T22:59:59.999Z");
    expect(endOfDay("2026-07-01", "Europe/Stockholm").toISOString()).toBe("2026-07-01T21:59:59.999Z");
    expect(endOfDay("2026-12-24", "Europe/Helsinki").toISOString()).toBe("2026-12-24T21:59:59.999Z");
    // The clocks go forward on 29 March 2026 and back on 25 October 2026.
    expect(endOfDay("2026-03-29", "Europe/Stockholm").toISOString()).toBe("2026-03-29T21:59:59.999Z");
    expect(endOfDay("2026-10-25", "Europe/Stockholm").toISOString()).toBe("2026-10-25T22:59:59.999Z");
  });

  it("reads the local day of an instant", () => {
    expect(dayIn(new Date("2026-12-24T23:30:00Z"), "Europe/Stockholm")).toBe("2026-12-25");
    expect(dayIn(new Date("2026-12-24T22:30:00Z"), "Europe/Helsinki")).toBe("2026-12-25");
    expect(dayIn(new Date("2026-12-24T21:30:00Z"), "Europe/Stockholm")).toBe("2026-12-24");
  });

  it("accepts real calendar days only", () => {
    expect(isCalendarDay("2026-02-28")).toBe(true);
    expect(isCalendarDay("2026-02-29")).toBe(false);
    expect(isCalendarDay("2026-13-01")).toBe(false);
    expect(isCalendarDay("26-01-01")).toBe(false);
  });

  it("gives a late joiner LATE_JOINER_DAYS, never less than the assignment's date", () => {
    const due = endOfDay("2026-12-31", "Europe/Stockholm");
    expect(lateJoinerDueAt(due, new Date("2026-12-01T10:00:00Z"), "Europe/Stockholm")).toEqual(due);
    expect(lateJoinerDueAt(due, new Date("2027-01-10T10:00:00Z"), "Europe/Stockholm").toISOString()).toBe(
      "2027-02-09T22:59:59.999Z",
    );
  });

  it("derives the state: done wins, then overdue, due soon within 3 days, pending", () => {
    const dueAt = new Date("2026-12-10T22:59:59.999Z");
    expect(assignmentState({ dueAt, completed: true }, new Date("2027-01-01"))).toBe("done");
    expect(assignmentState({ dueAt, completed: false }, new Date("2026-12-10T23:00:00Z"))).toBe("overdue");
    expect(assignmentState({ dueAt, completed: false }, new Date("2026-12-08T12:00:00Z"))).toBe("due_soon");
    expect(assignmentState({ dueAt, completed: false }, new Date("2026-12-01T12:00:00Z"))).toBe("pending");
  });
});
