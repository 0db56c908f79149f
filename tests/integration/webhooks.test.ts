// Webhooks on both engines, in one process: the outbox is written in the change's transaction,
// deliveries are signed and reach a real receiver, failures are retried with backoff and given up
// after the last attempt, timeouts count as failures, admins can redeliver, and bodies match the
// OpenAPI document's webhook schemas.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createSubscription,
  deliverDueWebhooks,
  enqueueWebhookEvent,
  redeliver,
  setSubscriptionActive,
} from "~/modules/api/webhooks.server";
import { getWebhookResolver, setWebhookResolver, type Resolver } from "~/modules/api/webhook-url.server";
import { revokeApiClient } from "~/modules/api/clients.server";
import { webhookEventSchemaName } from "~/modules/api/openapi";
import { verifySignature } from "~/modules/api/webhook-signature.server";
import type { WebhookEventType } from "~/modules/api/webhook-events";
import { getDb } from "~/utils/db.server";
import {
  createCompany,
  createPerson,
  issueCertificate,
  newClient,
  revokeCertificate,
  schemaErrors,
} from "../support/api-harness";
import { startReceiver, type Receiver } from "../support/webhook-receiver";
import { reloadEnv } from "~/utils/env.server";

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
  const { subscription, secret } = await createSubscription({
    apiClientId: client.id,
    url: receiver.url(path),
    events,
  });
  return { client, subscription, secret };
}

