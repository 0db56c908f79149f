// Order history: the buyer's own, a company's (its admins) and everyone's (Kontakta staff), page by
// page on (createdAt, id) indexes, with links to Stripe's receipts and invoices, and as CSV.
// Kontakta staff start refunds here; the charge.refunded webhook then takes back what was granted.
import type { Prisma } from "~/generated/prisma/client";
import { appendAuditEntry } from "~/modules/api/audit.server";
import { CSV_BOM, csvLine, type CsvDelimiter } from "~/utils/csv.server";
import { getDb } from "~/utils/db.server";
import { getStripe } from "./stripe.server";
import { pageSize, pageWindow } from "~/utils/pagination";

export type OrderScope = { buyerId: string } | { organizationId: string } | { all: true };

export const ORDERS_PAGE_SIZE = 25;

function whereOf(scope: OrderScope): Prisma.OrderWhereInput {
  if ("buyerId" in scope) return { buyerId: scope.buyerId };
  if ("organizationId" in scope) return { organizationId: scope.organizationId };
  return {};
}

const orderSelect = {
  id: true,
  number: true,
  kind: true,
  status: true,
  createdAt: true,
  paidAt: true,
  buyerEmail: true,
  buyerName: true,
  orgName: true,
  orgNumber: true,
  vatNumber: true,
  buyerCountry: true,
  vatTreatment: true,
  vatRateBp: true,
  currency: true,
  netAmount: true,
  vatAmount: true,
  totalAmount: true,
  amountRefunded: true,
  receiptUrl: true,
  invoiceUrl: true,
  stripePaymentIntentId: true,
  lines: { select: { courseSlug: true, description: true, quantity: true } },
} satisfies Prisma.OrderSelect;

export type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderSelect }>;

export async function listOrders(scope: OrderScope, options: { page?: number; pageSize?: number } = {}) {
  const db = await getDb();
  const where = whereOf(scope);
  const { skip, take, ...window } = pageWindow(
    await db.order.count({ where }),
    options.page,
    pageSize(options.pageSize, ORDERS_PAGE_SIZE),
  );
  const items = await db.order.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip,
    take,
    select: orderSelect,
  });
  return { items, ...window };
}

const CSV_HEADER = [
  "order",
  "created",
  "paid",
  "status",
  "kind",
  "course",
  "quantity",
  "buyer",
  "company",
  "org_number",
  "vat_number",
  "country",
  "vat_treatment",
  "vat_rate_percent",
  "currency",
  "net",
  "vat",
  "total",
  "refunded",
  "receipt_url",
  "invoice_url",
];

function amount(minor: number) {
  return (minor / 100).toFixed(2);
}

/** The orders as CSV lines (header first), read in batches by keyset so any number of rows streams. */
export async function* ordersCsv(scope: OrderScope, delimiter: CsvDelimiter = ","): AsyncGenerator<string> {
  const db = await getDb();
  yield CSV_BOM + csvLine(CSV_HEADER, delimiter);
  let cursor: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const where: Prisma.OrderWhereInput = cursor
      ? {
          AND: [
            whereOf(scope),
            { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] },
          ],
        }
      : whereOf(scope);
    const rows: OrderRow[] = await db.order.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 500,
      select: orderSelect,
    });
    if (rows.length === 0) return;
    for (const o of rows) {
      const line = o.lines[0];
      const cells = [
        o.number,
        o.createdAt.toISOString(),
        o.paidAt?.toISOString() ?? "",
        o.status,
        o.kind,
        line?.courseSlug ?? "",
        line?.quantity ?? "",
        o.buyerEmail,
        o.orgName ?? "",
        o.orgNumber ?? "",
        o.vatNumber ?? "",
        o.buyerCountry,
        o.vatTreatment,
        (o.vatRateBp / 100).toString(),
        o.currency,
        amount(o.netAmount),
        amount(o.vatAmount),
        amount(o.totalAmount),
        amount(o.amountRefunded),
        o.receiptUrl ?? "",
        o.invoiceUrl ?? "",
      ];
      yield csvLine(cells, delimiter);
    }
    const last = rows[rows.length - 1]!;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}

export type RefundError = "payments_off" | "not_found" | "not_paid" | "stripe_unavailable";

/** Kontakta staff refund a paid order in full through Stripe; the charge.refunded webhook takes back the grants. */
export async function requestRefund(
  orderId: string,
  actorId: string,
): Promise<{ ok: true } | { ok: false; error: RefundError }> {
  const stripe = await getStripe();
  if (!stripe) return { ok: false, error: "payments_off" };
  const db = await getDb();
  const order = await db.order.findUnique({
    where: { id: orderId },
    select: { id: true, number: true, status: true, stripePaymentIntentId: true },
  });
  if (!order) return { ok: false, error: "not_found" };
  if (order.status !== "paid" || !order.stripePaymentIntentId) return { ok: false, error: "not_paid" };
  try {
    await stripe.refunds.create(
      { payment_intent: order.stripePaymentIntentId, metadata: { orderId: order.id, orderNumber: order.number } },
      { idempotencyKey: `refund-${order.id}` },
    );
  } catch {
    return { ok: false, error: "stripe_unavailable" };
  }
  await db.$transaction((tx) =>
    appendAuditEntry(tx, "billing.refund_requested", { orderId: order.id, orderNumber: order.number, actorId }),
  );
  return { ok: true };
}
