// Starting a purchase: an order row (pending) with its VAT decided and amounts fixed, then a Stripe
// Checkout Session that carries the order id. Nothing is granted here: only the signed webhook
// (webhook.server.ts) grants, once, when Stripe says the payment succeeded.
import { randomBytes } from "node:crypto";
import { appendAuditEntry } from "~/modules/api/audit.server";
import { formatOrgNumber } from "~/modules/organizations/org-number";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { buyerContext, courseAccess, getCoursePrice } from "./access.server";
import { currencyFor, formatRate, unitPriceFor, type UnitPrice } from "./pricing";
import { getStripe, type Stripe } from "./stripe.server";
import { computeAmounts, decideVat, type Amounts, type VatDecision } from "./vat";

export const MAX_SEATS_PER_ORDER = 500;

export type CheckoutError =
  | "payments_off"
  | "already_entitled"
  | "free"
  | "included"
  | "not_for_sale"
  | "not_admin"
  | "country_unsupported"
  | "vat_format"
  | "vat_country"
  | "vat_mismatch"
  | "seats_range"
  | "stripe_unavailable";

export type CheckoutResult =
  { ok: true; url: string; orderId: string; orderNumber: string } | { ok: false; error: CheckoutError };

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export function newOrderNumber(now = new Date()): string {
  const bytes = randomBytes(6);
  let suffix = "";
  for (const b of bytes) suffix += ALPHABET[b % 32];
  return `KA-${now.toISOString().slice(0, 10).replace(/-/g, "")}-${suffix}`;
}

/** The VAT number of a company from its canonical organisation number: SE + 10 digits + 01, FI + Y-tunnus digits. */
export function companyVatNumber(country: "SE" | "FI", orgNumber: string): string {
  return country === "SE" ? `SE${orgNumber}01` : `FI${orgNumber.replace("-", "")}`;
}

const VAT_LABEL: Record<string, string> = { sv: "Moms", en: "VAT", fi: "ALV" };
const REVERSE_CHARGE_NOTE = "Omvänd betalningsskyldighet / Reverse charge (art. 196, direktiv 2006/112/EG)";

function checkoutLocale(language: string): "sv" | "en" | "fi" {
  return language === "en" || language === "fi" ? language : "sv";
}

function lineItems(input: {
  currency: string;
  title: string;
  quantity: number;
  unitNet: number;
  vat: number;
  rateBp: number;
  language: string;
}) {
  const currency = input.currency.toLowerCase();
  const items: Stripe.Checkout.SessionCreateParams.LineItem[] = [
    {
      quantity: input.quantity,
      price_data: { currency, unit_amount: input.unitNet, product_data: { name: input.title } },
    },
  ];
  if (input.vat > 0) {
    const label = `${VAT_LABEL[input.language] ?? "Moms"} ${formatRate(input.rateBp, input.language)}`;
    items.push({ quantity: 1, price_data: { currency, unit_amount: input.vat, product_data: { name: label } } });
  }
  return items;
}

function urls(orderNumber: string, courseSlug: string) {
  const base = getEnv().APP_URL;
  return {
    success_url: `${base}/orders?checkout=success&order=${encodeURIComponent(orderNumber)}`,
    cancel_url: `${base}/courses/${courseSlug}?checkout=cancelled`,
  };
}

/** What is sold to whom at which price: the part both kinds of order share. */
type Sale = {
  user: { id: string; email: string; name: string | null };
  course: { slug: string; title: string };
  quantity: number;
  vat: Extract<VatDecision, { ok: true }>;
  unit: Extract<UnitPrice, { kind: "price" }>;
  amounts: Amounts;
};

/** Who buys, as the order records it (a consumer, or a company with its numbers). */
type OrderBuyer = {
  kind: "course" | "seat_pack";
  buyerType: "consumer" | "business";
  buyerCountry: string;
  organizationId?: string;
  orgName?: string;
  orgNumber?: string;
};

