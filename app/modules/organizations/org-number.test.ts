import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatOrgNumber,
  luhnCheckDigit,
  luhnValid,
  ORG_NUMBER_MAX_INPUT,
  parseOrgNumber,
  yTunnusCheckDigit,
} from "./org-number";

describe("parseOrgNumber: Swedish organisationsnummer", () => {
  it.each([
    "556677-8899",
    "5566778899",
    "16556677-8899",
    "165566778899",
    " 556677 8899 ",
    "556677\u20138899",
    "SE556677889901",
    "se 5566778899 01",
    "SE5566778899",
    "SE 556677-8899",
    "se-5566778899",
    "SE:556677 8899",
  ])("accepts %j as 5566778899", (input) => {
    expect(parseOrgNumber(input)).toEqual({ ok: true, country: "SE", canonical: "5566778899", display: "556677-8899" });
  });

  it("accepts known real numbers", () => {
    // Bolagsverket 202100-5489, Skatteverket 202100-5448, Volvo Car Corporation 556074-3089.
    for (const n of ["202100-5489", "202100-5448", "556074-3089"])
      expect(parseOrgNumber(n)).toMatchObject({ ok: true, country: "SE" });
  });

  it("rejects a wrong check digit", () => {
    expect(parseOrgNumber("556677-8898")).toEqual({ ok: false, error: "checksum" });
  });

  it("rejects personal identity numbers (third digit below 2)", () => {
    // 811218-9876 passes Luhn but is a date of birth, not an organisation.
    expect(luhnValid("8112189876")).toBe(true);
    expect(parseOrgNumber("811218-9876")).toEqual({ ok: false, error: "not_organisation" });
  });

  it.each([
    "",
    "   ",
    "55667788",
    "556677-889",
    "5566778899a",
    "19556677-8899",
    "556677--8899",
    "5566-778899",
    "SE55667788",
    "SE1572860-0",
    "FI5566778899",
    "SESE5566778899",
    "S5566778899",
    "x".repeat(200),
  ])("rejects %j", (input) => {
    const result = parseOrgNumber(input);
    expect(result.ok).toBe(false);
  });

  it("says which kind of problem it is", () => {
    expect(parseOrgNumber("")).toEqual({ ok: false, error: "empty" });
    expect(parseOrgNumber("abc")).toEqual({ ok: false, error: "format" });
    expect(parseOrgNumber("556677-8899", "FI")).toEqual({ ok: false, error: "country_mismatch" });
    expect(parseOrgNumber("SE5566778899", "FI")).toEqual({ ok: false, error: "country_mismatch" });
    expect(parseOrgNumber("SE5566778898")).toEqual({ ok: false, error: "checksum" });
    expect(parseOrgNumber("SE8112189876")).toEqual({ ok: false, error: "not_organisation" });
  });
});

describe("parseOrgNumber: Finnish Y-tunnus", () => {
  it.each(["1572860-0", "15728600", "FI15728600", "fi 1572860-0", "1572860 - 0", "FI-1572860-0", "FI 15728600"])(
    "accepts %j as 1572860-0",
    (input) => {
      expect(parseOrgNumber(input)).toEqual({ ok: true, country: "FI", canonical: "1572860-0", display: "1572860-0" });
    },
  );

  it("accepts known real numbers", () => {
    // Nokia Oyj 0112038-9, Kela 0246246-0.
    expect(parseOrgNumber("0112038-9")).toMatchObject({ ok: true, canonical: "0112038-9" });
    expect(parseOrgNumber("0246246-0")).toMatchObject({ ok: true, canonical: "0246246-0" });
  });

  it("pads old six-digit numbers with a leading zero", () => {
    expect(parseOrgNumber("112038-9")).toMatchObject({ ok: true, canonical: "0112038-9" });
  });

  it("rejects a wrong check digit", () => {
    expect(parseOrgNumber("1572860-1")).toEqual({ ok: false, error: "checksum" });
  });

  it("rejects numbers whose weighted sum leaves remainder 1 (no valid check digit exists)", () => {
    // Found by search rather than by hand, so the test does not depend on arithmetic in a comment.
    const seven = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(7, "0")).find(
      (s) => yTunnusCheckDigit(s) === null,
    )!;
    expect(seven).toBeDefined();
    for (let d = 0; d <= 9; d++) expect(parseOrgNumber(`${seven}-${d}`)).toEqual({ ok: false, error: "checksum" });
  });

  it("rejects a Finnish number when Sweden is asked for", () => {
    expect(parseOrgNumber("1572860-0", "SE")).toEqual({ ok: false, error: "country_mismatch" });
  });
});

