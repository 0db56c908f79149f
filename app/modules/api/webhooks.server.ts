// Webhooks: API clients subscribe a URL to certificate and criterion events. Events go to an
// outbox (WebhookEvent + one WebhookDelivery per matching subscription) inside the transaction of
// the change that caused them, so an event exists exactly when its change committed. The
// delivery worker claims due deliveries with FOR UPDATE SKIP LOCKED and pushes their next attempt
// forward before sending, so several app instances can run it at once and each delivery goes out
// once per subscription; failures are retried with exponential backoff and jitter, up to
// MAX_ATTEMPTS. Receivers de-duplicate by KA-Event-Id (a crash between sending and recording the
// result can cause one repeat after the claim expires).
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import pLimit from "p-limit";
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { drainOutbox, type OutboxClaim } from "~/utils/outbox-worker.server";
import { toJsonValue } from "./canonical-json";
import { decodeCursor, encodeCursor } from "./cursor";
import type { ApiScope } from "./scopes";
import { decryptSecret, encryptSecret } from "./secret-box.server";
import {
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  generateWebhookSecret,
  SIGNATURE_HEADER,
  signatureHeader,
} from "./webhook-signature.server";
import { EVENT_SCOPE, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./webhook-events";
import {
  checkReceiverUrlSyntax,
  getWebhookResolver,
  resolveReceiver,
  type ResolvedAddress,
  type Resolver,
} from "./webhook-url.server";

export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./webhook-events";

export const MAX_ATTEMPTS = 10;
export const SEND_TIMEOUT_MS = 10_000;
/** How long a claimed delivery stays invisible to other workers; well above SEND_TIMEOUT_MS. */
export const CLAIM_SECONDS = 60;
export const BACKOFF_BASE_SECONDS = 30;
export const BACKOFF_CAP_SECONDS = 6 * 60 * 60;
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 20;

// ---------------------------------------------------------------- outbox

/**
 * Records an event and queues one delivery per active subscription of a non-revoked client that
 * asked for this type. Call INSIDE the transaction of the change (tx from db.$transaction).
 */
export async function enqueueWebhookEvent(
  tx: Prisma.TransactionClient,
  type: "certificate.issued" | "certificate.revoked" | "certificate.expired" | "criterion.changed",
  payload: Record<string, unknown>,
): Promise<void> {
  if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type)) throw new Error(`Unknown webhook event type ${type}`);
  const event = await tx.webhookEvent.create({ data: { type, payload: toJsonValue(payload) }, select: { id: true } });
  const subscriptions = await tx.webhookSubscription.findMany({
    where: { active: true, events: { has: type }, apiClient: { revokedAt: null, scopes: { has: EVENT_SCOPE[type] } } },
    select: { id: true },
  });
  if (subscriptions.length > 0) {
    await tx.webhookDelivery.createMany({
      data: subscriptions.map((s) => ({ eventId: event.id, subscriptionId: s.id })),
    });
  }
}

// ---------------------------------------------------------------- subscriptions

export class WebhookInputError extends Error {
  override name = "WebhookInputError";
  constructor(
    readonly code: "invalid_url" | "insecure_url" | "invalid_events" | "missing_scope" | "too_many_subscriptions",
    message: string,
  ) {
    super(message);
  }
}

const urlSchema = z.string().trim().min(1).max(2_000).url();

/**
 * A receiver URL we are willing to call: http(s), no fragment, no user-info, not a literal
 * non-public address or a local name (webhook-url.server.ts); https only in production unless
 * allowed. The name's addresses are checked by checkWebhookUrl (registration) and again at
 * every delivery.
 */
export function validateWebhookUrl(input: string): string {
  const parsed = urlSchema.safeParse(input);
  if (!parsed.success)
    throw new WebhookInputError("invalid_url", "The URL must be an absolute http(s) URL of at most 2000 characters.");
  const url = new URL(parsed.data);
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new WebhookInputError("invalid_url", "The URL must use https.");
  if (url.hash) throw new WebhookInputError("invalid_url", "The URL must not contain a fragment (#…).");
  const syntax = checkReceiverUrlSyntax(url);
  if (syntax) throw new WebhookInputError("invalid_url", syntax.message);
  const env = getEnv();
  if (url.protocol === "http:" && env.isProduction && !env.WEBHOOK_ALLOW_HTTP) {
    throw new WebhookInputError("insecure_url", "The URL must use https.");
  }
  return url.toString();
}

