// A local HTTP server that answers like Stripe's API for the calls the app makes (customers,
// Checkout Sessions create/retrieve, refunds), records every request, and builds the events Stripe
// would send, signed with the official library (generateTestHeaderString) so the app's signature
// check runs for real. The official client is pointed at it with STRIPE_API_BASE. No test reaches
// the internet. Used by the integration tests and the e2e (it also serves a stand-in Checkout page).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export const FAKE_STRIPE_KEY = "sk_test_fake_0123456789";
export const FAKE_WEBHOOK_SECRET = "whsec_test_fake_0123456789";

type Params = Record<string, unknown>;
export type RecordedRequest = { method: string; path: string; params: Params; idempotencyKey: string | null };

/** Parses Stripe's form encoding (a[b][0][c]=v) into nested objects and arrays. */
export function parseStripeForm(body: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((p) => p !== "");
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1]!);
      const container = node as Record<string, unknown>;
      if (last) container[part] = value;
      else {
        container[part] ??= nextIsIndex ? [] : {};
        node = container[part] as Record<string, unknown>;
      }
    });
  }
  return root;
}

type FakeSession = {
  id: string;
  object: "checkout.session";
  mode: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  amount_total: number;
  amount_subtotal: number;
  currency: string;
  client_reference_id: string | null;
  customer: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  invoice: string | null;
  url: string;
  livemode: false;
  line_items_params: unknown;
  invoice_creation_params: unknown;
};

