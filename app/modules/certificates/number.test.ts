import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CROCKFORD_ALPHABET,
  canonicalNumberOf,
  checkSymbol,
  formatNumber,
  generateNumber,
  isCanonicalNumber,
  parseNumber,
} from "./number";

const dataArb = fc.string({ unit: fc.constantFrom(...CROCKFORD_ALPHABET), minLength: 8, maxLength: 8 });
/** Numbers as we issue them: check value below 32, so the check symbol is a base32 character. */
const issuedDataArb = dataArb.filter((d) => CROCKFORD_ALPHABET.includes(checkSymbol(d)));

/** The nine characters a person types: eight data characters and the check symbol. */
function compact(number: string) {
  return number.replace(/^KA-/, "").replace(/-/g, "");
}

describe("certificate numbers", () => {
  it("formats as KA-XXXX-XXXX-C with a mod-37 check symbol", () => {
    // 0000 0001 → value 1 → check "1"; 0000 0010 (value 32) → 32 mod 37 = 32 → "*"
    expect(formatNumber("00000001")).toBe("KA-0000-0001-1");
    expect(checkSymbol("00000010")).toBe("*");
    expect(parseNumber("KA-0000-0001-1")).toEqual({ ok: true, number: "KA-0000-0001-1" });
  });

  it("generates canonical numbers whose check symbol is an ordinary base32 character", () => {
    for (let i = 0; i < 2000; i++) {
      const number = generateNumber((n) => randomBytes(n));
      expect(number).toMatch(/^KA-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/);
      expect(isCanonicalNumber(number)).toBe(true);
    }
  });

  it("uses all 40 random bits (different bytes give different numbers)", () => {
    const a = generateNumber(() => Uint8Array.from([0, 0, 0, 0, 1]));
    const b = generateNumber(() => Uint8Array.from([128, 0, 0, 0, 1]));
    expect(a).toBe("KA-0000-0001-1");
    expect(b).toBe("KA-G000-0001-" + checkSymbol("G0000001"));
  });

  it("accepts what people type: lower case, spaces, no prefix, O/I/L for 0/1", () => {
    fc.assert(
      fc.property(issuedDataArb, (data) => {
        const number = formatNumber(data);
        const typed = compact(number).toLowerCase().replace(/0/g, "o").replace(/1/g, "l");
        expect(parseNumber(typed)).toEqual({ ok: true, number });
        expect(parseNumber(` ${number.toLowerCase()} `)).toEqual({ ok: true, number });
        expect(parseNumber(number.replace(/-/g, " "))).toEqual({ ok: true, number });
      }),
    );
  });

  it("detects every single-character substitution (data or check symbol)", () => {
    fc.assert(
      fc.property(
        issuedDataArb,
        fc.nat({ max: 8 }),
        fc.constantFrom(...CROCKFORD_ALPHABET),
        (data, position, replacement) => {
          const chars = [...compact(formatNumber(data))];
          fc.pre(chars[position] !== replacement);
          chars[position] = replacement;
          const parsed = parseNumber(chars.join(""));
          expect(parsed.ok).toBe(false);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("detects every swap of two neighbouring different characters, including with the check symbol", () => {
    fc.assert(
      fc.property(issuedDataArb, fc.nat({ max: 7 }), (data, position) => {
        const chars = [...compact(formatNumber(data))];
        fc.pre(chars[position] !== chars[position + 1]);
        [chars[position], chars[position + 1]] = [chars[position + 1]!, chars[position]!];
        expect(parseNumber(chars.join(""))).toEqual({ ok: false, reason: "check" });
      }),
      { numRuns: 5000 },
    );
  });

  it("exhaustively detects substitutions and transpositions for a fixed number", () => {
    const original = compact("KA-7K3M-9QXD-" + checkSymbol("7K3M9QXD"));
    for (let i = 0; i < original.length; i++) {
      for (const ch of CROCKFORD_ALPHABET) {
        if (ch === original[i]) continue;
        const typo = original.slice(0, i) + ch + original.slice(i + 1);
        expect(parseNumber(typo).ok, typo).toBe(false);
      }
    }
  });

  it("explains what is wrong", () => {
    expect(parseNumber("")).toEqual({ ok: false, reason: "empty" });
    expect(parseNumber("  - ")).toEqual({ ok: false, reason: "empty" });
    expect(parseNumber("KA-1234")).toEqual({ ok: false, reason: "format" });
    expect(parseNumber("KA-1234-5678-90")).toEqual({ ok: false, reason: "format" });
    expect(parseNumber("KA-12#4-5678-9")).toEqual({ ok: false, reason: "format" });
    expect(parseNumber("KA-0000-0001-2")).toEqual({ ok: false, reason: "check" });
  });

  it("treats only the canonical form as canonical", () => {
    expect(isCanonicalNumber("KA-0000-0001-1")).toBe(true);
    expect(isCanonicalNumber("ka-0000-0001-1")).toBe(false);
    expect(isCanonicalNumber("KA00000001 1")).toBe(false);
  });

  it("gives the canonical form of a number in a URL (for the redirect), or null", () => {
    expect(canonicalNumberOf("KA-0000-0001-1")).toBe("KA-0000-0001-1");
    expect(canonicalNumberOf("ka 0000 0001 1")).toBe("KA-0000-0001-1");
    expect(canonicalNumberOf("KA-0000-0001-2")).toBeNull();
    expect(canonicalNumberOf("")).toBeNull();
  });
});
