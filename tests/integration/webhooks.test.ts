// Webhooks on both engines, in one process: the outbox is written in the change's transaction,
// deliveries are signed and reach a real receiver, failures are retried with backoff and given up
// after the last attempt, timeouts count as failures, admins can redeliver, and bodies match the
// OpenAPI document's webhook schemas.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSubscription, deliverDueWebhooks, enqueueWebhookEvent, redeliver, setSubscriptionActive } from "~/modules/api/webhooks.server";
import { revokeApiClient } from "~/modules/api/clients.server";
import { webhookEventSchemaName } from "~/modules/api/openapi";
import { verifySignature } from "~/modules/api/webhook-signature.server";
import type { WebhookEventType } from "~/modules/api/webhook-events";
import { getDb } from "~/utils/db.server";
import { createCompany, createPerson, issueCertificate, newClient, revokeCertificate, schemaErrors } from "../support/api-harness";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

const engine = process.env.KA_TEST_ENGINE;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});
// Each test starts with no active subscription and nothing queued from the tests before it.
beforeEach(async () => {
  const db = await getDb();
  await db.webhookSubscription.updateMany({ data: { active: false } });
  await db.webhookDelivery.deleteMany({});
  receiver.respond = () => 200;
});

async function subscribe(events: WebhookEventType[], path = "/hook") {
  const { client } = await newClient(["criteria:read", "certificates:read"]);
  const { subscription, secret } = await createSubscription({ apiClientId: client.id, url: receiver.url(path), events });
  return { client, subscription, secret };
}

/** Makes every pending delivery due now (instead of waiting out the backoff). */
async function makeDue() {
  const db = await getDb();
  await db.webhookDelivery.updateMany({ where: { status: "pending" }, data: { nextAttemptAt: new Date(Date.now() - 1_000) } });
}

