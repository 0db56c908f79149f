// The audit chain's hash rule, kept apart from the database so it can be tested and re-implemented
// by anyone checking an export: hash = sha256_hex(prevHash + canonicalJson({seq,type,payload,createdAt})).
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

/** prevHash of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

export type AuditEntryContent = { seq: number; type: string; payload: unknown; createdAt: Date };

export function computeAuditHash(prevHash: string, entry: AuditEntryContent): string {
  const body = canonicalJson({
    seq: entry.seq,
    type: entry.type,
    payload: entry.payload,
    createdAt: entry.createdAt.toISOString(),
  });
  return createHash("sha256").update(prevHash).update(body).digest("hex");
}

export type AuditRow = AuditEntryContent & { prevHash: string; hash: string };

export type ChainBreak = {
  seq: number;
  reason: "seq_gap" | "prev_hash_mismatch" | "hash_mismatch" | "personal_mismatch";
  expected: string;
  found: string;
};

/**
 * Checks a run of consecutive entries that should follow `previous` (null: the chain's start).
 * Returns the first break, or null when every entry links and hashes correctly.
 */
export function findChainBreak(previous: { seq: number; hash: string } | null, rows: AuditRow[]): ChainBreak | null {
  let expectedSeq = (previous?.seq ?? 0) + 1;
  let expectedPrev = previous?.hash ?? GENESIS_HASH;
  for (const row of rows) {
    if (row.seq !== expectedSeq)
      return { seq: expectedSeq, reason: "seq_gap", expected: String(expectedSeq), found: String(row.seq) };
    if (row.prevHash !== expectedPrev)
      return { seq: row.seq, reason: "prev_hash_mismatch", expected: expectedPrev, found: row.prevHash };
    const hash = computeAuditHash(row.prevHash, row);
    if (hash !== row.hash) return { seq: row.seq, reason: "hash_mismatch", expected: hash, found: row.hash };
    expectedSeq = row.seq + 1;
    expectedPrev = row.hash;
  }
  return null;
}
