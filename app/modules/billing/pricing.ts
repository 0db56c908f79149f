// Prices per course, as a pure function of the course's price row and the buyer. A course with no
// price row (or no list price in any currency) is free: every signed-in person may take it.
// Amounts are excluding VAT, in minor units; SEK for Swedish buyers, EUR for buyers elsewhere in the EU.
import { numberFormat } from "~/utils/intl-formatters";

export type Currency = "SEK" | "EUR";

export type CoursePriceRow = {
  courseSlug: string;
  listSek: number | null;
  listEur: number | null;
  memberSek: number | null;
  memberEur: number | null;
  /** Kontakta membership includes the course: people of member companies take it without paying. */
  includedInMembership: boolean;
};

export function currencyFor(country: string): Currency {
  return country.toUpperCase() === "SE" ? "SEK" : "EUR";
}

export function isPaidCourse(price: CoursePriceRow | null | undefined): price is CoursePriceRow {
  return Boolean(price && (price.listSek !== null || price.listEur !== null));
}

export type UnitPrice =
  | { kind: "free" }
  | { kind: "included" }
  | { kind: "price"; unitNet: number; currency: Currency; memberPrice: boolean }
  | { kind: "not_for_sale"; currency: Currency };

/** What one seat of the course costs this buyer (excl. VAT). */
export function unitPriceFor(
  price: CoursePriceRow | null | undefined,
  buyer: { member: boolean; currency: Currency },
): UnitPrice {
  if (!isPaidCourse(price)) return { kind: "free" };
  if (buyer.member && price.includedInMembership) return { kind: "included" };
  const list = buyer.currency === "SEK" ? price.listSek : price.listEur;
  const member = buyer.currency === "SEK" ? price.memberSek : price.memberEur;
  if (buyer.member && member !== null)
    return { kind: "price", unitNet: member, currency: buyer.currency, memberPrice: true };
  if (list !== null) return { kind: "price", unitNet: list, currency: buyer.currency, memberPrice: false };
  return { kind: "not_for_sale", currency: buyer.currency };
}

/** "1 250,00 kr" / "€125.50" in the reader's language. */
export function formatMoney(minor: number, currency: Currency, language: string): string {
  const locale = language === "en" ? "en-GB" : language === "fi" ? "fi-FI" : "sv-SE";
  return numberFormat(locale, { style: "currency", currency }).format(minor / 100);
}

/** Basis points as a percentage: 2550 → "25,5 %" (sv/fi) or "25.5%" (en). */
export function formatRate(rateBp: number, language: string): string {
  const locale = language === "en" ? "en-GB" : language === "fi" ? "fi-FI" : "sv-SE";
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(rateBp / 10_000);
}
