// Two delivery workers (separate processes, one PostgreSQL) drain the webhook outbox while 100
// certificate events are being caused; a receiver on 127.0.0.1 must get each event exactly once
// per subscription, with a valid signature. PostgreSQL only: the embedded database is one
// process by design.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubscription } from "~/modules/api/webhooks.server";
import { verifySignature } from "~/modules/api/webhook-signature.server";
import { getDb } from "~/utils/db.server";
import { createCompany, createPerson, issueCertificate, newClient, revokeCertificate } from "../support/api-harness";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

const engine = process.env.KA_TEST_ENGINE;

type WorkerTotals = { pid: number; claimed: number; delivered: number; retried: number; failed: number; loops: number };

function startWorker(): { child: ChildProcess; ready: Promise<void>; totals: Promise<WorkerTotals> } {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/webhook-worker.ts"], {
    env: { ...process.env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  let onReady: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const totals = new Promise<WorkerTotals>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line === "ready") onReady();
      else if (line.startsWith("{")) resolve(JSON.parse(line) as WorkerTotals);
    });
    child.on("exit", (code) => (code === 0 ? undefined : reject(new Error(`worker exited with ${code}`))));
  });
  return { child, ready, totals };
}

describe.runIf(engine === "postgresql")("webhooks with two instances on one PostgreSQL", () => {
  let receiver: Receiver;
  const workers: ReturnType<typeof startWorker>[] = [];

  beforeAll(async () => {
    // A receiver that takes a little time, so the two workers' claims overlap.
    receiver = await startReceiver(() => 200);
    receiver.respond = () => 200;
  });

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
    await receiver?.close();
  });

  it(
    "delivers each of 100 certificate events exactly once per subscription, signed",
    { timeout: 180_000 },
    async () => {
      const db = await getDb();
      // Two clients: one wants every certificate event, the other only issued certificates.
      const all = await newClient(["certificates:read", "criteria:read"], "Certification body");
      const issuedOnly = await newClient(["certificates:read"], "Registry");
      const subAll = await createSubscription({
        apiClientId: all.client.id,
        url: receiver.url("/all"),
        events: ["certificate.issued", "certificate.revoked", "certificate.expired"],
      });
      const subIssued = await createSubscription({
        apiClientId: issuedOnly.client.id,
        url: receiver.url("/issued"),
        events: ["certificate.issued"],
      });

      workers.push(startWorker(), startWorker());
      await Promise.all(workers.map((w) => w.ready));

      // 100 certificate events, caused while the workers run: 70 certificates issued (each in its
      // own transaction with onCertificateChanged) and 30 of them revoked.
      const company = await createCompany();
      const people = await Promise.all(
        Array.from({ length: 10 }, (_, i) => createPerson(company.id, i === 0 ? "manager" : "agent")),
      );
      const issued: string[] = [];
      for (let i = 0; i < 70; i++)
        issued.push((await issueCertificate(people[i % people.length]!.id, { criterionCourse: i % 7 === 0 })).id);
      for (let i = 0; i < 30; i++) await revokeCertificate(issued[i * 2]!);

      const events = await db.webhookEvent.findMany({
        where: { type: { startsWith: "certificate." } },
        select: { id: true, type: true },
      });
      expect(events).toHaveLength(100);
      const expectedAll = new Set(events.map((e) => e.id));
      const expectedIssued = new Set(events.filter((e) => e.type === "certificate.issued").map((e) => e.id));
      expect(expectedIssued.size).toBe(70);

      const deadline = Date.now() + 120_000;
      const count = () => receiver.received.filter((r) => r.path === "/all" || r.path === "/issued").length;
      while (count() < 170 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // Let any duplicate that was going to happen arrive before judging.
      await new Promise((r) => setTimeout(r, 1_500));
      for (const w of workers) w.child.kill("SIGTERM");
      const totals = await Promise.all(workers.map((w) => w.totals));

      for (const [path, secret, expected] of [
        ["/all", subAll.secret, expectedAll],
        ["/issued", subIssued.secret, expectedIssued],
      ] as const) {
        const got = receiver.received.filter((r) => r.path === path);
        const ids = got.map((r) => r.headers["ka-event-id"] as string);
        expect(ids.length, `${path}: deliveries`).toBe(expected.size);
        expect(new Set(ids), `${path}: each event once`).toEqual(expected);
        for (const r of got) {
          expect(verifySignature(secret, r.headers["ka-signature"] as string, r.body).ok, `${path}: signature`).toBe(
            true,
          );
          expect((JSON.parse(r.body) as { id: string }).id).toBe(r.headers["ka-event-id"]);
        }
      }
      // Both instances took part, and the database agrees: every delivery delivered once.
      expect(
        totals.every((t) => t.delivered > 0),
        JSON.stringify(totals),
      ).toBe(true);
      expect(totals.reduce((n, t) => n + t.delivered, 0)).toBe(170);
      const deliveries = await db.webhookDelivery.findMany({
        where: { subscriptionId: { in: [subAll.subscription.id, subIssued.subscription.id] } },
      });
      expect(deliveries).toHaveLength(170);
      expect(deliveries.every((d) => d.status === "delivered" && d.attempts === 1)).toBe(true);
    },
  );
});
