// Stripe webhooks: the only place purchases are granted or taken back.
// - The signature is verified by the official library on the raw body (stripe.webhooks.constructEvent).
// - Each event is processed once: its id is inserted into StripeEvent in the same transaction as
//   what it grants, so a replay, a duplicate delivery or a retry after a crash changes nothing twice
//   (a concurrent duplicate waits on the id's unique index and then finds it taken).
// - Events on one order are serialised by a row lock on the order; a refund that arrives before
//   its payment is kept ("deferred_refund") and applied when the payment lands.
// - A refund removes unused seats or the buyer's unstarted entitlement; started courses and issued
//   certificates are never touched. Every processed event is written to the audit chain.
import type { Prisma } from "~/generated/prisma/client";
import { appendAuditEntry } from "~/modules/api/audit.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { getStripe, type Stripe } from "./stripe.server";

type Tx = Prisma.TransactionClient;

export const HANDLED_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "charge.refunded",
  "invoice.paid",
] as const;

export type WebhookResponse = { status: number; body: { received: boolean; outcome?: string; error?: string } };

/** Verifies and processes one delivery. 400 for a bad signature; 500 (Stripe retries) if processing failed. */
export async function handleStripeWebhook(
  rawBody: string | Uint8Array,
  signature: string | null,
): Promise<WebhookResponse> {
  const stripe = await getStripe();
  const config = getEnv().stripe;
  if (!stripe || !config) return { status: 404, body: { received: false, error: "payments_off" } };
  if (!signature) return { status: 400, body: { received: false, error: "missing_signature" } };
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(rawBody, signature, config.webhookSecret);
  } catch {
    return { status: 400, body: { received: false, error: "bad_signature" } };
  }
  try {
    const outcome = await processStripeEvent(event);
    return { status: 200, body: { received: true, outcome } };
  } catch (err) {
    logger.error("stripe webhook failed", { eventId: event.id, type: event.type, err });
    return { status: 500, body: { received: false, error: "processing_failed" } };
  }
}

/** What a verified event does, once. Returns the outcome recorded for it ("duplicate" if seen before). */
export async function processStripeEvent(event: Stripe.Event): Promise<string> {
  const receipt = await receiptUrlFor(event);
  const db = await getDb();
  return db.$transaction(
    async (tx) => {
      const inserted =
        await tx.$executeRaw`INSERT INTO "StripeEvent" ("id", "type", "outcome") VALUES (${event.id}, ${event.type}, 'processing') ON CONFLICT ("id") DO NOTHING`;
      if (inserted === 0) return "duplicate";
      const result = await dispatch(tx, event, receipt);
      await tx.stripeEvent.update({
        where: { id: event.id },
        data: {
          outcome: result.outcome,
          orderId: result.orderId ?? null,
          paymentIntentId: result.paymentIntentId ?? null,
          ...(result.payload ? { payload: result.payload } : {}),
        },
      });
      await appendAuditEntry(tx, "billing.stripe_event", {
        eventId: event.id,
        type: event.type,
        outcome: result.outcome,
        orderId: result.orderId ?? null,
        ...(result.audit ?? {}),
      });
      return result.outcome;
    },
    { timeout: 30_000 },
  );
}

type Dispatched = {
  outcome: string;
  orderId?: string | null;
  paymentIntentId?: string | null;
  payload?: Prisma.InputJsonValue;
  audit?: Record<string, unknown>;
};

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** The receipt link of a paid Checkout Session (read before the transaction; never blocks a grant). */
async function receiptUrlFor(event: Stripe.Event): Promise<string | null> {
  if (event.type !== "checkout.session.completed" && event.type !== "checkout.session.async_payment_succeeded")
    return null;
  const session = event.data.object;
  if (session.payment_status !== "paid") return null;
  try {
    const full = await (await getStripe())!.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent.latest_charge"],
    });
    const intent = full.payment_intent;
    const charge = intent && typeof intent !== "string" ? intent.latest_charge : null;
    return charge && typeof charge !== "string" ? (charge.receipt_url ?? null) : null;
  } catch (err) {
    logger.warn("stripe: could not read the receipt link", { eventId: event.id, err });
    return null;
  }
}

async function lockOrder(tx: Tx, orderId: string) {
  await tx.$queryRaw`SELECT "id" FROM "Order" WHERE "id" = ${orderId} FOR UPDATE`;
  return tx.order.findUnique({ where: { id: orderId }, include: { lines: true, seatPack: true } });
}

async function dispatch(tx: Tx, event: Stripe.Event, receiptUrl: string | null): Promise<Dispatched> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return sessionPaid(tx, event.data.object, event.type, receiptUrl);
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired":
      return sessionFailed(tx, event.data.object, event.type === "checkout.session.expired" ? "expired" : "failed");
    case "charge.refunded":
      return chargeRefunded(tx, event.data.object);
    case "invoice.paid":
      return invoicePaid(tx, event.data.object);
    default:
      return { outcome: "ignored_type" };
  }
}

