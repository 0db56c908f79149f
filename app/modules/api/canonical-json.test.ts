import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, toJsonValue } from "./canonical-json";

function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(() => random() - 0.5);
    return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, random)]));
  }
  return value;
}

describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: "x" } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}',
    );
  });

  it("drops undefined members, writes undefined array items as null and dates as ISO strings", () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1], c: new Date("2026-01-02T03:04:05.006Z") })).toBe(
      '{"b":[null,1],"c":"2026-01-02T03:04:05.006Z"}',
    );
  });

  it("refuses values JSON cannot carry", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson({ b: 1n })).toThrow(/bigint/);
  });

  it("is the same text whatever the key order, and parses back to the same value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        let s = seed;
        const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 + 1) % 1;
        const text = canonicalJson(value);
        expect(canonicalJson(shuffleKeys(value, random))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it("toJsonValue gives what a JSON column gives back", () => {
    expect(toJsonValue({ at: new Date(0), gone: undefined, n: 1 })).toEqual({ at: "1970-01-01T00:00:00.000Z", n: 1 });
  });
});