export type FakeStripe = {
  url: string;
  port: number;
  requests: RecordedRequest[];
  sessions: Map<string, FakeSession>;
  customers: Map<string, Params>;
  /** Marks the session paid (or, with async, complete but unpaid) and returns the event Stripe would send. */
  completeSession(sessionId: string, options?: { async?: boolean }): Stripe.Event;
  asyncPaymentSucceeded(sessionId: string): Stripe.Event;
  asyncPaymentFailed(sessionId: string): Stripe.Event;
  /** A charge.refunded event for the session's payment (amount_refunded is cumulative, as in Stripe). */
  chargeRefunded(sessionId: string, amountRefunded?: number): Stripe.Event;
  invoicePaid(sessionId: string): Stripe.Event;
  /** The body and Stripe-Signature header of a delivery, signed with `secret`. */
  sign(event: Stripe.Event, secret?: string): { body: string; signature: string };
  /** Posts the signed event to the app's webhook URL, as Stripe does. */
  deliver(webhookUrl: string, event: Stripe.Event, secret?: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
};

let counter = 0;
const nextId = (prefix: string) =>
  `${prefix}_test_${Date.now().toString(36)}${(++counter).toString(36).padStart(4, "0")}`;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeStripe(options: { port?: number } = {}): Promise<FakeStripe> {
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, FakeSession>();
  const customers = new Map<string, Params>();
  const refunded = new Map<string, number>();
  const stripe = new Stripe(FAKE_STRIPE_KEY);
  let base = "";

  const json = (status: number, body: unknown) => ({ status, body });
  const error = (status: number, message: string) =>
    json(status, { error: { type: "invalid_request_error", message } });

  function charge(session: FakeSession) {
    return {
      id: `ch_${session.payment_intent}`,
      object: "charge",
      amount: session.amount_total,
      currency: session.currency,
      payment_intent: session.payment_intent,
      receipt_url: `${base}/receipts/${session.id}`,
      refunded: false,
      amount_refunded: refunded.get(session.id) ?? 0,
      metadata: {},
    };
  }

  function handle(method: string, path: string, params: Params, query: URLSearchParams) {
    if (method === "POST" && path === "/v1/customers") {
      const id = nextId("cus");
      const customer = { id, object: "customer", ...params };
      customers.set(id, customer);
      return json(200, customer);
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const items =
        (params.line_items as Array<{ quantity: string; price_data: { currency: string; unit_amount: string } }>) ?? [];
      const total = items.reduce((sum, item) => sum + Number(item.quantity) * Number(item.price_data.unit_amount), 0);
      const id = nextId("cs");
      const session: FakeSession = {
        id,
        object: "checkout.session",
        mode: String(params.mode),
        status: "open",
        payment_status: "unpaid",
        amount_total: total,
        amount_subtotal: total,
        currency: items[0]?.price_data.currency ?? "sek",
        client_reference_id: (params.client_reference_id as string) ?? null,
        customer: (params.customer as string) ?? null,
        customer_email: (params.customer_email as string) ?? null,
        metadata: (params.metadata as Record<string, string>) ?? {},
        payment_intent: null,
        invoice: null,
        url: `${base}/checkout/${id}`,
        livemode: false,
        line_items_params: items,
        invoice_creation_params: params.invoice_creation ?? null,
      };
      sessions.set(id, session);
      return json(200, publicSession(session));
    }
    const retrieve = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(path);
    if (method === "GET" && retrieve) {
      const session = sessions.get(retrieve[1]!);
      if (!session) return error(404, "No such checkout.session");
      const expand = query.getAll("expand[]").concat(query.getAll("expand[0]"));
      const body: Record<string, unknown> = publicSession(session);
      if (expand.includes("payment_intent.latest_charge") && session.payment_intent) {
        body.payment_intent = { id: session.payment_intent, object: "payment_intent", latest_charge: charge(session) };
      }
      return json(200, body);
    }
    if (method === "POST" && path === "/v1/refunds") {
      const intent = String(params.payment_intent ?? "");
      const session = [...sessions.values()].find((s) => s.payment_intent === intent);
      if (!session) return error(404, "No such payment_intent");
      const amount = params.amount ? Number(params.amount) : session.amount_total - (refunded.get(session.id) ?? 0);
      refunded.set(session.id, (refunded.get(session.id) ?? 0) + amount);
      return json(200, {
        id: nextId("re"),
        object: "refund",
        amount,
        payment_intent: intent,
        status: "succeeded",
        metadata: params.metadata ?? {},
      });
    }
    return error(404, `Unrecognized request URL (${method}: ${path})`);
  }

  function publicSession(session: FakeSession): Record<string, unknown> {
    const { line_items_params: _items, invoice_creation_params: _invoice, ...rest } = session;
    return { ...rest };
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const raw = await readBody(req);
      if (req.method === "GET" && url.pathname.startsWith("/checkout/")) {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(
          `<!doctype html><html lang="en"><head><title>Stripe test Checkout</title></head><body><main><h1>Stripe test Checkout</h1><p id="session">${url.pathname.slice(10)}</p></main></body></html>`,
        );
        return;
      }
      const params = raw ? parseStripeForm(raw) : {};
      requests.push({
        method: req.method ?? "GET",
        path: url.pathname,
        params,
        idempotencyKey: (req.headers["idempotency-key"] as string) ?? null,
      });
      const auth = req.headers.authorization ?? "";
      const result =
        auth === `Bearer ${FAKE_STRIPE_KEY}`
          ? handle(req.method ?? "GET", url.pathname, params, url.searchParams)
          : error(401, "Invalid API Key provided");
      res.writeHead(result.status, { "Content-Type": "application/json", "Request-Id": nextId("req") });
      res.end(JSON.stringify(result.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  const event = (type: string, object: unknown): Stripe.Event =>
    ({
      id: nextId("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object },
    }) as unknown as Stripe.Event;

  const sessionOf = (id: string) => {
    const session = sessions.get(id);
    if (!session) throw new Error(`fake Stripe: no session ${id}`);
    return session;
  };

  const fake: FakeStripe = {
    url: base,
    port,
    requests,
    sessions,
    customers,
    completeSession(sessionId, opts = {}) {
      const session = sessionOf(sessionId);
      session.status = "complete";
      session.payment_intent ??= nextId("pi");
      session.payment_status = opts.async ? "unpaid" : "paid";
      if (session.invoice_creation_params) session.invoice ??= nextId("in");
      return event("checkout.session.completed", publicSession(session));
    },
    asyncPaymentSucceeded(sessionId) {
      const session = sessionOf(sessionId);
      session.payment_status = "paid";
      return event("checkout.session.async_payment_succeeded", publicSession(session));
    },
    asyncPaymentFailed(sessionId) {
      return event("checkout.session.async_payment_failed", publicSession(sessionOf(sessionId)));
    },
    chargeRefunded(sessionId, amountRefunded) {
      const session = sessionOf(sessionId);
      session.payment_intent ??= nextId("pi");
      const amount = amountRefunded ?? session.amount_total;
      refunded.set(session.id, amount);
      return event("charge.refunded", {
        ...charge(session),
        refunded: amount >= session.amount_total,
        amount_refunded: amount,
      });
    },
    invoicePaid(sessionId) {
      const session = sessionOf(sessionId);
      session.invoice ??= nextId("in");
      const invoiceData = (
        session.invoice_creation_params as { invoice_data?: { metadata?: Record<string, string> } } | null
      )?.invoice_data;
      return event("invoice.paid", {
        id: session.invoice,
        object: "invoice",
        status: "paid",
        metadata: invoiceData?.metadata ?? {},
        hosted_invoice_url: `${base}/invoices/${session.invoice}`,
        customer: session.customer,
      });
    },
    sign(evt, secret = FAKE_WEBHOOK_SECRET) {
      const body = JSON.stringify(evt, null, 2);
      return { body, signature: stripe.webhooks.generateTestHeaderString({ payload: body, secret }) };
    },
    async deliver(webhookUrl, evt, secret = FAKE_WEBHOOK_SECRET) {
      const { body, signature } = fake.sign(evt, secret);
      const response = await fetch(webhookUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
        body,
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
