import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from "./cursor";

const schema = z.object({ u: z.string().datetime(), i: z.string().min(1).max(64) });

describe("pagination cursors", () => {
  it("round-trip what the schema accepts", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date("9999-12-31"), noInvalidDate: true }),
        fc.string({ minLength: 1, maxLength: 64 }),
        (date, id) => {
          const value = { u: date.toISOString(), i: id };
          const cursor = encodeCursor(value);
          expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(decodeCursor(cursor, schema)).toEqual(value);
        },
      ),
    );
  });

  it("decode anything else to null, never throwing", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
        ),
        (input) => {
          const result = decodeCursor(input, schema);
          if (result !== null) expect(schema.safeParse(result).success).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
    expect(decodeCursor("", schema)).toBeNull();
    expect(decodeCursor("a+b/", schema)).toBeNull();
    expect(decodeCursor(encodeCursor({ u: "yesterday", i: "x" }), schema)).toBeNull();
    expect(decodeCursor("A".repeat(MAX_CURSOR_LENGTH + 1), schema)).toBeNull();
  });
});
