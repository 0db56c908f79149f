// Payments with Stripe, end to end through the app's modules and its webhook route, against a local
// server that answers like Stripe (tests/support/stripe-fake.ts) with the official client pointed at
// it. Webhooks are signed with the library's generateTestHeaderString, so the route's signature
// check runs for real. Runs on both engines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/modules/api/audit.server";
import { getOptionalUser, type SessionUser } from "~/modules/auth/session.server";
import { startCourseCheckout, startSeatPackCheckout } from "~/modules/billing/checkout.server";
import { listOrders, ordersCsv, requestRefund } from "~/modules/billing/orders.server";
import { setCoursePrice } from "~/modules/billing/prices.server";
import { assignSeat, moveSeat, seatOverview } from "~/modules/billing/seats.server";
import { canEnroll } from "~/modules/courses/entitlement.server";
import { getDb } from "~/utils/db.server";
import { action as webhookAction } from "~/routes/webhooks.stripe";
import { createCompany, createPerson, issueCertificate } from "../support/domain-fixtures";
import { FAKE_STRIPE_KEY, FAKE_WEBHOOK_SECRET, startFakeStripe, type FakeStripe } from "../support/stripe-fake";
import type Stripe from "stripe";
import { reloadEnv } from "~/utils/env.server";

const PAID = "betald-kurs";
const INCLUDED = "ingar-i-medlemskapet";
const course = (slug: string) => ({ slug, meta: {} }) as Parameters<typeof canEnroll>[1];
let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  process.env.STRIPE_SECRET_KEY = FAKE_STRIPE_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = FAKE_WEBHOOK_SECRET;
  process.env.STRIPE_API_BASE = fake.url;
  reloadEnv();
  await setCoursePrice(
    {
      courseSlug: PAID,
      listSek: 100_000,
      listEur: 9_900,
      memberSek: 80_000,
      memberEur: 7_900,
      includedInMembership: false,
    },
    null,
  );
  await setCoursePrice(
    {
      courseSlug: INCLUDED,
      listSek: 50_000,
      listEur: 4_900,
      memberSek: null,
      memberEur: null,
      includedInMembership: true,
    },
    null,
  );
});

afterAll(async () => {
  await fake?.close();
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.STRIPE_API_BASE;
  reloadEnv();
});

async function sessionUser(userId: string): Promise<SessionUser> {
  const db = await getDb();
  const token = `t-${userId}-${Math.random()}`;
  await db.session.create({ data: { sessionToken: token, userId, expires: new Date(Date.now() + 3_600_000) } });
  return (await getOptionalUser(
    new Request("http://localhost:3000/", { headers: { cookie: `authjs.session-token=${token}` } }),
  ))!;
}

async function loneBuyer(locale: "sv" | "fi" = "sv") {
  const db = await getDb();
  const user = await db.user.create({
    data: {
      email: `buyer-${Date.now()}-${Math.random().toString(36).slice(2)}@billing.example`,
      name: "Bo Köpare",
      locale,
    },
  });
  return sessionUser(user.id);
}

/** Delivers a signed event through the real route module (raw body, Stripe-Signature header). */
async function deliver(event: Stripe.Event, options: { secret?: string; tamper?: (body: string) => string } = {}) {
  const { body, signature } = fake.sign(event, options.secret);
  const request = new Request("http://localhost:3000/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: options.tamper ? options.tamper(body) : body,
  });
  const response = (await webhookAction({
    request,
    params: {},
    context: { cspNonce: "", requestId: "test", clientIp: "127.0.0.1" },
  })) as Response;
  return { status: response.status, body: (await response.json()) as { outcome?: string; error?: string } };
}

function sessionIdOf(orderId: string) {
  const session = [...fake.sessions.values()].find((s) => s.client_reference_id === orderId);
  if (!session) throw new Error("no session for the order");
  return session.id;
}

async function buyCourse(user: SessionUser, country = "SE") {
  const result = await startCourseCheckout({
    user,
    course: { slug: PAID, title: "Betald kurs" },
    country,
    language: "sv",
  });
  if (!result.ok) throw new Error(result.error);
  return { ...result, sessionId: sessionIdOf(result.orderId) };
}