function orderIdOfSession(session: Stripe.Checkout.Session): string | null {
  return session.metadata?.orderId ?? session.client_reference_id ?? null;
}

async function sessionPaid(
  tx: Tx,
  session: Stripe.Checkout.Session,
  type: string,
  receiptUrl: string | null,
): Promise<Dispatched> {
  const orderId = orderIdOfSession(session);
  const paymentIntentId = idOf(session.payment_intent);
  if (!orderId) return { outcome: "ignored_unknown_order", paymentIntentId };
  const order = await lockOrder(tx, orderId);
  if (!order) return { outcome: "ignored_unknown_order", paymentIntentId };
  if (order.stripeSessionId && order.stripeSessionId !== session.id)
    return { outcome: "ignored_session_mismatch", orderId, paymentIntentId };
  if (session.amount_total !== order.totalAmount || session.currency?.toUpperCase() !== order.currency) {
    return {
      outcome: "amount_mismatch",
      orderId,
      paymentIntentId,
      audit: { expected: order.totalAmount, got: session.amount_total, currency: session.currency },
    };
  }
  if (session.payment_status !== "paid" && session.payment_status !== "no_payment_required") {
    // Bank transfers and the like: the money comes later (async_payment_succeeded).
    if (paymentIntentId && !order.stripePaymentIntentId)
      await tx.order.update({
        where: { id: order.id },
        data: { stripePaymentIntentId: paymentIntentId, stripeSessionId: session.id },
      });
    return { outcome: "awaiting_payment", orderId, paymentIntentId };
  }
  if (order.status === "paid" || order.status === "refunded")
    return { outcome: "already_paid", orderId, paymentIntentId };
  const now = new Date();
  await tx.order.update({
    where: { id: order.id },
    data: {
      status: "paid",
      paidAt: now,
      stripeSessionId: session.id,
      stripePaymentIntentId: paymentIntentId ?? order.stripePaymentIntentId,
      stripeCustomerId: idOf(session.customer) ?? order.stripeCustomerId,
      receiptUrl: receiptUrl ?? order.receiptUrl,
      invoiceUrl: order.invoiceUrl,
    },
  });
  const line = order.lines[0]!;
  let granted: Record<string, unknown>;
  if (order.kind === "course") {
    if (!order.buyerId) return { outcome: "paid_no_buyer", orderId, paymentIntentId };
    await tx.entitlement.create({
      data: { userId: order.buyerId, courseSlug: line.courseSlug, source: "purchase", orderId: order.id },
    });
    granted = { entitlementFor: order.buyerId, courseSlug: line.courseSlug };
  } else {
    if (!order.organizationId) return { outcome: "paid_no_company", orderId, paymentIntentId };
    await tx.seatPack.create({
      data: {
        orderId: order.id,
        organizationId: order.organizationId,
        courseSlug: line.courseSlug,
        seatsBought: line.quantity,
        seats: line.quantity,
      },
    });
    granted = { seatPackFor: order.organizationId, courseSlug: line.courseSlug, seats: line.quantity };
  }
  // Refunds that arrived before this payment (out of order) apply now.
  let lateRefund: Record<string, unknown> | null = null;
  if (paymentIntentId) {
    const deferred = await tx.stripeEvent.findMany({
      where: { paymentIntentId, outcome: "deferred_refund" },
      select: { id: true, payload: true },
    });
    if (deferred.length > 0) {
      const amount = Math.max(
        ...deferred.map((d) => Number((d.payload as { amountRefunded?: number } | null)?.amountRefunded ?? 0)),
      );
      const fresh = (await tx.order.findUnique({ where: { id: order.id }, include: { lines: true, seatPack: true } }))!;
      lateRefund = await applyRefund(tx, fresh, amount);
      await tx.stripeEvent.updateMany({
        where: { id: { in: deferred.map((d) => d.id) } },
        data: { outcome: "refund_applied_late", orderId: order.id },
      });
    }
  }
  return {
    outcome: type === "checkout.session.completed" ? "granted" : "granted_async",
    orderId,
    paymentIntentId,
    audit: { ...granted, ...(lateRefund ? { lateRefund } : {}) },
  };
}

async function sessionFailed(
  tx: Tx,
  session: Stripe.Checkout.Session,
  status: "failed" | "expired",
): Promise<Dispatched> {
  const orderId = orderIdOfSession(session);
  if (!orderId) return { outcome: "ignored_unknown_order" };
  const order = await lockOrder(tx, orderId);
  if (!order) return { outcome: "ignored_unknown_order" };
  if (order.status !== "pending") return { outcome: `ignored_order_${order.status}`, orderId };
  await tx.order.update({ where: { id: order.id }, data: { status } });
  return { outcome: status === "failed" ? "payment_failed" : "session_expired", orderId };
}