describe("formatOrgNumber", () => {
  it("writes Swedish numbers with a dash after six digits and leaves Finnish ones", () => {
    expect(formatOrgNumber("5566778899", "SE")).toBe("556677-8899");
    expect(formatOrgNumber("1572860-0", "FI")).toBe("1572860-0");
  });
});

// ---------- properties ----------

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(""));

/** A valid Swedish organisation number: 9 digits (third ≥ 2) plus its Luhn digit. */
const swedish = fc
  .tuple(digits(2), fc.integer({ min: 2, max: 9 }), digits(6))
  .map(([a, b, c]) => `${a}${b}${c}`)
  .map((payload) => payload + luhnCheckDigit(payload));

/** A valid Y-tunnus: 7 digits whose remainder is not 1, plus the check digit. */
const finnish = digits(7)
  .filter((s) => yTunnusCheckDigit(s) !== null)
  .map((s) => `${s}-${yTunnusCheckDigit(s)}`);

/** Spaces sprinkled between the characters, as people paste them. */
function sprinkle(s: string) {
  return fc
    .array(fc.constantFrom("", "", "", " ", "\u00a0"), { minLength: s.length + 1, maxLength: s.length + 1 })
    .map((spaces) => spaces.map((sp, i) => sp + (s[i] ?? "")).join(""));
}

describe("parseOrgNumber properties", () => {
  it("every valid Swedish number in every accepted format gives the same canonical form", () => {
    fc.assert(
      fc.property(
        swedish.chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc
              .constantFrom(
                n,
                `${n.slice(0, 6)}-${n.slice(6)}`,
                `16${n}`,
                `16${n.slice(0, 6)}-${n.slice(6)}`,
                `SE${n}01`,
              )
              .chain(sprinkle),
          ),
        ),
        ([n, formatted]) => {
          const result = parseOrgNumber(formatted);
          expect(result).toEqual({ ok: true, country: "SE", canonical: n, display: `${n.slice(0, 6)}-${n.slice(6)}` });
          expect(parseOrgNumber(formatted, "SE")).toEqual(result);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("every valid Y-tunnus in every accepted format gives the same canonical form", () => {
    fc.assert(
      fc.property(
        finnish.chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.constantFrom(n, n.replace("-", ""), `FI${n.replace("-", "")}`, `fi${n}`).chain(sprinkle),
          ),
        ),
        ([n, formatted]) => {
          expect(parseOrgNumber(formatted)).toEqual({ ok: true, country: "FI", canonical: n, display: n });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("the canonical form is a fixed point (parsing it again gives itself)", () => {
    fc.assert(
      fc.property(fc.oneof(swedish, finnish), (n) => {
        const first = parseOrgNumber(n);
        if (!first.ok) throw new Error(`valid number rejected: ${n}`);
        expect(parseOrgNumber(first.canonical)).toEqual(first);
        expect(parseOrgNumber(first.display)).toEqual(first);
      }),
    );
  });

  it("changing any one digit of a valid Swedish number is detected", () => {
    fc.assert(
      fc.property(swedish, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (n, pos, delta) => {
        const changed = n.slice(0, pos) + ((Number(n[pos]) + delta) % 10) + n.slice(pos + 1);
        expect(parseOrgNumber(changed).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("changing any one digit of a valid Y-tunnus is detected", () => {
    fc.assert(
      fc.property(finnish, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 9 }), (n, rawPos, delta) => {
        const pos = rawPos === 7 ? 8 : rawPos; // skip the dash
        const changed = n.slice(0, pos) + ((Number(n[pos]) + delta) % 10) + n.slice(pos + 1);
        expect(parseOrgNumber(changed)).toEqual({ ok: false, error: "checksum" });
      }),
      { numRuns: 1000 },
    );
  });

  it("never throws and never accepts garbage, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const result = parseOrgNumber(s);
        if (result.ok) {
          // Whatever it accepted must itself be a valid canonical number.
          expect(result.canonical).toMatch(/^(\d{10}|\d{7}-\d)$/);
          expect(s.length).toBeLessThanOrEqual(ORG_NUMBER_MAX_INPUT);
        }
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("0", "1", "5", "9", "-", " ", "F", "I", "S", "E"), maxLength: 20 }),
        (s) => {
          const result = parseOrgNumber(s);
          if (result.ok) expect(parseOrgNumber(result.canonical)).toEqual(result);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
