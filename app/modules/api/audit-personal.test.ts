import { describe, expect, it } from "vitest";
import { computeAuditHash, GENESIS_HASH } from "./audit-hash.server";
import { COMMITMENT_PREFIX, joinPersonal, personalMismatch, separatePersonal } from "./audit-personal";

describe("personal data beside the audit chain", () => {
  const payload = {
    certificate: { id: "c1", holderName: "Åsa Öberg" },
    organizations: [{ id: "o1", email: "a@b.se" }],
    userId: "u1",
  };

  it("hashes commitments, keeps the values beside the entry, and puts them back for reading", () => {
    const { hashed, personal } = separatePersonal(payload, "salt");
    expect(JSON.stringify(hashed)).not.toContain("Åsa");
    expect(JSON.stringify(hashed)).not.toContain("a@b.se");
    expect((hashed.certificate as Record<string, string>).holderName?.startsWith(COMMITMENT_PREFIX)).toBe(true);
    expect(personal).toEqual({
      salt: "salt",
      values: { "certificate.holderName": "Åsa Öberg", "organizations.0.email": "a@b.se" },
    });
    expect(joinPersonal(hashed, personal)).toEqual(payload);
    expect(personalMismatch(hashed, personal)).toBeNull();
  });

  it("finds a side record that was changed, accepts one that was erased, and erasure leaves the hash unchanged", () => {
    const { hashed, personal } = separatePersonal(payload, "salt");
    const entry = { seq: 1, type: "certificate.issued", payload: hashed, createdAt: new Date("2026-12-01T00:00:00Z") };
    const hash = computeAuditHash(GENESIS_HASH, entry);
    expect(
      personalMismatch(hashed, {
        ...personal,
        values: { ...personal!.values, "certificate.holderName": "Someone Else" },
      }),
    ).toBe("certificate.holderName");
    expect(personalMismatch(hashed, null)).toBeNull();
    expect(computeAuditHash(GENESIS_HASH, entry)).toBe(hash);
    // A different random salt gives a different commitment for the same name: not guessable without it.
    expect(separatePersonal(payload).hashed).not.toEqual(hashed);
  });

  it("leaves payloads without personal keys as they are", () => {
    expect(separatePersonal({ organization: { id: "o", name: "Bolaget AB" }, met: true })).toEqual({
      hashed: { organization: { id: "o", name: "Bolaget AB" }, met: true },
      personal: null,
    });
  });
});
