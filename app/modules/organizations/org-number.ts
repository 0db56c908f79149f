// Organisation numbers: Swedish organisationsnummer and Finnish Y-tunnus (business ID), validated
// and brought to the one canonical form we store (SE "5566778899", FI "1572860-0").
// Pure and shared by the browser (form validation), the server and the certification API.

export type OrgCountry = "SE" | "FI";

export type OrgNumberError =
  /** Nothing but whitespace. */
  | "empty"
  /** Not shaped like a Swedish or Finnish number (wrong length, letters, …). */
  | "format"
  /** Shaped right, but the check digit does not match. */
  | "checksum"
  /** Swedish: the third digit is below 2, so it is a personal identity number, not an organisation's. */
  | "not_organisation"
  /** Valid for the other country than the one asked for. */
  | "country_mismatch";

export type ParsedOrgNumber =
  { ok: true; country: OrgCountry; canonical: string; display: string } | { ok: false; error: OrgNumberError };

/** Longer input is never a valid number; refuse it before doing any work on it. */
export const ORG_NUMBER_MAX_INPUT = 40;

/** Luhn (mod 10) check over a string of digits, the last one being the check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit for a string of digits (without it). */
export function luhnCheckDigit(payload: string): number {
  for (let d = 0; d <= 9; d++) if (luhnValid(payload + d)) return d;
  throw new Error("unreachable");
}

const Y_WEIGHTS = [7, 9, 10, 5, 8, 4, 2] as const;

/** The Y-tunnus check digit for 7 digits, or null when the remainder is 1 (no valid number exists). */
export function yTunnusCheckDigit(seven: string): number | null {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (seven.charCodeAt(i) - 48) * Y_WEIGHTS[i]!;
  const remainder = sum % 11;
  if (remainder === 0) return 0;
  if (remainder === 1) return null;
  return 11 - remainder;
}

// Spaces of every kind and the dash variants people paste from documents.
const SEPARATORS = /[\s\u00a0\u2007\u202f]+/g;
const DASHES = /[\u2010-\u2015\u2212]/g;

function parseSwedish(digits: string): ParsedOrgNumber {
  if (!luhnValid(digits)) return { ok: false, error: "checksum" };
  if (digits.charCodeAt(2) - 48 < 2) return { ok: false, error: "not_organisation" };
  return { ok: true, country: "SE", canonical: digits, display: `${digits.slice(0, 6)}-${digits.slice(6)}` };
}

function parseFinnish(seven: string, check: string): ParsedOrgNumber {
  const expected = yTunnusCheckDigit(seven);
  if (expected === null || String(expected) !== check) return { ok: false, error: "checksum" };
  const canonical = `${seven}-${check}`;
  return { ok: true, country: "FI", canonical, display: canonical };
}

/**
 * Which country the shape of the input points to, and its digits; null when it fits neither.
 * An ISO country prefix ("SE", "FI", optionally followed by ":" or "-") names the country, as
 * integrations and VAT numbers write it; the rest must then be that country's number.
 */
function classify(input: string): { country: OrgCountry; parse: () => ParsedOrgNumber } | null {
  const s = input.replace(DASHES, "-").replace(SEPARATORS, "").toUpperCase();
  const prefixed = /^(SE|FI)[:-]?(\d.*)$/.exec(s);
  const prefix = prefixed?.[1] as OrgCountry | undefined;
  const rest = prefixed ? prefixed[2]! : s;
  let m: RegExpExecArray | null;
  if (prefix !== "FI") {
    // Swedish VAT number: SE + the 10 digits + 01 (SE556677889901).
    if (prefix === "SE" && (m = /^(\d{10})01$/.exec(rest))) {
      const digits = m[1]!;
      return { country: "SE", parse: () => parseSwedish(digits) };
    }
    // Swedish: 556677-8899, 5566778899, with the century-style prefix 16 (16556677-8899), or
    // with the country prefix (SE5566778899, SE 556677-8899).
    if ((m = /^(?:16)?(\d{6})-?(\d{4})$/.exec(rest))) {
      const digits = m[1]! + m[2]!;
      return { country: "SE", parse: () => parseSwedish(digits) };
    }
  }
  if (prefix !== "SE") {
    // Finnish: 1572860-0, 15728600, the VAT form FI15728600 (or FI 1572860-0), and old 6-digit
    // numbers (123456-7 → 0123456-7).
    if ((m = /^(\d{6,7})-?(\d)$/.exec(rest))) {
      const body = m[1]!.padStart(7, "0");
      const check = m[2]!;
      // Without a dash or prefix, 7 digits is too short for a Y-tunnus with its check digit;
      // require the full 8 characters then.
      if (!rest.includes("-") && !prefix && m[1]!.length !== 7) return null;
      return { country: "FI", parse: () => parseFinnish(body, check) };
    }
  }
  return null;
}

/**
 * Validates an organisation number in any common formatting and returns its canonical form.
 * With `country`, only that country's numbers are accepted ("country_mismatch" otherwise).
 */
export function parseOrgNumber(input: string, country?: OrgCountry): ParsedOrgNumber {
  if (typeof input !== "string") return { ok: false, error: "format" };
  if (input.length > ORG_NUMBER_MAX_INPUT) return { ok: false, error: "format" };
  if (input.trim() === "") return { ok: false, error: "empty" };
  const shape = classify(input);
  if (!shape) return { ok: false, error: "format" };
  if (country && shape.country !== country) return { ok: false, error: "country_mismatch" };
  return shape.parse();
}

/** The canonical number written for people: SE "556677-8899", FI "1572860-0". */
export function formatOrgNumber(canonical: string, country: OrgCountry): string {
  if (country === "SE" && /^\d{10}$/.test(canonical)) return `${canonical.slice(0, 6)}-${canonical.slice(6)}`;
  return canonical;
}
