// The audit chain on both engines: appends inside the caller's transaction (rolled back with it),
// concurrent appenders still form one gap-free chain, and `npm run audit:verify` names the first
// entry someone tampered with.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { appendAuditEntry, verifyAuditChain } from "~/modules/api/audit.server";
import { closeDatabase, getDb, openDatabase, QUEUED_TRANSACTION } from "~/utils/db.server";

const engine = process.env.KA_TEST_ENGINE;

function runVerifyScript() {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, LOG_LEVEL: "silent" },
  });
}

describe(`audit chain on ${engine}`, () => {
  it("appends inside the transaction and disappears with a rollback", async () => {
    const db = await getDb();
    await db.$transaction(async (tx) => {
      await appendAuditEntry(tx, "certificate.issued", {
        certificate: { id: "c1", number: "KA-0000-0001-1" },
        at: new Date("2026-01-01T00:00:00Z"),
      });
    });
    await expect(
      db.$transaction(async (tx) => {
        await appendAuditEntry(tx, "certificate.revoked", { certificate: { id: "c1" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const rows = await db.auditEntry.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.seq, r.type])).toEqual([[1, "certificate.issued"]]);
    expect(rows[0]!.payload).toEqual({
      certificate: { id: "c1", number: "KA-0000-0001-1" },
      at: "2026-01-01T00:00:00.000Z",
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 1 });
  });

  it("stays one gap-free chain under concurrent appenders", async () => {
    const db = await getDb();
    const before = await db.auditEntry.count();
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        db.$transaction(async (tx) => {
          await appendAuditEntry(tx, "criterion.changed", { organization: { id: `org-${i}` }, met: i % 2 === 0 });
          // Some work after the append, so the transactions overlap while holding the lock.
          await tx.auditEntry.count();
        }, QUEUED_TRANSACTION),
      ),
    );
    const rows = await db.auditEntry.findMany({ orderBy: { seq: "asc" }, select: { seq: true } });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: before + 25 }, (_, i) => i + 1));
    const result = await verifyAuditChain(db, { batchSize: 7 });
    expect(result).toMatchObject({ ok: true, entries: before + 25 });
  });

  it("npm run audit:verify passes an intact chain and names the first tampered entry", async () => {
    const db = await getDb();
    const total = await db.auditEntry.count();
    // The embedded database belongs to one process at a time: hand it to the script.
    await closeDatabase();
    const intact = runVerifyScript();
    expect(intact.stdout, intact.stderr).toContain(`Audit chain intact: ${total} entries`);
    expect(intact.status).toBe(0);

    await openDatabase({ migrate: false }); // already migrated
    const tampered = await getDb();
    // A change that always alters the entry (setting a field to the value it may already have would not).
    await tampered.$executeRaw`UPDATE "AuditEntry" SET "payload" = "payload" || '{"tampered": true}'::jsonb WHERE "seq" = 5`;
    await closeDatabase();
    const broken = runVerifyScript();
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain("Audit chain BROKEN at entry #5");
    expect(broken.stderr).toContain("4 entries before it are intact");

    await openDatabase({ migrate: false }); // already migrated
    const again = await getDb();
    await again.$executeRaw`DELETE FROM "AuditEntry" WHERE "seq" = 5`;
    const gap = await verifyAuditChain(again);
    expect(gap).toMatchObject({ ok: false, firstBroken: { seq: 5, reason: "seq_gap" } });
  });
});
