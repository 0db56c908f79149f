import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type AuditRow, computeAuditHash, findChainBreak, GENESIS_HASH } from "./audit-hash.server";

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const entry = {
      seq,
      type: "certificate.issued",
      payload: { n: seq, nested: { b: 2, a: 1 } },
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
    };
    const hash = computeAuditHash(prev, entry);
    rows.push({ ...entry, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe("audit chain hashes", () => {
  it("is sha256 of the previous hash and the canonical entry, independent of key order", () => {
    const createdAt = new Date("2026-03-01T12:00:00.123Z");
    const expected = createHash("sha256")
      .update(GENESIS_HASH + '{"createdAt":"2026-03-01T12:00:00.123Z","payload":{"a":1,"b":[2]},"seq":1,"type":"t"}')
      .digest("hex");
    expect(computeAuditHash(GENESIS_HASH, { seq: 1, type: "t", payload: { b: [2], a: 1 }, createdAt })).toBe(expected);
    expect(computeAuditHash(GENESIS_HASH, { seq: 1, type: "t", payload: { a: 1, b: [2] }, createdAt })).toBe(expected);
  });

  it("accepts an intact chain, also when checked in pieces", () => {
    const rows = chain(6);
    expect(findChainBreak(null, rows)).toBeNull();
    expect(findChainBreak(null, rows.slice(0, 3))).toBeNull();
    expect(findChainBreak({ seq: 3, hash: rows[2]!.hash }, rows.slice(3))).toBeNull();
  });

  it("names the first entry whose content was changed", () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, payload: { n: 999 } };
    expect(findChainBreak(null, rows)).toMatchObject({ seq: 3, reason: "hash_mismatch" });
  });

  it("names an entry whose hash was recomputed after tampering by the broken link after it", () => {
    const rows = chain(5);
    const forged = { ...rows[1]!, payload: { n: 999 } };
    forged.hash = computeAuditHash(forged.prevHash, forged);
    rows[1] = forged;
    expect(findChainBreak(null, rows)).toMatchObject({ seq: 3, reason: "prev_hash_mismatch" });
  });

  it("finds a deleted or inserted entry", () => {
    const rows = chain(5);
    expect(findChainBreak(null, [rows[0]!, rows[2]!, rows[3]!])).toMatchObject({ seq: 2, reason: "seq_gap" });
    expect(findChainBreak(null, rows.slice(1))).toMatchObject({ seq: 1, reason: "seq_gap" });
  });
});