/** The pending order with its one line, and its audit entry, in one transaction. */
async function createPendingOrder(sale: Sale, buyer: OrderBuyer, audit: Record<string, unknown>) {
  const db = await getDb();
  const { vat, unit, amounts } = sale;
  return db.$transaction(async (tx) => {
    const created = await tx.order.create({
      data: {
        number: newOrderNumber(),
        ...buyer,
        buyerId: sale.user.id,
        buyerName: sale.user.name,
        buyerEmail: sale.user.email,
        vatNumber: vat.vatNumber,
        vatTreatment: vat.treatment,
        vatRateBp: vat.rateBp,
        currency: unit.currency,
        netAmount: amounts.net,
        vatAmount: amounts.vat,
        totalAmount: amounts.total,
        memberPrice: unit.memberPrice,
        lines: {
          create: {
            courseSlug: sale.course.slug,
            description: sale.course.title,
            quantity: sale.quantity,
            unitNet: unit.unitNet,
            netAmount: amounts.net,
            vatRateBp: vat.rateBp,
            vatAmount: amounts.vat,
          },
        },
      },
    });
    await appendAuditEntry(tx, "billing.checkout_started", {
      orderId: created.id,
      orderNumber: created.number,
      kind: buyer.kind,
      courseSlug: sale.course.slug,
      ...audit,
      buyerId: sale.user.id,
      total: amounts.total,
      currency: unit.currency,
      vatTreatment: vat.treatment,
    });
    return created;
  });
}

/** The Checkout Session parameters both kinds of order share. */
function sessionBase(order: { id: string; number: string }, sale: Sale, language: string) {
  return {
    mode: "payment",
    client_reference_id: order.id,
    locale: checkoutLocale(language),
    payment_intent_data: { metadata: { orderId: order.id, orderNumber: order.number } },
    line_items: lineItems({
      currency: sale.unit.currency,
      title: sale.course.title,
      quantity: sale.quantity,
      unitNet: sale.unit.unitNet,
      vat: sale.amounts.vat,
      rateBp: sale.vat.rateBp,
      language,
    }),
    ...urls(order.number, sale.course.slug),
  } satisfies Stripe.Checkout.SessionCreateParams;
}

/**
 * Opens the order's Stripe Checkout Session and records it on the order. When Stripe fails (or
 * gives no URL) the order is marked failed and the buyer told that Stripe is unavailable.
 */
async function openCheckout(
  order: { id: string; number: string },
  open: () => Promise<{ session: Stripe.Checkout.Session; customerId: string | null }>,
): Promise<CheckoutResult> {
  const db = await getDb();
  try {
    const { session, customerId } = await open();
    await db.order.update({
      where: { id: order.id },
      data: { stripeSessionId: session.id, stripeCustomerId: customerId },
    });
    if (!session.url) throw new Error("Stripe returned no Checkout URL");
    return { ok: true, url: session.url, orderId: order.id, orderNumber: order.number };
  } catch {
    await db.order.updateMany({ where: { id: order.id, status: "pending" }, data: { status: "failed" } });
    return { ok: false, error: "stripe_unavailable" };
  }
}

/** An individual buys a course for themself (a consumer: price incl. VAT, VAT by their country). */
export async function startCourseCheckout(input: {
  user: { id: string; email: string; name: string | null; locale: string | null };
  course: { slug: string; title: string };
  country: string;
  language: string;
}): Promise<CheckoutResult> {
  const stripe = await getStripe();
  if (!stripe) return { ok: false, error: "payments_off" };
  const [price, buyer] = await Promise.all([getCoursePrice(input.course.slug), buyerContext(input.user)]);
  // Nobody pays for a course they may already take (a seat, an earlier purchase, started, included).
  const access = await courseAccess(input.user, input.course.slug);
  if (access.allowed && access.basis !== "free")
    return { ok: false, error: access.basis === "included" ? "included" : "already_entitled" };
  const vat = decideVat({ buyerCountry: input.country, buyerType: "consumer" });
  if (!vat.ok) return { ok: false, error: vat.error };
  const unit = unitPriceFor(price, { member: buyer.member, currency: currencyFor(input.country) });
  if (unit.kind !== "price") return { ok: false, error: unit.kind };
  const sale: Sale = {
    user: input.user,
    course: input.course,
    quantity: 1,
    vat,
    unit,
    amounts: computeAmounts(unit.unitNet, 1, vat),
  };
  const order = await createPendingOrder(
    sale,
    { kind: "course", buyerType: "consumer", buyerCountry: input.country.toUpperCase() },
    {},
  );
  return openCheckout(order, async () => {
    const session = await stripe.checkout.sessions.create(
      {
        ...sessionBase(order, sale, input.language),
        customer_email: input.user.email,
        metadata: { orderId: order.id, orderNumber: order.number },
      },
      { idempotencyKey: `checkout-${order.id}` },
    );
    return { session, customerId: null };
  });
}

