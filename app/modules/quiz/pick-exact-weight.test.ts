import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pickExactWeight } from "./pick-exact-weight";

function bruteForceFeasible(weights: number[], count: number): boolean {
  for (let mask = 0; mask < 1 << weights.length; mask++) {
    let sum = 0;
    for (let i = 0; i < weights.length; i++) if (mask & (1 << i)) sum += weights[i]!;
    if (sum === count) return true;
  }
  return false;
}

describe("pickExactWeight", () => {
  it("finds a subset of exactly the asked weight whenever one exists, and null otherwise", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 15 }),
        (weights, count) => {
          const items = weights.map((w, i) => ({ i, w }));
          const picked = pickExactWeight(items, count, (x) => x.w);
          const feasible = bruteForceFeasible(weights, count);
          expect(picked !== null).toBe(feasible);
          if (picked) {
            expect(picked.reduce((s, x) => s + x.w, 0)).toBe(count);
            expect(new Set(picked.map((x) => x.i)).size).toBe(picked.length);
          }
        },
      ),
    );
  });

  it("prefers items early in the pool (a shuffled pool gives a random pick)", () => {
    expect(pickExactWeight([1, 1, 1, 1], 2, (w) => w)).toEqual([1, 1]);
    const items = [
      { id: "x", w: 1 },
      { id: "y", w: 3 },
      { id: "z", w: 1 },
    ];
    expect(pickExactWeight(items, 2, (x) => x.w)?.map((x) => x.id)).toEqual(["x", "z"]);
  });

  it("cannot fill a count of 2 from one three-item scenario", () => {
    expect(pickExactWeight([3], 2, (w) => w)).toBeNull();
  });
});
