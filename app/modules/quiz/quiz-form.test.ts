import { describe, expect, it } from "vitest";
import { parseQuizForm, questionFieldName } from "./quiz-form";

function form(entries: Array<[string, string]>) {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
}

describe("parseQuizForm", () => {
  it("collects radio and checkbox values per question", () => {
    const result = parseQuizForm(
      form([
        ["intent", "save"],
        [questionFieldName("q-1"), "b"],
        [questionFieldName("q-2"), "a"],
        [questionFieldName("q-2"), "c"],
        ["other", "x"],
      ]),
    );
    expect(result.success && result.data).toEqual({ intent: "save", answers: { "q-1": ["b"], "q-2": ["a", "c"] } });
  });

  it("refuses a missing or unknown intent", () => {
    expect(parseQuizForm(form([])).success).toBe(false);
    expect(parseQuizForm(form([["intent", "grade-me"]])).success).toBe(false);
  });

  it("refuses absurdly many choices for one question", () => {
    const entries: Array<[string, string]> = [["intent", "save"]];
    for (let i = 0; i < 11; i++) entries.push([questionFieldName("q"), `o${i}`]);
    expect(parseQuizForm(form(entries)).success).toBe(false);
  });

  it("reads an autosave's sequence number, and refuses one that is not a positive whole number", () => {
    const form = (seq: string | null) => {
      const f = new FormData();
      f.set("intent", "save");
      if (seq !== null) f.set("seq", seq);
      return parseQuizForm(f);
    };
    expect(form("1733130000000").data?.seq).toBe(1733130000000);
    expect(form(null).data?.seq).toBeUndefined();
    for (const bad of ["0", "-1", "1.5", "x", "1e400"]) expect(form(bad).success, bad).toBe(false);
  });
});