/**
 * A company admin buys N seats of a course for their company. A company: prices excl. VAT with
 * the VAT shown; EU companies outside Sweden with a VAT number are reverse charged. The order and
 * the Stripe invoice carry the company's name, organisation number and VAT number.
 */
export async function startSeatPackCheckout(input: {
  user: { id: string; email: string; name: string | null; locale: string | null };
  organizationId: string;
  course: { slug: string; title: string };
  seats: number;
  vatNumber: string | null;
  language: string;
}): Promise<CheckoutResult> {
  const stripe = await getStripe();
  if (!stripe) return { ok: false, error: "payments_off" };
  if (!Number.isInteger(input.seats) || input.seats < 1 || input.seats > MAX_SEATS_PER_ORDER)
    return { ok: false, error: "seats_range" };
  const db = await getDb();
  const membership = await db.membership.findFirst({
    where: { userId: input.user.id, organizationId: input.organizationId, roles: { has: "org_admin" } },
    select: {
      organization: { select: { id: true, name: true, orgNumber: true, country: true, membershipStatus: true } },
    },
  });
  if (!membership) return { ok: false, error: "not_admin" };
  const org = membership.organization;
  const price = await getCoursePrice(input.course.slug);
  const vat: VatDecision = decideVat({ buyerCountry: org.country, buyerType: "business", vatNumber: input.vatNumber });
  if (!vat.ok) return { ok: false, error: vat.error };
  // A Swedish or Finnish VAT number is the organisation number in another form: it must be this company's.
  if (vat.vatNumber && vat.vatNumber !== companyVatNumber(org.country, org.orgNumber))
    return { ok: false, error: "vat_mismatch" };
  // Seats are bought for the people of the company: "included" means the company's people need no seat.
  const unit = unitPriceFor(price, { member: org.membershipStatus === "member", currency: currencyFor(org.country) });
  if (unit.kind !== "price") return { ok: false, error: unit.kind };
  const sale: Sale = {
    user: input.user,
    course: input.course,
    quantity: input.seats,
    vat,
    unit,
    amounts: computeAmounts(unit.unitNet, input.seats, vat),
  };
  const orgNumber = formatOrgNumber(org.orgNumber, org.country);
  const order = await createPendingOrder(
    sale,
    {
      kind: "seat_pack",
      buyerType: "business",
      buyerCountry: org.country,
      organizationId: org.id,
      orgName: org.name,
      orgNumber,
    },
    { seats: input.seats, organizationId: org.id, vatNumber: vat.vatNumber },
  );
  return openCheckout(order, async () => {
    const customer = await stripe.customers.create(
      {
        name: org.name,
        email: input.user.email,
        preferred_locales: [checkoutLocale(input.language)],
        address: { country: org.country },
        metadata: { organizationId: org.id, orgNumber },
        ...(vat.vatNumber ? { tax_id_data: [{ type: "eu_vat" as const, value: vat.vatNumber }] } : {}),
      },
      { idempotencyKey: `customer-${order.id}` },
    );
    const customFields = [{ name: input.language === "en" ? "Org. no." : "Org.nr", value: orgNumber }];
    if (vat.vatNumber)
      customFields.push({ name: input.language === "en" ? "VAT no." : "Momsreg.nr", value: vat.vatNumber });
    const session = await stripe.checkout.sessions.create(
      {
        ...sessionBase(order, sale, input.language),
        customer: customer.id,
        metadata: { orderId: order.id, orderNumber: order.number, organizationId: org.id },
        invoice_creation: {
          enabled: true,
          invoice_data: {
            metadata: { orderId: order.id, orderNumber: order.number },
            custom_fields: customFields,
            description: `${org.name} (${orgNumber}) · ${order.number}`,
            ...(vat.treatment === "reverse_charge" ? { footer: REVERSE_CHARGE_NOTE } : {}),
          },
        },
      },
      { idempotencyKey: `checkout-${order.id}` },
    );
    return { session, customerId: customer.id };
  });
}
