// Two app instances (the production server, twice) on one PostgreSQL, both running their
// background jobs, and a webhook receiver: 100 certificate events caused through the app's own
// modules reach the receiver exactly once per subscription, each with a valid signature.
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { serverEnv } from "./support/settings";
import { settings } from "./support/fixtures";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

const secondPort = settings.port + 2;
let second: ChildProcess | undefined;
let receiver: Receiver | undefined;

test.afterAll(async () => {
  if (second && second.exitCode === null) {
    const exited = new Promise((r) => second!.once("exit", r));
    second.kill("SIGTERM");
    await exited;
  }
  await receiver?.close();
});

test("two instances deliver each of 100 certificate events exactly once per subscription, signed", async () => {
  test.setTimeout(240_000);
  // This test process talks to the same database with the app's modules, as the server does.
  Object.assign(process.env, serverEnv(settings));
  const { createApiClient } = await import("~/modules/api/clients.server");
  const { createSubscription } = await import("~/modules/api/webhooks.server");
  const { verifySignature } = await import("~/modules/api/webhook-signature.server");
  const { createCompany, createPerson, issueCertificate, revokeCertificate } =
    await import("../support/domain-fixtures");
  const { getDb } = await import("~/utils/db.server");

  // The second instance: same build, same database, its own port; both run the delivery job.
  second = spawn(process.execPath, ["server/start.js"], {
    env: { ...process.env, ...serverEnv(settings), PORT: String(secondPort) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${secondPort}/readyz`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 60_000 },
    )
    .toBe(200);
  await expect
    .poll(() =>
      fetch(`${settings.baseUrl}/readyz`).then(
        (r) => r.status,
        () => 0,
      ),
    )
    .toBe(200);

  receiver = await startReceiver(() => 200);
  const all = await createApiClient({
    name: `Certification body ${Date.now()}`,
    scopes: ["certificates:read", "criteria:read"],
    createdById: null,
  });
  const issuedOnly = await createApiClient({
    name: `Registry ${Date.now()}`,
    scopes: ["certificates:read"],
    createdById: null,
  });
  const subAll = await createSubscription({
    apiClientId: all.client.id,
    url: receiver.url("/all"),
    events: ["certificate.issued", "certificate.revoked"],
  });
  const subIssued = await createSubscription({
    apiClientId: issuedOnly.client.id,
    url: receiver.url("/issued"),
    events: ["certificate.issued"],
  });

  // 100 certificate events: 70 certificates issued, 30 of them revoked, each in its own transaction.
  const company = await createCompany();
  const people = await Promise.all(
    Array.from({ length: 10 }, (_, i) => createPerson(company.id, i === 0 ? "manager" : "agent")),
  );
  const issued: string[] = [];
  for (let i = 0; i < 70; i++)
    issued.push((await issueCertificate(people[i % people.length]!.id, { criterionCourse: i % 7 === 0 })).id);
  for (let i = 0; i < 30; i++) await revokeCertificate(issued[i * 2]!);

  const db = await getDb();
  const events = await db.webhookEvent.findMany({
    where: {
      type: { startsWith: "certificate." },
      deliveries: { some: { subscriptionId: { in: [subAll.subscription.id, subIssued.subscription.id] } } },
    },
    select: { id: true, type: true },
  });
  expect(events).toHaveLength(100);
  const expectedIssued = events
    .filter((e) => e.type === "certificate.issued")
    .map((e) => e.id)
    .sort();
  expect(expectedIssued).toHaveLength(70);

  const received = () => receiver!.received.filter((r) => r.path === "/all" || r.path === "/issued");
  await expect.poll(() => received().length, { timeout: 150_000, intervals: [500] }).toBeGreaterThanOrEqual(170);
  await new Promise((r) => setTimeout(r, 6_000)); // one more delivery round of both instances: no late duplicates

  const byPath = (path: string) => received().filter((r) => r.path === path);
  const idsOf = (list: ReturnType<typeof received>) => list.map((r) => String(r.headers["ka-event-id"])).sort();
  expect(idsOf(byPath("/all"))).toEqual(events.map((e) => e.id).sort());
  expect(idsOf(byPath("/issued"))).toEqual(expectedIssued);
  for (const r of byPath("/all"))
    expect(verifySignature(subAll.secret, r.headers["ka-signature"] as string, r.body).ok).toBe(true);
  for (const r of byPath("/issued"))
    expect(verifySignature(subIssued.secret, r.headers["ka-signature"] as string, r.body).ok).toBe(true);
  // Tampering is caught by the same check.
  const sample = byPath("/all")[0]!;
  expect(
    verifySignature(subAll.secret, sample.headers["ka-signature"] as string, sample.body.replace(/"/, "'")).ok,
  ).toBe(false);
  expect(
    await db.webhookDelivery.count({
      where: {
        subscriptionId: { in: [subAll.subscription.id, subIssued.subscription.id] },
        status: { not: "delivered" },
      },
    }),
  ).toBe(0);
});
