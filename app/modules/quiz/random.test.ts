import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRng, shuffled } from "./random";

describe("seededRng", () => {
  it("gives the same sequence for the same seed and another for another seed", () => {
    const a = seededRng("seed-1");
    const b = seededRng("seed-1");
    const c = seededRng("seed-2");
    const seqA = Array.from({ length: 20 }, a);
    expect(Array.from({ length: 20 }, b)).toEqual(seqA);
    expect(Array.from({ length: 20 }, c)).not.toEqual(seqA);
  });

  it("stays within [0, 1)", () => {
    fc.assert(
      fc.property(fc.string(), (seed) => {
        const rng = seededRng(seed);
        for (let i = 0; i < 50; i++) {
          const v = rng();
          if (!(v >= 0 && v < 1)) return false;
        }
        return true;
      }),
    );
  });

  it("is roughly uniform (each tenth gets 7–13 % of 10,000 draws)", () => {
    const rng = seededRng("uniformity");
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) buckets[Math.floor(rng() * 10)]!++;
    for (const b of buckets) {
      expect(b).toBeGreaterThan(700);
      expect(b).toBeLessThan(1300);
    }
  });
});

describe("shuffled", () => {
  it("returns a permutation and leaves the input alone", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.string(), (items, seed) => {
        const copy = items.slice();
        const out = shuffled(items, seededRng(seed));
        expect(items).toEqual(copy);
        expect(out.slice().sort((x, y) => x - y)).toEqual(copy.sort((x, y) => x - y));
      }),
    );
  });

  it("reaches every order of three items", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(shuffled(["a", "b", "c"], seededRng(`s${i}`)).join(""));
    expect(seen.size).toBe(6);
  });
});
