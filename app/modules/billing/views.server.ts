// What the pages show about prices: the course page's "how to get access" and the buy page's offers.
import { buyerContext, getCoursePrice, individualPrice } from "./access.server";
import { currencyFor, formatMoney, formatRate, isPaidCourse, unitPriceFor } from "./pricing";
import { paymentsEnabled } from "./stripe.server";
import { computeAmounts, decideVat, EU_VAT_RATES } from "./vat";

export type PriceText = { amount: string; vat: string | null; inclVat: boolean; memberPrice: boolean };

/** A consumer price as they expect it: including VAT at their country's rate. */
function consumerPrice(
  unitNet: number,
  currency: "SEK" | "EUR",
  country: string,
  language: string,
  memberPrice: boolean,
): PriceText | null {
  const vat = decideVat({ buyerCountry: country, buyerType: "consumer" });
  if (!vat.ok) return null;
  const amounts = computeAmounts(unitNet, 1, vat);
  return { amount: formatMoney(amounts.unitShown, currency, language), vat: null, inclVat: true, memberPrice };
}

export async function coursePurchaseView(
  user: { id: string; locale: string | null } | null,
  courseSlug: string,
  language: string,
) {
  const price = await getCoursePrice(courseSlug);
  if (!isPaidCourse(price)) return null;
  const paymentsOn = paymentsEnabled();
  if (!user) return { paymentsOn, individual: null, adminOf: [] as Array<{ id: string; name: string }> };
  const buyer = await buyerContext(user);
  const unit = individualPrice(price, buyer);
  return {
    paymentsOn,
    individual:
      unit.kind === "price"
        ? consumerPrice(unit.unitNet, unit.currency, buyer.country, language, unit.memberPrice)
        : null,
    adminOf: buyer.adminOf.map((o) => ({ id: o.id, name: o.name })),
  };
}

export const INDIVIDUAL_COUNTRIES = ["SE", "FI"] as const;

/** The buy page: the individual offer per country, and one seat-pack offer per company the person administers. */
export async function buyPageView(user: { id: string; locale: string | null }, courseSlug: string, language: string) {
  const price = await getCoursePrice(courseSlug);
  const buyer = await buyerContext(user);
  const paid = isPaidCourse(price);
  const individual = INDIVIDUAL_COUNTRIES.map((country) => {
    const unit = unitPriceFor(price, { member: buyer.member, currency: currencyFor(country) });
    return {
      country,
      price:
        unit.kind === "price" ? consumerPrice(unit.unitNet, unit.currency, country, language, unit.memberPrice) : null,
      kind: unit.kind,
    };
  });
  const companies = buyer.adminOf.map((org) => {
    const unit = unitPriceFor(price, { member: org.member, currency: currencyFor(org.country) });
    const rate = EU_VAT_RATES[org.country]!;
    return {
      id: org.id,
      name: org.name,
      country: org.country,
      kind: unit.kind,
      price:
        unit.kind === "price"
          ? {
              amount: formatMoney(unit.unitNet, unit.currency, language),
              vat: formatRate(rate, language),
              inclVat: false,
              memberPrice: unit.memberPrice,
            }
          : null,
    };
  });
  const individualKind = unitPriceFor(price, { member: buyer.member, currency: currencyFor(buyer.country) }).kind;
  return {
    paid,
    paymentsOn: paymentsEnabled(),
    defaultCountry: buyer.country === "FI" ? "FI" : "SE",
    individual,
    individualKind,
    companies,
  };
}
