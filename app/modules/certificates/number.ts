// Certificate numbers people can read aloud, type and check: "KA-7K3M-9QXD-A".
// Eight Crockford base32 characters (40 random bits) and one check symbol, computed as Crockford
// specifies: the data read as a base-32 number, modulo 37. A prime modulus larger than the
// alphabet catches every single wrong character and every swap of two neighbouring characters
// (including a swap with the check symbol itself). We only hand out numbers whose check value is
// below 32, so the check symbol is always an ordinary base32 character, never one of Crockford's
// extra symbols * ~ $ = U.
// Pure module: used by the server (issuing, lookup) and the browser (instant feedback on /verify).

export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHECK_ALPHABET = `${CROCKFORD_ALPHABET}*~$=U`;
export const NUMBER_PREFIX = "KA";
export const DATA_LENGTH = 8;

/** Crockford decoding is forgiving: lower case, O for 0, I and L for 1. */
function normalizeChar(ch: string): string {
  const upper = ch.toUpperCase();
  if (upper === "O") return "0";
  if (upper === "I" || upper === "L") return "1";
  return upper;
}

function checkValue(data: string): number {
  let mod = 0;
  for (const ch of data) {
    const value = CROCKFORD_ALPHABET.indexOf(ch);
    if (value < 0) throw new Error(`not a Crockford base32 character: ${ch}`);
    mod = (mod * 32 + value) % 37;
  }
  return mod;
}

/** The check symbol for `data` (Crockford base32 characters, already normalised). */
export function checkSymbol(data: string): string {
  return CHECK_ALPHABET[checkValue(data)]!;
}

export function formatNumber(data: string): string {
  return `${NUMBER_PREFIX}-${data.slice(0, 4)}-${data.slice(4, 8)}-${checkSymbol(data)}`;
}

/**
 * A new random certificate number. `randomBytes` must be cryptographically random (the number is
 * also the key of the public verification page, so it must not be guessable).
 */
export function generateNumber(randomBytes: (size: number) => Uint8Array): string {
  for (;;) {
    const bytes = randomBytes(5); // 40 bits = 8 base32 characters
    let bits = 0n;
    for (const b of bytes) bits = (bits << 8n) | BigInt(b);
    let data = "";
    for (let i = DATA_LENGTH - 1; i >= 0; i--) data += CROCKFORD_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
    if (checkValue(data) < 32) return formatNumber(data);
  }
}

export type ParsedNumber = { ok: true; number: string } | { ok: false; reason: "empty" | "format" | "check" };

/**
 * Reads what someone typed: any case, spaces or hyphens anywhere, with or without the "KA"
 * prefix, O/I/L read as 0/1. Returns the canonical form, or why it is not a valid number.
 */
export function parseNumber(input: string): ParsedNumber {
  let compact = input.replace(/[\s\-–—_.]/g, "");
  if (!compact) return { ok: false, reason: "empty" };
  if (
    compact.length === DATA_LENGTH + 1 + NUMBER_PREFIX.length &&
    compact.slice(0, 2).toUpperCase() === NUMBER_PREFIX
  ) {
    compact = compact.slice(2);
  }
  if (compact.length !== DATA_LENGTH + 1) return { ok: false, reason: "format" };
  const data = [...compact.slice(0, DATA_LENGTH)].map(normalizeChar).join("");
  if (![...data].every((ch) => CROCKFORD_ALPHABET.includes(ch))) return { ok: false, reason: "format" };
  const givenCheck = normalizeChar(compact.slice(DATA_LENGTH));
  if (!CHECK_ALPHABET.includes(givenCheck)) return { ok: false, reason: "format" };
  if (checkSymbol(data) !== givenCheck) return { ok: false, reason: "check" };
  return { ok: true, number: formatNumber(data) };
}

/** True for the canonical form only (what URLs and the database use). */
export function isCanonicalNumber(value: string): boolean {
  const parsed = parseNumber(value);
  return parsed.ok && parsed.number === value;
}

/** The canonical form of a number, or null when it is none (for canonicalParam). */
export function canonicalNumberOf(value: string): string | null {
  const parsed = parseNumber(value);
  return parsed.ok ? parsed.number : null;
}