async function chargeRefunded(tx: Tx, charge: Stripe.Charge): Promise<Dispatched> {
  const paymentIntentId = idOf(charge.payment_intent);
  const amountRefunded = charge.amount_refunded;
  const order = paymentIntentId
    ? await tx.order.findUnique({ where: { stripePaymentIntentId: paymentIntentId }, select: { id: true } })
    : null;
  const locked = order ? await lockOrder(tx, order.id) : null;
  if (!locked || (locked.status !== "paid" && locked.status !== "refunded")) {
    // Before the payment's own event: keep it; the payment applies it when it arrives.
    return {
      outcome: "deferred_refund",
      orderId: locked?.id ?? null,
      paymentIntentId,
      payload: { amountRefunded },
      audit: { amountRefunded },
    };
  }
  const effect = await applyRefund(tx, locked, amountRefunded);
  return {
    outcome: effect.changed ? "refunded" : "refund_already_applied",
    orderId: locked.id,
    paymentIntentId,
    audit: effect,
  };
}

async function invoicePaid(tx: Tx, invoice: Stripe.Invoice): Promise<Dispatched> {
  const orderId = invoice.metadata?.orderId ?? null;
  if (!orderId) return { outcome: "ignored_unknown_order" };
  const order = await lockOrder(tx, orderId);
  if (!order) return { outcome: "ignored_unknown_order" };
  await tx.order.update({
    where: { id: order.id },
    data: { invoiceUrl: invoice.hosted_invoice_url ?? order.invoiceUrl },
  });
  return { outcome: "invoice_recorded", orderId };
}

type OrderWithGrants = NonNullable<Awaited<ReturnType<typeof lockOrder>>>;

/**
 * Brings an order's grants in line with the total refunded so far (Stripe's amount_refunded is
 * cumulative, so applying the same figure twice changes nothing). Seat packs lose the refunded
 * share of their seats, taken from free seats first, then from people who have not started;
 * a course purchase loses its entitlement when fully refunded unless the buyer has started.
 */
export async function applyRefund(
  tx: Tx,
  order: OrderWithGrants,
  amountRefunded: number,
): Promise<Record<string, unknown> & { changed: boolean }> {
  if (amountRefunded <= order.amountRefunded) return { changed: false, amountRefunded };
  const full = amountRefunded >= order.totalAmount;
  const now = new Date();
  await tx.order.update({
    where: { id: order.id },
    data: { amountRefunded, ...(full ? { status: "refunded", refundedAt: now } : {}) },
  });
  const line = order.lines[0]!;
  if (order.kind === "course") {
    if (!full || !order.buyerId) return { changed: true, amountRefunded, full };
    const started = await tx.enrollment.findUnique({
      where: { userId_courseSlug: { userId: order.buyerId, courseSlug: line.courseSlug } },
      select: { id: true },
    });
    if (started) return { changed: true, amountRefunded, full, entitlement: "kept_started" };
    const revoked = await tx.entitlement.updateMany({
      where: { orderId: order.id, revokedAt: null },
      data: { revokedAt: now, revokedReason: "refunded" },
    });
    return { changed: true, amountRefunded, full, entitlementsRevoked: revoked.count };
  }
  const pack = order.seatPack;
  if (!pack) return { changed: true, amountRefunded, full };
  // The same lock seat changes take (seats.server.ts), so no seat is given while this one shrinks.
  await tx.$queryRaw`SELECT "id" FROM "SeatPack" WHERE "organizationId" = ${pack.organizationId} AND "courseSlug" = ${pack.courseSlug} ORDER BY "id" FOR UPDATE`;
  const refundedSeats = full ? pack.seatsBought : Math.floor((amountRefunded * pack.seatsBought) / order.totalAmount);
  const target = pack.seatsBought - refundedSeats;
  const active = await tx.seatAssignment.findMany({
    where: { seatPackId: pack.id, releasedAt: null },
    select: { id: true, userId: true, assignedAt: true },
    orderBy: { assignedAt: "desc" },
  });
  const startedUsers = new Set(
    (
      await tx.enrollment.findMany({
        where: { courseSlug: pack.courseSlug, userId: { in: active.map((a) => a.userId) } },
        select: { userId: true },
      })
    ).map((e) => e.userId),
  );
  const startedCount = active.filter((a) => startedUsers.has(a.userId)).length;
  const newSeats = Math.max(target, startedCount);
  // Free seats go first; then seats of people who have not started, newest first.
  let toRelease = Math.max(0, active.length - newSeats);
  const released: string[] = [];
  for (const assignment of active) {
    if (toRelease === 0) break;
    if (startedUsers.has(assignment.userId)) continue;
    released.push(assignment.id);
    toRelease -= 1;
  }
  if (released.length > 0) {
    await tx.seatAssignment.updateMany({ where: { id: { in: released } }, data: { releasedAt: now } });
    await tx.entitlement.updateMany({
      where: { seatAssignmentId: { in: released }, revokedAt: null },
      data: { revokedAt: now, revokedReason: "refunded" },
    });
  }
  await tx.seatPack.update({ where: { id: pack.id }, data: { seats: Math.min(pack.seats, newSeats) } });
  return {
    changed: true,
    amountRefunded,
    full,
    seatsBefore: pack.seats,
    seatsAfter: Math.min(pack.seats, newSeats),
    assignmentsReleased: released.length,
    keptStarted: startedCount,
  };
}