/**
 * validateWebhookUrl, then the host's addresses: refused when any of them is not public. A name
 * that does not resolve (yet) is accepted: every delivery resolves and checks it again.
 */
export async function checkWebhookUrl(input: string, resolver: Resolver = getWebhookResolver()): Promise<string> {
  const url = validateWebhookUrl(input);
  const resolved = await resolveReceiver(new URL(url), resolver);
  if (!resolved.ok && !resolved.unresolved) throw new WebhookInputError("invalid_url", resolved.problem.message);
  return url;
}

function validateEvents(events: readonly string[], scopes: readonly string[]): WebhookEventType[] {
  const unique = Array.from(new Set(events));
  if (
    unique.length === 0 ||
    !unique.every((e): e is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(e))
  ) {
    throw new WebhookInputError("invalid_events", `Choose one or more of: ${WEBHOOK_EVENT_TYPES.join(", ")}.`);
  }
  const missing = unique.filter((e) => !scopes.includes(EVENT_SCOPE[e]));
  if (missing.length) {
    const needed = Array.from(new Set(missing.map((e) => EVENT_SCOPE[e] as ApiScope)));
    throw new WebhookInputError(
      "missing_scope",
      `The client's key lacks the scope ${needed.join(", ")} needed for ${missing.join(", ")}.`,
    );
  }
  return unique;
}

export type SubscriptionView = { id: string; url: string; events: string[]; active: boolean; createdAt: Date };

const subscriptionSelect = { id: true, url: true, events: true, active: true, createdAt: true } as const;

/** Creates a subscription; the signing secret is returned here once and stored encrypted. */
export async function createSubscription(input: {
  apiClientId: string;
  url: string;
  events: readonly string[];
}): Promise<{ subscription: SubscriptionView; secret: string }> {
  const db = await getDb();
  const url = await checkWebhookUrl(input.url);
  return db.$transaction(async (tx) => {
    const client = await tx.apiClient.findUnique({
      where: { id: input.apiClientId },
      select: { scopes: true, revokedAt: true },
    });
    if (!client || client.revokedAt)
      throw new WebhookInputError("missing_scope", "The API client does not exist or is revoked.");
    const events = validateEvents(input.events, client.scopes);
    const count = await tx.webhookSubscription.count({ where: { apiClientId: input.apiClientId } });
    if (count >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
      throw new WebhookInputError(
        "too_many_subscriptions",
        `A client can have at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} subscriptions.`,
      );
    }
    const secret = generateWebhookSecret();
    const subscription = await tx.webhookSubscription.create({
      data: { apiClientId: input.apiClientId, url, events, secret: encryptSecret(secret) },
      select: subscriptionSelect,
    });
    return { subscription, secret };
  });
}

export async function listSubscriptions(apiClientId: string): Promise<SubscriptionView[]> {
  const db = await getDb();
  return db.webhookSubscription.findMany({
    where: { apiClientId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: MAX_SUBSCRIPTIONS_PER_CLIENT,
    select: subscriptionSelect,
  });
}

export async function getSubscription(apiClientId: string, id: string): Promise<SubscriptionView | null> {
  const db = await getDb();
  return db.webhookSubscription.findFirst({ where: { id, apiClientId }, select: subscriptionSelect });
}

/** Pauses or resumes; false when the subscription is not the client's. */
export async function setSubscriptionActive(apiClientId: string, id: string, active: boolean): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.webhookSubscription.updateMany({ where: { id, apiClientId }, data: { active } });
  return count === 1;
}

export async function deleteSubscription(apiClientId: string, id: string): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.webhookSubscription.deleteMany({ where: { id, apiClientId } });
  return count === 1;
}

/** A new signing secret (shown once); deliveries from now on are signed with it. */
export async function rotateSubscriptionSecret(apiClientId: string, id: string): Promise<string | null> {
  const db = await getDb();
  const secret = generateWebhookSecret();
  const { count } = await db.webhookSubscription.updateMany({
    where: { id, apiClientId },
    data: { secret: encryptSecret(secret) },
  });
  return count === 1 ? secret : null;
}

// ---------------------------------------------------------------- delivery log