async function companyWithAdmins(admins = 1) {
  const org = await createCompany();
  const adminUsers = [];
  for (let i = 0; i < admins; i++) adminUsers.push(await sessionUser((await createPerson(org.id, "org_admin")).id));
  return { org, admins: adminUsers };
}

async function buySeats(admin: SessionUser, organizationId: string, seats: number, vatNumber: string | null = null) {
  const result = await startSeatPackCheckout({
    user: admin,
    organizationId,
    course: { slug: PAID, title: "Betald kurs" },
    seats,
    vatNumber,
    language: "sv",
  });
  if (!result.ok) throw new Error(result.error);
  return { ...result, sessionId: sessionIdOf(result.orderId) };
}

async function eventRows(orderId: string) {
  const db = await getDb();
  return db.stripeEvent.findMany({ where: { orderId }, select: { type: true, outcome: true } });
}

describe("checkout for an individual", () => {
  it("sends the order to Stripe Checkout with the VAT on its own line, grants on the signed webhook, and shows the receipt", async () => {
    const user = await loneBuyer();
    expect(await canEnroll(user, course(PAID))).toEqual({ allowed: false, reason: "not-entitled", help: ["buy"] });
    const { orderId, url, sessionId } = await buyCourse(user);
    expect(url).toBe(`${fake.url}/checkout/${sessionId}`);
    const sent = fake.requests.find(
      (r) => r.path === "/v1/checkout/sessions" && r.params.client_reference_id === orderId,
    )!;
    expect(sent.idempotencyKey).toBe(`checkout-${orderId}`);
    expect(sent.params).toMatchObject({ mode: "payment", metadata: { orderId }, customer_email: user.email });
    expect(sent.params.line_items).toEqual([
      { quantity: "1", price_data: { currency: "sek", unit_amount: "100000", product_data: { name: "Betald kurs" } } },
      {
        quantity: "1",
        price_data: { currency: "sek", unit_amount: "25000", product_data: { name: "Moms 25\u00a0%" } },
      },
    ]);
    expect(await canEnroll(user, course(PAID))).toMatchObject({ allowed: false });

    const result = await deliver(fake.completeSession(sessionId));
    expect(result).toEqual({ status: 200, body: { received: true, outcome: "granted" } });
    expect(await canEnroll(user, course(PAID))).toEqual({ allowed: true, basis: "purchase" });
    const db = await getDb();
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({
      status: "paid",
      totalAmount: 125_000,
      vatAmount: 25_000,
      vatTreatment: "domestic",
      receiptUrl: `${fake.url}/receipts/${sessionId}`,
    });
    const { items } = await listOrders({ buyerId: user.id });
    expect(items.map((o) => o.id)).toEqual([orderId]);
    // Buying again is refused: nobody pays twice for a course they may take.
    expect(
      await startCourseCheckout({ user, course: { slug: PAID, title: "Betald kurs" }, country: "SE", language: "sv" }),
    ).toEqual({ ok: false, error: "already_entitled" });
  });

  it("charges a Finnish consumer in euros at 25.5 %", async () => {
    const user = await loneBuyer("fi");
    const { orderId } = await buyCourse(user, "FI");
    const db = await getDb();
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      currency: "EUR",
      netAmount: 9_900,
      vatRateBp: 2550,
      vatAmount: 2_525,
      totalAmount: 12_425,
      vatTreatment: "oss",
    });
  });
});