/** Makes every pending delivery due now (instead of waiting out the backoff). */
async function makeDue() {
  const db = await getDb();
  await db.webhookDelivery.updateMany({
    where: { status: "pending" },
    data: { nextAttemptAt: new Date(Date.now() - 1_000) },
  });
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
    const event = await db.webhookEvent.findFirstOrThrow({
      where: { type: "certificate.revoked" },
      orderBy: { createdAt: "desc" },
      include: { deliveries: true },
    });
    expect(event.payload).toEqual({ certificate: { id: "y" } });
    expect(event.deliveries.map((d) => d.subscriptionId)).toEqual([wanted.subscription.id]);
    expect(event.deliveries.map((d) => d.subscriptionId)).not.toContain(otherEvent.subscription.id);
    await db.webhookDelivery.deleteMany({});
  });

  it("delivers signed events to the receiver; certificate and criterion events match the document", async () => {
    const db = await getDb();
    const { subscription, secret } = await subscribe(
      ["certificate.issued", "certificate.revoked", "criterion.changed"],
      "/signed",
    );
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
    expect(bodies.map((b) => b.type).sort()).toEqual([
      "certificate.issued",
      "certificate.revoked",
      "criterion.changed",
      "criterion.changed",
    ]);
    const flips = bodies
      .filter((b) => b.type === "criterion.changed")
      .map((b) => (b.data.criterion as { met: boolean }).met);
    expect(flips.sort()).toEqual([false, true]);

    const deliveries = await db.webhookDelivery.findMany({ where: { subscriptionId: subscription.id } });
    expect(
      deliveries.every(
        (d) => d.status === "delivered" && d.attempts === 1 && d.lastStatusCode === 200 && d.deliveredAt,
      ),
    ).toBe(true);
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
    const movedDelivery = await db.webhookDelivery.findFirstOrThrow({
      where: { subscriptionId: moved.subscription.id },
    });
    expect(movedDelivery).toMatchObject({ status: "pending", lastStatusCode: 302 });
    receiver.respond = () => 200;
    await db.webhookDelivery.deleteMany({});
  });

  it("does not send to a subscription paused after the event was queued", async () => {
    const db = await getDb();
    const { client, subscription } = await subscribe(["criterion.changed"], "/paused");
    await db.$transaction((tx) =>
      enqueueWebhookEvent(tx, "criterion.changed", { organization: { id: "o" }, met: true }),
    );
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
      for (let i = 0; i < 30; i++)
        await enqueueWebhookEvent(tx, "certificate.issued", { certificate: { id: `c${i}` } });
    });
    const reports = await Promise.all([1, 2, 3].map(() => deliverDueWebhooks({ batchSize: 4, concurrency: 2 })));
    expect(reports.reduce((n, r) => n + r.delivered, 0)).toBe(30);
    const got = receiver.received.filter((r) => r.path === "/concurrent").map((r) => r.headers["ka-event-id"]);
    expect(got).toHaveLength(30);
    expect(new Set(got).size).toBe(30);
    expect(await db.webhookDelivery.count({ where: { subscriptionId: subscription.id, status: "delivered" } })).toBe(
      30,
    );
  });

  describe("receiver URL safety (a fake resolver: no traffic beyond loopback)", () => {
    const resolverTable = new Map<string, string[]>();
    const fakeResolver: Resolver = async (hostname) => {
      const addresses = resolverTable.get(hostname);
      if (!addresses) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
      return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    };
    let previous: Resolver;
    beforeAll(() => {
      previous = getWebhookResolver();
      setWebhookResolver(fakeResolver);
    });
    afterAll(() => setWebhookResolver(previous));

    it("refuses user-info and non-public addresses at registration, in any spelling, and names that resolve to them", async () => {
      const { client } = await newClient(["criteria:read"]);
      resolverTable.set("intranet.test", ["93.184.216.34", "10.0.0.5"]);
      resolverTable.set("public.test", ["93.184.216.34"]);
      for (const url of [
        "https://user:secret@public.test/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::ffff:a9fe:a9fe]/",
        "http://3232235777/", // 192.168.1.1
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://[fe80::1]/",
        "http://[fd00:ec2::254]/",
        "https://intranet.test/hook",
        "http://metadata.google.internal/",
      ]) {
        await expect(
          createSubscription({ apiClientId: client.id, url, events: ["criterion.changed"] }),
          url,
        ).rejects.toMatchObject({ code: "invalid_url" });
      }
      await expect(
        createSubscription({ apiClientId: client.id, url: "https://public.test/hook", events: ["criterion.changed"] }),
      ).resolves.toMatchObject({ subscription: { url: "https://public.test/hook" } });
    });

    it("refuses loopback unless WEBHOOK_ALLOW_LOOPBACK is set", async () => {
      const { client } = await newClient(["criteria:read"]);
      process.env.WEBHOOK_ALLOW_LOOPBACK = "false";
      reloadEnv();
      try {
        for (const url of [
          "http://127.0.0.1:9/hook",
          "http://2130706433:9/hook",
          "http://[::1]:9/hook",
          "http://localhost:9/hook",
        ]) {
          await expect(
            createSubscription({ apiClientId: client.id, url, events: ["criterion.changed"] }),
            url,
          ).rejects.toMatchObject({ code: "invalid_url" });
        }
      } finally {
        process.env.WEBHOOK_ALLOW_LOOPBACK = "true";
        reloadEnv();
      }
    });

    it("resolves and checks again at delivery (a name that now points inside is refused) and connects to the checked address", async () => {
      const db = await getDb();
      const { client } = await newClient(["criteria:read"]);
      const port = new URL(receiver.url()).port;
      // A name no DNS knows, which the fake resolver points at the receiver: it arrives only if the
      // worker connects to the address it checked.
      resolverTable.set("receiver.test", ["127.0.0.1"]);
      const pinned = await createSubscription({
        apiClientId: client.id,
        url: `http://receiver.test:${port}/pinned`,
        events: ["criterion.changed"],
      });
      // Rebinding: public at registration, private at delivery.
      resolverTable.set("rebind.test", ["93.184.216.34"]);
      const rebound = await createSubscription({
        apiClientId: client.id,
        url: `http://rebind.test:${port}/rebound`,
        events: ["criterion.changed"],
      });
      resolverTable.set("rebind.test", ["10.0.0.5"]);

      await db.$transaction((tx) =>
        enqueueWebhookEvent(tx, "criterion.changed", { organization: { orgNumber: "5566778899" } }),
      );
      expect(await deliverDueWebhooks()).toMatchObject({ claimed: 2, delivered: 1, retried: 1 });
      const arrived = receiver.received.filter((r) => r.path === "/pinned");
      expect(arrived).toHaveLength(1);
      expect(arrived[0]!.headers.host).toBe(`receiver.test:${port}`);
      expect(receiver.received.filter((r) => r.path === "/rebound")).toHaveLength(0);
      const refused = await db.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: rebound.subscription.id } });
      expect(refused).toMatchObject({ status: "pending", lastStatusCode: null });
      expect(refused.lastError).toMatch(/^refused: .*10\.0\.0\.5/);
      expect(
        await db.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: pinned.subscription.id } }),
      ).toMatchObject({ status: "delivered" });
      await db.webhookDelivery.deleteMany({});
    });
  });
});