describe(`webhooks on ${engine}`, () => {
  it("writes the event and its deliveries in the change's transaction, and nothing when it rolls back", async () => {
    const db = await getDb();
    const wanted = await subscribe(["certificate.revoked"]);
    const otherEvent = await subscribe(["criterion.changed"]);
    const paused = await subscribe(["certificate.revoked"]);
    await setSubscriptionActive(paused.client.id, paused.subscription.id, false);
    const revoked = await subscribe(["certificate.revoked"]);
    await revokeApiClient(revoked.client.id);

    const before = await db.webhookEvent.count();
    await expect(
      db.$transaction(async (tx) => {
        await enqueueWebhookEvent(tx, "certificate.revoked", { certificate: { id: "x" } });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await db.webhookEvent.count()).toBe(before);

    await db.$transaction((tx) => enqueueWebhookEvent(tx, "certificate.revoked", { certificate: { id: "y" } }));
    const event = await db.webhookEvent.findFirstOrThrow({ where: { type: "certificate.revoked" }, orderBy: { createdAt: "desc" }, include: { deliveries: true } });
    expect(event.payload).toEqual({ certificate: { id: "y" } });
    expect(event.deliveries.map((d) => d.subscriptionId)).toEqual([wanted.subscription.id]);
    expect(event.deliveries.map((d) => d.subscriptionId)).not.toContain(otherEvent.subscription.id);
    await db.webhookDelivery.deleteMany({});
  });

  it("delivers signed events to the receiver; certificate and criterion events match the document", async () => {
    const db = await getDb();
    const { subscription, secret } = await subscribe(["certificate.issued", "certificate.revoked", "criterion.changed"], "/signed");
    const company = await createCompany();
    const manager = await createPerson(company.id, "manager");
    const cert = await issueCertificate(manager.id); // certificate.issued + criterion.changed (met)
    await revokeCertificate(cert.id); // certificate.revoked + criterion.changed (not met)
    const report = await deliverDueWebhooks();
    expect(report).toMatchObject({ claimed: 4, delivered: 4, failed: 0, retried: 0 });

    const mine = receiver.received.filter((r) => r.path === "/signed");
    expect(mine).toHaveLength(4);
    const bodies = mine.map((r) => {
      expect(verifySignature(secret, r.headers["ka-signature"] as string, r.body)).toMatchObject({ ok: true });
      const body = JSON.parse(r.body) as { id: string; type: WebhookEventType; data: Record<string, unknown> };
      expect(r.headers["ka-event-id"]).toBe(body.id);
      expect(r.headers["ka-event-type"]).toBe(body.type);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(schemaErrors(webhookEventSchemaName(body.type), body)).toBeNull();
      return body;
    });
    expect(bodies.map((b) => b.type).sort()).toEqual(["certificate.issued", "certificate.revoked", "criterion.changed", "criterion.changed"]);
    const flips = bodies.filter((b) => b.type === "criterion.changed").map((b) => (b.data.criterion as { met: boolean }).met);
    expect(flips.sort()).toEqual([false, true]);

    const deliveries = await db.webhookDelivery.findMany({ where: { subscriptionId: subscription.id } });
    expect(deliveries.every((d) => d.status === "delivered" && d.attempts === 1 && d.lastStatusCode === 200 && d.deliveredAt)).toBe(true);
    expect(await deliverDueWebhooks()).toMatchObject({ claimed: 0 });
  });

  it("retries failures with growing delays, gives up after the last attempt, and redelivers on request", async () => {
    const db = await getDb();
    const { client, subscription } = await subscribe(["certificate.expired"], "/flaky");
    receiver.respond = (req) => (req.path === "/flaky" ? 503 : 200);
    await db.$transaction((tx) => enqueueWebhookEvent(tx, "certificate.expired", { certificate: { id: "z" } }));

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const started = Date.now();
      const report = await deliverDueWebhooks({ maxAttempts: 3 });
      expect(report.claimed).toBe(1);
      const d = await db.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: subscription.id } });
      expect(d.attempts).toBe(attempt);
      expect(d.lastStatusCode).toBe(503);
      if (attempt < 3) {
        expect(d.status).toBe("pending");
        delays.push(d.nextAttemptAt.getTime() - started);
        expect(await deliverDueWebhooks({ maxAttempts: 3 })).toMatchObject({ claimed: 0 }); // not due yet
        await makeDue();
      } else {
        expect(d.status).toBe("failed");
      }
    }
    expect(delays[0]).toBeGreaterThanOrEqual(14_000);
    expect(delays[1]).toBeGreaterThanOrEqual(29_000);
    expect(receiver.received.filter((r) => r.path === "/flaky")).toHaveLength(3);

    receiver.respond = () => 200;
    const failed = await db.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: subscription.id } });
    expect(await redeliver("some-other-client", failed.id)).toBe(false);
    expect(await redeliver(client.id, failed.id)).toBe(true);
    expect(await deliverDueWebhooks({ maxAttempts: 3 })).toMatchObject({ delivered: 1 });
    const after = await db.webhookDelivery.findUniqueOrThrow({ where: { id: failed.id } });
    expect(after).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200 });
    const last = receiver.received.filter((r) => r.path === "/flaky").at(-1)!;
    expect(last.headers["ka-delivery-attempt"]).toBe("1");
  });

  it("counts a receiver that does not answer in time, or redirects, as a failure", async () => {
    const db = await getDb();
    const slow = await subscribe(["certificate.issued"], "/slow");
    const moved = await subscribe(["certificate.issued"], "/moved");
    receiver.respond = (req) => (req.path === "/slow" ? "hang" : req.path === "/moved" ? 302 : 200);
    await db.$transaction((tx) => enqueueWebhookEvent(tx, "certificate.issued", { certificate: { id: "w" } }));
    const report = await deliverDueWebhooks({ timeoutMs: 300 });
    expect(report).toMatchObject({ claimed: 2, retried: 2 });
    const slowDelivery = await db.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: slow.subscription.id } });
    expect(slowDelivery.lastError).toBe("timeout after 300 ms");
    const movedDelivery = await db.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: moved.subscription.id } });
    expect(movedDelivery).toMatchObject({ status: "pending", lastStatusCode: 302 });
    receiver.respond = () => 200;
    await db.webhookDelivery.deleteMany({});
  });

  it("does not send to a subscription paused after the event was queued", async () => {
    const db = await getDb();
    const { client, subscription } = await subscribe(["criterion.changed"], "/paused");
    await db.$transaction((tx) => enqueueWebhookEvent(tx, "criterion.changed", { organization: { id: "o" }, met: true }));
    await setSubscriptionActive(client.id, subscription.id, false);
    expect(await deliverDueWebhooks()).toMatchObject({ claimed: 1, failed: 1 });
    expect(receiver.received.filter((r) => r.path === "/paused")).toHaveLength(0);
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: subscription.id } });
    expect(d).toMatchObject({ status: "failed", lastError: "subscription paused" });
  });

  it("sends each delivery once when workers in this process run concurrently", async () => {
    const db = await getDb();
    const { subscription } = await subscribe(["certificate.issued"], "/concurrent");
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await enqueueWebhookEvent(tx, "certificate.issued", { certificate: { id: `c${i}` } });
    });
    const reports = await Promise.all([1, 2, 3].map(() => deliverDueWebhooks({ batchSize: 4, concurrency: 2 })));
    expect(reports.reduce((n, r) => n + r.delivered, 0)).toBe(30);
    const got = receiver.received.filter((r) => r.path === "/concurrent").map((r) => r.headers["ka-event-id"]);
    expect(got).toHaveLength(30);
    expect(new Set(got).size).toBe(30);
    expect(await db.webhookDelivery.count({ where: { subscriptionId: subscription.id, status: "delivered" } })).toBe(30);
  });
});
