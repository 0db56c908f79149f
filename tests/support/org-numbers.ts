// The one generator of test organisation numbers, for Vitest and Playwright alike (a pure module
// with relative imports, so a Playwright worker can load it). Valid per the app's own check-digit
// rules, and different on every call in a process: a random start per process plus a counter.
import { randomInt } from "node:crypto";
import { luhnCheckDigit, yTunnusCheckDigit } from "../../app/modules/organizations/org-number";

const start = randomInt(1_000_000);
let counter = 0;

/**
 * A valid Swedish organisationsnummer (canonical 10 digits): "55", a third digit of 2–9 (below 2
 * it would be a personal identity number, which the API refuses), six digits unique in this
 * process, and the Luhn check digit.
 */
export function swedishOrgNumber(): string {
  const six = String((start + counter++) % 1_000_000).padStart(6, "0");
  const nine = `55${2 + randomInt(8)}${six}`;
  return nine + luhnCheckDigit(nine);
}

/** A valid Finnish Y-tunnus (NNNNNNN-C), seven digits unique in this process. */
export function finnishOrgNumber(): string {
  for (;;) {
    const seven = String((start * 10 + counter++) % 10_000_000).padStart(7, "0");
    const check = yTunnusCheckDigit(seven);
    if (check !== null) return `${seven}-${check}`;
  }
}