const deliveryCursor = z.object({ c: z.string().datetime(), i: z.string().min(1).max(64) });

export type DeliveryView = {
  id: string;
  eventId: string;
  eventType: string;
  subscriptionId: string;
  url: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
};

/** One client's deliveries, newest first, paginated by an opaque cursor. Null cursor result: last page. */
export async function listDeliveries(input: {
  apiClientId: string;
  status?: "pending" | "delivered" | "failed";
  cursor?: string | null;
  limit: number;
}): Promise<{ items: DeliveryView[]; nextCursor: string | null } | { error: "invalid_cursor" }> {
  const db = await getDb();
  let after: { c: string; i: string } | null = null;
  if (input.cursor) {
    after = decodeCursor(input.cursor, deliveryCursor);
    if (!after) return { error: "invalid_cursor" };
  }
  const rows = await db.webhookDelivery.findMany({
    where: {
      subscription: { apiClientId: input.apiClientId },
      ...(input.status ? { status: input.status } : {}),
      ...(after
        ? { OR: [{ createdAt: { lt: new Date(after.c) } }, { createdAt: new Date(after.c), id: { lt: after.i } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: {
      id: true,
      eventId: true,
      subscriptionId: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastAttemptAt: true,
      lastStatusCode: true,
      lastError: true,
      deliveredAt: true,
      createdAt: true,
      event: { select: { type: true } },
      subscription: { select: { url: true } },
    },
  });
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ event, subscription, ...d }) => ({ ...d, eventType: event.type, url: subscription.url })),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id }) : null,
  };
}

/** Queues a delivery again now, with a fresh retry budget; false when it is not the client's. */
export async function redeliver(apiClientId: string, deliveryId: string): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: deliveryId, subscription: { apiClientId } },
    data: { status: "pending", attempts: 0, nextAttemptAt: new Date(), deliveredAt: null },
  });
  return count === 1;
}

// ---------------------------------------------------------------- worker

/** Seconds until the next try after `attempts` failed attempts: exponential, capped, with jitter in [½, 1]. */
export function backoffSeconds(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** Math.max(0, attempts - 1));
  return Math.max(1, Math.round(exponential * (0.5 + 0.5 * random())));
}

type Claimed = { id: string; eventId: string; subscriptionId: string; attempts: number };

const claim: OutboxClaim<Claimed> = {
  table: "WebhookDelivery",
  columns: ["id", "eventId", "subscriptionId", "attempts"],
  claimSeconds: CLAIM_SECONDS,
};

export type SendOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export type WorkerOptions = {
  batchSize?: number;
  concurrency?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Stop claiming new batches after this long (the job's lease must outlast it). */
  maxRunMs?: number;
  /** Resolves receiver host names (default: the installed webhook resolver, see webhook-url.server.ts). */
  resolver?: Resolver;
};

export type WorkerReport = { claimed: number; delivered: number; retried: number; failed: number };

export function eventBody(event: { id: string; type: string; createdAt: Date; payload: unknown }): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    data: event.payload,
  });
}