describe("webhooks", () => {
  it("processes a replayed event once", async () => {
    const user = await loneBuyer();
    const { orderId, sessionId } = await buyCourse(user);
    const event = fake.completeSession(sessionId);
    expect((await deliver(event)).body.outcome).toBe("granted");
    const db = await getDb();
    const auditBefore = await db.auditEntry.count();
    // Stripe (or an attacker holding an old delivery) sends the very same event again later.
    const replay = await deliver(event);
    expect(replay).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });
    expect(await db.entitlement.count({ where: { orderId } })).toBe(1);
    expect(await db.auditEntry.count()).toBe(auditBefore);
    // A later event of the same payment (async_payment_succeeded) grants nothing twice either.
    expect((await deliver(fake.asyncPaymentSucceeded(sessionId))).body.outcome).toBe("already_paid");
    expect(await db.entitlement.count({ where: { orderId } })).toBe(1);
  });

  it("processes a duplicate delivery of the same event, arriving at the same time, once", async () => {
    const { org, admins } = await companyWithAdmins();
    const { orderId, sessionId } = await buySeats(admins[0]!, org.id, 3);
    const event = fake.completeSession(sessionId);
    const outcomes = (await Promise.all([deliver(event), deliver(event), deliver(event)]))
      .map((r) => r.body.outcome)
      .sort();
    expect(outcomes).toEqual(["duplicate", "duplicate", "granted"]);
    const db = await getDb();
    expect(await db.seatPack.findMany({ where: { orderId }, select: { seats: true } })).toEqual([{ seats: 3 }]);
  });

  it("applies a refund that arrives before the payment's own event when the payment lands (out of order)", async () => {
    const user = await loneBuyer();
    const { orderId, sessionId } = await buyCourse(user);
    const completed = fake.completeSession(sessionId);
    const refund = fake.chargeRefunded(sessionId);
    expect((await deliver(refund)).body.outcome).toBe("deferred_refund");
    expect(await canEnroll(user, course(PAID))).toMatchObject({ allowed: false });
    expect((await deliver(completed)).body.outcome).toBe("granted");
    const db = await getDb();
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      status: "refunded",
      amountRefunded: 125_000,
    });
    expect(await db.entitlement.findMany({ where: { orderId }, select: { revokedReason: true } })).toEqual([
      { revokedReason: "refunded" },
    ]);
    expect(await canEnroll(user, course(PAID))).toMatchObject({ allowed: false, reason: "not-entitled" });
    expect(await eventRows(orderId)).toEqual(
      expect.arrayContaining([{ type: "charge.refunded", outcome: "refund_applied_late" }]),
    );
    // Delivered again, the refund changes nothing.
    expect((await deliver(refund)).body.outcome).toBe("duplicate");
  });

  it("refuses a forged signature, a tampered body and a missing signature, and records nothing", async () => {
    const user = await loneBuyer();
    const { orderId, sessionId } = await buyCourse(user);
    const event = fake.completeSession(sessionId);
    expect(await deliver(event, { secret: "whsec_not_ours" })).toEqual({
      status: 400,
      body: { received: false, error: "bad_signature" },
    });
    const tampered = await deliver(event, {
      tamper: (body) => body.replace('"payment_status": "paid"', '"payment_status": "paid" '),
    });
    expect(tampered.status).toBe(400);
    const request = new Request("http://localhost:3000/webhooks/stripe", {
      method: "POST",
      body: JSON.stringify(event),
    });
    expect(
      (
        (await webhookAction({
          request,
          params: {},
          context: { cspNonce: "", requestId: "test", clientIp: "127.0.0.1" },
        })) as Response
      ).status,
    ).toBe(400);
    const db = await getDb();
    expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(0);
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "pending" });
    expect(await canEnroll(user, course(PAID))).toMatchObject({ allowed: false });
  });

  it("grants a delayed payment only when it succeeds, and marks a failed one", async () => {
    const user = await loneBuyer();
    const { sessionId } = await buyCourse(user);
    expect((await deliver(fake.completeSession(sessionId, { async: true }))).body.outcome).toBe("awaiting_payment");
    expect(await canEnroll(user, course(PAID))).toMatchObject({ allowed: false });
    expect((await deliver(fake.asyncPaymentSucceeded(sessionId))).body.outcome).toBe("granted_async");
    expect(await canEnroll(user, course(PAID))).toEqual({ allowed: true, basis: "purchase" });

    const other = await loneBuyer();
    const second = await buyCourse(other);
    await deliver(fake.completeSession(second.sessionId, { async: true }));
    expect((await deliver(fake.asyncPaymentFailed(second.sessionId))).body.outcome).toBe("payment_failed");
    const db = await getDb();
    expect(await db.order.findUniqueOrThrow({ where: { id: second.orderId } })).toMatchObject({ status: "failed" });
  });
});

