import { describe, expect, it } from "vitest";
import { JsonSyntaxError, lineOfStringProperty, parseJsonWithLines } from "./json-lines";

const text = `{
  "slug": "x",
  "quiz": {
    "draw": [
      { "topic": "a", "count": 1 },
      {
        "topic": "b",
        "count": 2
      }
    ]
  }
}`;

describe("parseJsonWithLines", () => {
  it("parses like JSON.parse and knows the line of every value and key", () => {
    const map = parseJsonWithLines(text);
    expect(map.value).toEqual(JSON.parse(text));
    expect(map.lineOf([])).toBe(1);
    expect(map.lineOf(["slug"])).toBe(2);
    expect(map.lineOf(["quiz", "draw", 0, "topic"])).toBe(5);
    expect(map.lineOf(["quiz", "draw", 1])).toBe(6);
    expect(map.lineOf(["quiz", "draw", 1, "count"])).toBe(8);
    expect(map.lineOfKey(["quiz", "draw", 1], "topic")).toBe(7);
  });

  it("falls back to the nearest existing ancestor for a missing path", () => {
    const map = parseJsonWithLines(text);
    expect(map.lineOf(["quiz", "draw", 1, "missing"])).toBe(6);
    expect(map.lineOf(["nothing", "here"])).toBe(1);
  });

  it("reports syntax errors with their line and column", () => {
    const broken = '{\n  "a": 1,\n  "b": [1, 2,]\n}';
    expect(() => parseJsonWithLines(broken)).toThrow(JsonSyntaxError);
    try {
      parseJsonWithLines(broken);
    } catch (error) {
      expect(error).toMatchObject({ line: 3, column: 14 });
    }
    expect(() => parseJsonWithLines('{"a": 1} x')).toThrow(/after the end/);
    expect(() => parseJsonWithLines('{"a": "unterminated}')).toThrow(/unterminated string/);
  });

  it("handles escapes, numbers and literals", () => {
    const source = '{"s": "a\\"b\\\\c\\u00e5", "n": -1.5e3, "t": true, "f": false, "z": null, "e": [], "o": {}}';
    expect(parseJsonWithLines(source).value).toEqual(JSON.parse(source));
  });
});

describe("lineOfStringProperty", () => {
  it("finds the first or last occurrence of a property with a value", () => {
    const bank = '{\n "questions": [\n  { "id": "q-1" },\n  { "id": "q-2" },\n  { "id": "q-1" }\n ]\n}';
    expect(lineOfStringProperty(bank, "id", "q-1")).toBe(3);
    expect(lineOfStringProperty(bank, "id", "q-1", "last")).toBe(5);
    expect(lineOfStringProperty(bank, "id", "nope")).toBeUndefined();
  });
});