/** POSTs to `url`, connecting to `address` (already checked) whatever DNS says now; TLS still verifies the URL's host name. */
function postPinned(
  url: URL,
  address: ResolvedAddress,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const pinnedLookup = (_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      if (options?.all) callback(null, [{ address: address.address, family: address.family }]);
      else callback(null, address.address, address.family);
    };
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(
      url,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        lookup: pinnedLookup as never,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        response.resume(); // the body is not needed; no redirects are followed
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function send(
  url: string,
  secret: string,
  event: { id: string; type: string; body: string },
  attempt: number,
  { timeoutMs, resolver }: { timeoutMs: number; resolver: Resolver },
): Promise<SendOutcome> {
  const timestamp = Math.floor(Date.now() / 1000);
  // Resolve and check now (the answer may differ from the one at registration), then connect
  // to the address that was checked.
  const target = new URL(url);
  const resolved = await resolveReceiver(target, resolver);
  if (!resolved.ok) return { ok: false, status: null, error: `refused: ${resolved.problem.message}`.slice(0, 500) };
  try {
    const status = await postPinned(
      target,
      resolved.addresses[0]!,
      {
        "Content-Type": "application/json",
        "User-Agent": "KontaktAkademin-Webhooks/1",
        [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, event.body),
        [EVENT_ID_HEADER]: event.id,
        [EVENT_TYPE_HEADER]: event.type,
        "KA-Delivery-Attempt": String(attempt),
      },
      event.body,
      timeoutMs,
    );
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, status, error: `HTTP ${status}` };
  } catch (error) {
    const err = error as Error & { code?: string; cause?: { code?: string } };
    const reason =
      err.name === "TimeoutError" || err.name === "AbortError"
        ? `timeout after ${timeoutMs} ms`
        : (err.code ?? err.cause?.code ?? err.message);
    return { ok: false, status: null, error: String(reason).slice(0, 500) };
  }
}

/** Sends one claimed batch. */
async function deliverBatch(
  claimed: Claimed[],
  options: Required<Omit<WorkerOptions, "maxRunMs" | "batchSize">>,
  report: WorkerReport,
) {
  const db = await getDb();
  const [events, subscriptions] = await Promise.all([
    db.webhookEvent.findMany({ where: { id: { in: [...new Set(claimed.map((c) => c.eventId))] } } }),
    db.webhookSubscription.findMany({
      where: { id: { in: [...new Set(claimed.map((c) => c.subscriptionId))] } },
      select: { id: true, url: true, secret: true, active: true, apiClient: { select: { revokedAt: true } } },
    }),
  ]);
  const eventById = new Map(events.map((e) => [e.id, e]));
  const subscriptionById = new Map(subscriptions.map((s) => [s.id, s]));

  const limit = pLimit(options.concurrency);
  await Promise.all(
    claimed.map((delivery) =>
      limit(async () => {
        const event = eventById.get(delivery.eventId);
        const subscription = subscriptionById.get(delivery.subscriptionId);
        // Only this claim may record its result: a row re-claimed after a timeout has more attempts.
        const mine = { id: delivery.id, attempts: delivery.attempts, status: "pending" as const };
        if (!event || !subscription || !subscription.active || subscription.apiClient.revokedAt) {
          await db.webhookDelivery.updateMany({
            where: mine,
            data: {
              status: "failed",
              lastError: !subscription?.active ? "subscription paused" : "client revoked",
              lastStatusCode: null,
            },
          });
          report.failed++;
          return;
        }
        let outcome: SendOutcome;
        try {
          const secret = decryptSecret(subscription.secret);
          outcome = await send(
            subscription.url,
            secret,
            { id: event.id, type: event.type, body: eventBody(event) },
            delivery.attempts,
            options,
          );
        } catch (error) {
          outcome = { ok: false, status: null, error: (error as Error).message };
        }
        if (outcome.ok) {
          await db.webhookDelivery.updateMany({
            where: mine,
            data: { status: "delivered", deliveredAt: new Date(), lastStatusCode: outcome.status, lastError: null },
          });
          report.delivered++;
        } else if (delivery.attempts >= options.maxAttempts) {
          await db.webhookDelivery.updateMany({
            where: mine,
            data: { status: "failed", lastStatusCode: outcome.status, lastError: outcome.error },
          });
          report.failed++;
          logger.warn("webhook delivery gave up", {
            deliveryId: delivery.id,
            attempts: delivery.attempts,
            error: outcome.error,
          });
        } else {
          const nextAttemptAt = new Date(Date.now() + backoffSeconds(delivery.attempts) * 1000);
          await db.webhookDelivery.updateMany({
            where: mine,
            data: { nextAttemptAt, lastStatusCode: outcome.status, lastError: outcome.error },
          });
          report.retried++;
        }
      }),
    ),
  );
}

/**
 * Delivers what is due, batch by batch, until nothing is due or maxRunMs has passed. Safe to run
 * in several processes at once.
 */
export async function deliverDueWebhooks(options: WorkerOptions = {}): Promise<WorkerReport> {
  const opts = {
    batchSize: options.batchSize ?? 50,
    concurrency: options.concurrency ?? 8,
    timeoutMs: options.timeoutMs ?? SEND_TIMEOUT_MS,
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    maxRunMs: options.maxRunMs ?? 45_000,
    resolver: options.resolver ?? getWebhookResolver(),
  };
  const report: WorkerReport = { claimed: 0, delivered: 0, retried: 0, failed: 0 };
  report.claimed = await drainOutbox(claim, opts, (batch) => deliverBatch(batch, opts, report));
  return report;
}