describe("seat packs and refunds", () => {
  it("a refund removes unused seats and unstarted holders, keeps whoever started, and never touches a certificate", async () => {
    const { org, admins } = await companyWithAdmins();
    const admin = admins[0]!;
    const { orderId, sessionId } = await buySeats(admin, org.id, 5, "SE" + org.orgNumber + "01");
    const sent = fake.requests.find(
      (r) => r.path === "/v1/checkout/sessions" && r.params.client_reference_id === orderId,
    )!;
    expect(sent.params.invoice_creation).toMatchObject({ enabled: "true", invoice_data: { metadata: { orderId } } });
    const customer = fake.requests.find(
      (r) => r.path === "/v1/customers" && r.idempotencyKey === `customer-${orderId}`,
    )!;
    expect(customer.params).toMatchObject({
      name: org.name,
      tax_id_data: [{ type: "eu_vat", value: `SE${org.orgNumber}01` }],
    });
    expect((await deliver(fake.completeSession(sessionId))).body.outcome).toBe("granted");
    expect((await deliver(fake.invoicePaid(sessionId))).body.outcome).toBe("invoice_recorded");

    const starter = await sessionUser((await createPerson(org.id, "agent")).id);
    const waiting = await sessionUser((await createPerson(org.id, "agent")).id);
    const outsider = await sessionUser((await createPerson((await createCompany()).id, "agent")).id);
    expect(await canEnroll(starter, course(PAID))).toEqual({
      allowed: false,
      reason: "not-entitled",
      help: ["ask-admin", "buy"],
    });
    expect(
      await assignSeat({ organizationId: org.id, courseSlug: PAID, userId: starter.id, actorId: admin.id }),
    ).toMatchObject({ ok: true });
    expect(
      await assignSeat({ organizationId: org.id, courseSlug: PAID, userId: starter.id, actorId: admin.id }),
    ).toEqual({ ok: false, error: "already_has_seat" });
    expect(
      await assignSeat({ organizationId: org.id, courseSlug: PAID, userId: outsider.id, actorId: admin.id }),
    ).toEqual({ ok: false, error: "not_member" });
    const waitingSeat = await assignSeat({
      organizationId: org.id,
      courseSlug: PAID,
      userId: waiting.id,
      actorId: admin.id,
    });
    expect(await canEnroll(starter, course(PAID))).toEqual({ allowed: true, basis: "seat" });
    const db = await getDb();
    await db.enrollment.create({ data: { userId: starter.id, courseSlug: PAID, contentVersion: "1" } });
    const certificate = await issueCertificate(starter.id, { criterionCourse: false, courseSlug: PAID });
    const before = await db.certificate.findUniqueOrThrow({ where: { id: certificate.id } });
    expect((await seatOverview(org.id))[0]).toMatchObject({ seats: 5, used: 2, free: 3 });

    // Someone who started cannot lose the seat; the unstarted one can move.
    const starterSeat = (await seatOverview(org.id))[0]!.holders.find((h) => h.userId === starter.id)!;
    expect(
      await moveSeat({
        organizationId: org.id,
        assignmentId: starterSeat.assignmentId,
        toUserId: outsider.id,
        actorId: admin.id,
      }),
    ).toEqual({ ok: false, error: "started" });

    // Partial refund of 2 seats: free seats go first.
    const total = (await db.order.findUniqueOrThrow({ where: { id: orderId } })).totalAmount;
    expect((await deliver(fake.chargeRefunded(sessionId, (total * 2) / 5))).body.outcome).toBe("refunded");
    expect((await seatOverview(org.id))[0]).toMatchObject({ seats: 3, used: 2, free: 1 });
    // Full refund through Kontakta staff: Stripe is asked, then its webhook takes back the rest.
    expect(await requestRefund(orderId, admin.id)).toEqual({ ok: true });
    expect(fake.requests.some((r) => r.path === "/v1/refunds" && r.idempotencyKey === `refund-${orderId}`)).toBe(true);
    expect((await deliver(fake.chargeRefunded(sessionId, total))).body.outcome).toBe("refunded");
    expect((await seatOverview(org.id))[0]).toMatchObject({ seats: 1, used: 1, free: 0 });
    expect(await canEnroll(starter, course(PAID))).toEqual({ allowed: true, basis: "started" });
    expect(await canEnroll(waiting, course(PAID))).toMatchObject({ allowed: false });
    expect(
      waitingSeat.ok &&
        (await db.entitlement.findUnique({ where: { seatAssignmentId: waitingSeat.assignmentId } }))?.revokedReason,
    ).toBe("refunded");
    expect(await db.certificate.findUniqueOrThrow({ where: { id: certificate.id } })).toEqual(before);
    // A stale, smaller refund figure arriving late changes nothing.
    expect((await deliver(fake.chargeRefunded(sessionId, (total * 2) / 5))).body.outcome).toBe(
      "refund_already_applied",
    );
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      status: "refunded",
      invoiceUrl: expect.stringContaining("/invoices/"),
    });
  });

  it("moves a seat from someone who has not started", async () => {
    const { org, admins } = await companyWithAdmins();
    const { sessionId } = await buySeats(admins[0]!, org.id, 1);
    await deliver(fake.completeSession(sessionId));
    const leaver = await sessionUser((await createPerson(org.id, "agent")).id);
    const newcomer = await sessionUser((await createPerson(org.id, "agent")).id);
    const seat = await assignSeat({
      organizationId: org.id,
      courseSlug: PAID,
      userId: leaver.id,
      actorId: admins[0]!.id,
    });
    expect(
      await assignSeat({ organizationId: org.id, courseSlug: PAID, userId: newcomer.id, actorId: admins[0]!.id }),
    ).toEqual({ ok: false, error: "no_free_seat" });
    if (!seat.ok) throw new Error(seat.error);
    expect(
      await moveSeat({
        organizationId: org.id,
        assignmentId: seat.assignmentId,
        toUserId: newcomer.id,
        actorId: admins[0]!.id,
      }),
    ).toMatchObject({ ok: true });
    expect(await canEnroll(leaver, course(PAID))).toMatchObject({ allowed: false });
    expect(await canEnroll(newcomer, course(PAID))).toEqual({ allowed: true, basis: "seat" });
    expect((await seatOverview(org.id))[0]).toMatchObject({ seats: 1, used: 1, free: 0 });
  });

  it("two company admins buying at the same time each get their own pack, once", async () => {
    const { org, admins } = await companyWithAdmins(2);
    const [a, b] = await Promise.all([buySeats(admins[0]!, org.id, 5), buySeats(admins[1]!, org.id, 5)]);
    expect(a.orderNumber).not.toBe(b.orderNumber);
    const events = [fake.completeSession(a.sessionId), fake.completeSession(b.sessionId)];
    const outcomes = await Promise.all([
      deliver(events[0]!),
      deliver(events[1]!),
      deliver(events[1]!),
      deliver(events[0]!),
    ]);
    expect(outcomes.map((o) => o.body.outcome).sort()).toEqual(["duplicate", "duplicate", "granted", "granted"]);
    const db = await getDb();
    expect(await db.seatPack.count({ where: { organizationId: org.id } })).toBe(2);
    expect((await seatOverview(org.id))[0]).toMatchObject({ seats: 10, used: 0, free: 10 });
    // Both admins give seats at once: no seat is given twice, none is lost.
    const people = await Promise.all(Array.from({ length: 12 }, () => createPerson(org.id, "agent")));
    const results = await Promise.all(
      people.map((p, i) =>
        assignSeat({ organizationId: org.id, courseSlug: PAID, userId: p.id, actorId: admins[i % 2]!.id }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(["no_free_seat", "no_free_seat"]);
    const { items } = await listOrders({ organizationId: org.id });
    expect(items.map((o) => o.status)).toEqual(["paid", "paid"]);
    const csv: string[] = [];
    for await (const line of ordersCsv({ organizationId: org.id })) csv.push(line);
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(org.name);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});

describe("membership and prices", () => {
  it("a member company's manager takes an included course without paying; a non-member cannot", async () => {
    const member = await createCompany();
    const manager = await sessionUser((await createPerson(member.id, "manager")).id);
    expect(await canEnroll(manager, course(INCLUDED))).toEqual({ allowed: true, basis: "included" });
    const db = await getDb();
    const outsider = await createCompany();
    await db.organization.update({ where: { id: outsider.id }, data: { membershipStatus: "non_member" } });
    const other = await sessionUser((await createPerson(outsider.id, "manager")).id);
    expect(await canEnroll(other, course(INCLUDED))).toMatchObject({ allowed: false });
    // Kontakta's staff review paid courses without buying them.
    const staff = await db.user.create({
      data: { email: `staff-${Date.now()}@kontakta.example`, platformRole: "admin" },
    });
    expect(await canEnroll(await sessionUser(staff.id), course(PAID))).toEqual({ allowed: true, basis: "staff" });
    // A course without a price stays free for everyone.
    expect(await canEnroll(other, course("helt-gratis"))).toEqual({ allowed: true, basis: "free" });
  });

  it("without Stripe keys the app runs: a paid course tells people to ask their admin or contact Kontakta, and nothing is sold", async () => {
    const saved = { key: process.env.STRIPE_SECRET_KEY, secret: process.env.STRIPE_WEBHOOK_SECRET };
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    reloadEnv();
    try {
      const org = await createCompany();
      const agent = await sessionUser((await createPerson(org.id, "agent")).id);
      const admin = await sessionUser((await createPerson(org.id, "org_admin")).id);
      expect(await canEnroll(agent, course(PAID))).toEqual({
        allowed: false,
        reason: "not-entitled",
        help: ["ask-admin", "contact"],
      });
      expect(await canEnroll(admin, course(PAID))).toEqual({
        allowed: false,
        reason: "not-entitled",
        help: ["contact"],
      });
      expect(
        await startCourseCheckout({ user: agent, course: { slug: PAID, title: "x" }, country: "SE", language: "sv" }),
      ).toEqual({ ok: false, error: "payments_off" });
      const request = new Request("http://localhost:3000/webhooks/stripe", { method: "POST", body: "{}" });
      expect(
        (
          (await webhookAction({
            request,
            params: {},
            context: { cspNonce: "", requestId: "test", clientIp: "127.0.0.1" },
          })) as Response
        ).status,
      ).toBe(404);
    } finally {
      process.env.STRIPE_SECRET_KEY = saved.key;
      process.env.STRIPE_WEBHOOK_SECRET = saved.secret;
      reloadEnv();
    }
  });

  it("member prices for members; a reverse-charged Finnish company pays no Swedish VAT", async () => {
    const fi = await createCompany({ country: "FI" });
    const admin = await sessionUser((await createPerson(fi.id, "org_admin")).id);
    const vat = `FI${fi.orgNumber.replace("-", "")}`;
    const { orderId } = await buySeats(admin, fi.id, 2, vat);
    const db = await getDb();
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      currency: "EUR",
      memberPrice: true,
      netAmount: 15_800,
      vatAmount: 0,
      totalAmount: 15_800,
      vatTreatment: "reverse_charge",
      vatNumber: vat,
    });
    const bad = await startSeatPackCheckout({
      user: admin,
      organizationId: fi.id,
      course: { slug: PAID, title: "x" },
      seats: 2,
      vatNumber: "FI00000001",
      language: "fi",
    });
    expect(bad).toEqual({ ok: false, error: "vat_format" });
    // A valid Finnish number of another company is refused: it must be this company's Y-tunnus.
    const other = await startSeatPackCheckout({
      user: admin,
      organizationId: fi.id,
      course: { slug: PAID, title: "x" },
      seats: 2,
      vatNumber: vat === "FI15728600" ? "FI00000000" : "FI15728600",
      language: "fi",
    });
    expect(other).toEqual({ ok: false, error: "vat_mismatch" });
  });
});
