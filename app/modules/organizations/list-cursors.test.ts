import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, InvalidCursorError } from "./criterion.server";

describe("list cursors", () => {
  it("round-trip", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.string({ minLength: 1, maxLength: 30 }), (name, id) => {
        expect(decodeCursor(encodeCursor({ name, id }))).toEqual({ n: name, i: id });
      }),
    );
  });

  it("refuse a NUL anywhere in the name or id (PostgreSQL text cannot hold it: a 500, not a 400)", () => {
    for (const [name, id] of [
      ["a\u0000b", "x"],
      ["\u0000", "x"],
      ["Bolag AB", "id\u0000"],
      ["", "\u0000"],
    ] as const) {
      expect(() => decodeCursor(encodeCursor({ name, id }))).toThrow(InvalidCursorError);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.boolean(), (before, after, inName) => {
        const withNul = `${before}\u0000${after}`;
        const cursor = encodeCursor(inName ? { name: withNul, id: "x" } : { name: "x", id: withNul });
        expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
      }),
    );
  });

  it("refuse anything they did not produce", () => {
    for (const bad of [
      "",
      "x",
      "a b",
      "%%%",
      Buffer.from("{}").toString("base64url"),
      Buffer.from('{"n":1,"i":"x"}').toString("base64url"),
      "A".repeat(2000),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(InvalidCursorError);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        try {
          const c = decodeCursor(s);
          expect(typeof c.n).toBe("string");
          expect(typeof c.i).toBe("string");
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCursorError);
        }
      }),
    );
  });
});
