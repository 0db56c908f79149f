// VAT for a Swedish seller of e-learning (electronically supplied services), as a pure function.
// - Buyers in Sweden (consumers and companies): Swedish VAT 25 %.
// - Consumers (and companies without a VAT number) in another EU country: that country's standard
//   rate, declared through the One Stop Shop (OSS); Finland 25.5 %.
// - Companies in another EU country with a VAT number: no Swedish VAT, reverse charge (the buyer
//   accounts for it; art. 196 of the VAT directive 2006/112/EC). The number's format is checked
//   per country (and its check digit for SE and FI) and stored on the order.
// - Prices are shown including VAT to consumers and excluding VAT (with the VAT beside it) to companies.
// Amounts are integers in minor units (öre, cents); rates in basis points (2500 = 25 %).
import { luhnValid, yTunnusCheckDigit } from "~/modules/organizations/org-number";

/** Standard VAT rates of the EU member states (basis points), as applied in December 2026. */
export const EU_VAT_RATES: Readonly<Record<string, number>> = {
  AT: 2000,
  BE: 2100,
  BG: 2000,
  CY: 1900,
  CZ: 2100,
  DE: 1900,
  DK: 2500,
  EE: 2400,
  ES: 2100,
  FI: 2550,
  FR: 2000,
  GR: 2400,
  HR: 2500,
  HU: 2700,
  IE: 2300,
  IT: 2200,
  LT: 2100,
  LU: 1700,
  LV: 2100,
  MT: 1800,
  NL: 2100,
  PL: 2300,
  PT: 2300,
  RO: 2100,
  SE: 2500,
  SI: 2200,
  SK: 2300,
};

export const SELLER_COUNTRY = "SE";

export type BuyerType = "consumer" | "business";
export type VatTreatment = "domestic" | "oss" | "reverse_charge";

/** VAT number formats (after the country prefix) per EU country, as VIES describes them. Greece uses the prefix EL. */
const VAT_FORMATS: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  GR: /^\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^\d{7}[A-W][A-IW]?$|^\d[A-Z+*]\d{5}[A-W]$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^[1-9]\d{1,9}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
};

export type VatNumberCheck = { ok: true; value: string } | { ok: false; error: "vat_format" | "vat_country" };

/**
 * Checks a VAT number's format for the buyer's country and returns it canonical ("SE556…01",
 * "FI12345671", "EL…" for Greece). Spaces, dots and dashes are ignored; the prefix may be omitted.
 */
export function checkVatNumber(country: string, raw: string): VatNumberCheck {
  const prefix = country === "GR" ? "EL" : country;
  const format = VAT_FORMATS[country];
  if (!format) return { ok: false, error: "vat_country" };
  let value = raw.toUpperCase().replace(/[\s.\-\u00a0]/g, "");
  if (/^[A-Z]{2}/.test(value) && !/^\d/.test(value.slice(0, 2))) {
    if (value.slice(0, 2) !== prefix) return { ok: false, error: "vat_country" };
    value = value.slice(2);
  }
  if (!format.test(value)) return { ok: false, error: "vat_format" };
  // Check digits where the national number has one: SE = organisation number (Luhn) + "01";
  // FI = Y-tunnus without the dash.
  if (country === "SE" && !luhnValid(value.slice(0, 10))) return { ok: false, error: "vat_format" };
  if (country === "FI" && yTunnusCheckDigit(value.slice(0, 7)) !== Number(value[7]))
    return { ok: false, error: "vat_format" };
  return { ok: true, value: prefix + value };
}

export type VatInput = { buyerCountry: string; buyerType: BuyerType; vatNumber?: string | null };
export type VatDecision =
  | { ok: true; treatment: VatTreatment; rateBp: number; vatNumber: string | null; pricesInclVat: boolean }
  | { ok: false; error: "country_unsupported" | "vat_format" | "vat_country" };

/** Which VAT applies to a sale to this buyer. */
export function decideVat(input: VatInput): VatDecision {
  const country = input.buyerCountry.toUpperCase();
  const rate = EU_VAT_RATES[country];
  if (rate === undefined) return { ok: false, error: "country_unsupported" };
  const pricesInclVat = input.buyerType === "consumer";
  const raw = input.buyerType === "business" ? (input.vatNumber ?? "").trim() : "";
  let vatNumber: string | null = null;
  if (raw) {
    const checked = checkVatNumber(country, raw);
    if (!checked.ok) return checked;
    vatNumber = checked.value;
  }
  if (country === SELLER_COUNTRY) return { ok: true, treatment: "domestic", rateBp: rate, vatNumber, pricesInclVat };
  if (vatNumber) return { ok: true, treatment: "reverse_charge", rateBp: 0, vatNumber, pricesInclVat: false };
  return { ok: true, treatment: "oss", rateBp: rate, vatNumber: null, pricesInclVat };
}

/** VAT on a net amount, rounded half up to the minor unit. */
export function vatOn(netMinor: number, rateBp: number): number {
  return Math.round((netMinor * rateBp) / 10_000);
}

export type Amounts = { unitNet: number; quantity: number; net: number; vat: number; total: number; unitShown: number };

/** Amounts of an order line: VAT on the line's net total; `unitShown` is what a price list shows to this buyer. */
export function computeAmounts(
  unitNet: number,
  quantity: number,
  vat: { rateBp: number; pricesInclVat: boolean },
): Amounts {
  const net = unitNet * quantity;
  const vatAmount = vatOn(net, vat.rateBp);
  return {
    unitNet,
    quantity,
    net,
    vat: vatAmount,
    total: net + vatAmount,
    unitShown: vat.pricesInclVat ? unitNet + vatOn(unitNet, vat.rateBp) : unitNet,
  };
}
