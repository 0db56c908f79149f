// The audit chain: an append-only log of certificate and criterion events where every entry
// carries the hash of the one before it, so any edit, insertion or deletion inside the chain is
// found by `npm run audit:verify` (scripts/audit-verify.ts).
// appendAuditEntry runs INSIDE the caller's transaction: the entry commits with the change it
// records, or not at all. A transaction-level advisory lock serialises appenders across every
// app instance, so two transactions never both take seq n+1.
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { type AuditRow, type ChainBreak, computeAuditHash, findChainBreak, GENESIS_HASH } from "./audit-hash.server";
import { personalMismatch, separatePersonal } from "./audit-personal";
import { toJsonValue } from "./canonical-json";

/** Key of the advisory lock that guards the chain's head (any constant unique in this app). */
export const AUDIT_LOCK_KEY = 7_461_001;

export async function appendAuditEntry(
  tx: Prisma.TransactionClient,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  if (!type || type.length > 100) throw new Error("appendAuditEntry: type must be 1–100 characters");
  // Held until the surrounding transaction ends; released by commit or rollback.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY}::bigint)`;
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Millisecond precision, as the column stores it, so the hash is recomputable from the row.
  const createdAt = new Date();
  // Personal data (holder names, addresses) goes to the side column, a salted commitment into the
  // hashed payload, so erasure can remove it without breaking the chain (audit-personal.ts).
  const { hashed, personal } = separatePersonal(toJsonValue(payload));
  const hash = computeAuditHash(prevHash, { seq, type, payload: hashed, createdAt });
  await tx.auditEntry.create({
    data: { seq, type, payload: hashed, prevHash, hash, createdAt, personal: personal ?? Prisma.DbNull },
  });
}

export type AuditVerification =
  | { ok: true; entries: number; head: { seq: number; hash: string } | null; personalRecords: number }
  | { ok: false; entries: number; firstBroken: ChainBreak };

/**
 * Walks the whole chain in seq order, in batches; stops at the first broken entry. Personal data
 * kept beside an entry must match the commitment in its hashed payload; erased (null) side
 * records are fine.
 */
export async function verifyAuditChain(db: PrismaClient, { batchSize = 2_000 } = {}): Promise<AuditVerification> {
  let previous: { seq: number; hash: string } | null = null;
  let entries = 0;
  let personalRecords = 0;
  for (;;) {
    const rows: Array<AuditRow & { personal: unknown }> = await db.auditEntry.findMany({
      where: previous ? { seq: { gt: previous.seq } } : {},
      orderBy: { seq: "asc" },
      take: batchSize,
      select: { seq: true, type: true, payload: true, prevHash: true, hash: true, createdAt: true, personal: true },
    });
    if (rows.length === 0) return { ok: true, entries, head: previous, personalRecords };
    let broken = findChainBreak(previous, rows);
    if (!broken) {
      for (const row of rows) {
        if (row.personal === null) continue;
        personalRecords++;
        const path = personalMismatch(row.payload, row.personal);
        if (path) {
          broken = {
            seq: row.seq,
            reason: "personal_mismatch",
            expected: "personal data matching the entry's commitment",
            found: path,
          };
          break;
        }
      }
    }
    if (broken)
      return { ok: false, entries: entries + rows.findIndex((r) => r.seq >= broken.seq), firstBroken: broken };
    entries += rows.length;
    const last = rows[rows.length - 1]!;
    previous = { seq: last.seq, hash: last.hash };
  }
}
