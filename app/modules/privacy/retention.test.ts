// The retention table is stated once: the README's table must say exactly what retention.ts says.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { periodText, RETENTION } from "./retention";

describe("retention table", () => {
  it("the README lists every rule with its period and action, and no other", () => {
    const readme = readFileSync("README.md", "utf8");
    const rows = [...readme.matchAll(/^\|\s*`(\w+)`\s*\|[^|]+\|\s*(\w+)\s*\|\s*(\d+)\s*\|\s*(\w+)\s*\|$/gm)].map(
      (m) => [m[1], m[2], Number(m[3]), m[4]],
    );
    expect(rows).toEqual(RETENTION.map((r) => [r.kind, r.from, r.days, r.action]));
  });

  it("words each period for the notice", () => {
    expect(periodText({ kind: "failedQuizAttempts", what: "", from: "grading", days: 360, action: "delete" })).toEqual({
      key: "months",
      count: 12,
      fromKey: "from.grading",
    });
    expect(periodText({ kind: "invitations", what: "", from: "expiry", days: 30, action: "delete" })).toEqual({
      key: "days",
      count: 30,
      fromKey: "from.expiry",
    });
    expect(periodText({ kind: "expiredSessions", what: "", from: "expiry", days: 0, action: "delete" }).key).toBe(
      "immediately",
    );
  });
});
