import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drawQuiz, QuizDrawError } from "./draw";
import { entryWeight, type BankEntry } from "./question-bank-schema";
import { seededRng } from "./random";
import { opaqueOptionId } from "./option-ids";
import { buildSnapshot, learnerView, quizSnapshotSchema, snapshotQuestions } from "./snapshot";
import { bankWithPolicyArb, basePolicy, makeQuestion, smallBank } from "./test-fixtures";

const input = (
  bank = smallBank(),
  policy = {
    ...basePolicy,
    draw: [
      { topic: "alpha", count: 2 },
      { topic: "beta", count: 3 },
    ],
  },
  seed = "seed",
) => ({
  bank,
  policy,
  courseSlug: "kurs",
  contentVersion: "2026.1",
  locale: "en",
  seed,
});

describe("drawQuiz (property)", () => {
  it("fills every topic with exactly its count, scenarios counting as their items, without duplicates", () => {
    fc.assert(
      fc.property(bankWithPolicyArb, fc.string(), ({ bank, policy }, seed) => {
        const drawn = drawQuiz(bank, policy.draw, seededRng(seed));
        const ids: string[] = [];
        drawn.forEach((d, i) => {
          expect(d.topic).toBe(policy.draw[i]!.topic);
          expect(d.entries.reduce((s, e) => s + entryWeight(e), 0)).toBe(policy.draw[i]!.count);
          for (const e of d.entries) {
            expect(e.topic).toBe(d.topic);
            ids.push(e.id, ...(e.type === "scenario" ? e.items.map((x) => x.id) : []));
          }
        });
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
  });

  it("varies with the seed: over many seeds every question of a topic is drawn sometimes", () => {
    const bank = smallBank();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++)
      for (const d of drawQuiz(
        bank,
        [
          { topic: "alpha", count: 2 },
          { topic: "beta", count: 2 },
        ],
        seededRng(`s${i}`),
      ))
        for (const e of d.entries) seen.add(e.id);
    expect([...seen].sort()).toEqual(bank.questions.map((q) => q.id).sort());
  });

  it("refuses a topic it cannot fill exactly", () => {
    const scenario: BankEntry = {
      id: "s",
      topic: "t",
      type: "scenario",
      case: { sv: "Fall" },
      items: [1, 2, 3].map((n) => makeQuestion(`s-${n}`, "single", 3, [0])),
    };
    expect(() => drawQuiz({ questions: [scenario] }, [{ topic: "t", count: 2 }], seededRng("x"))).toThrow(
      QuizDrawError,
    );
    expect(() => drawQuiz({ questions: [scenario] }, [{ topic: "other", count: 1 }], seededRng("x"))).toThrow(
      /cannot fill topic "other"/,
    );
  });
});

describe("buildSnapshot (property)", () => {
  it("is reproducible from its seed and valid per its schema", () => {
    fc.assert(
      fc.property(bankWithPolicyArb, fc.string({ minLength: 1 }), ({ bank, policy }, seed) => {
        const a = buildSnapshot(input(bank, policy, seed));
        expect(buildSnapshot(input(bank, policy, a.seed))).toEqual(a);
        expect(quizSnapshotSchema.parse(a)).toEqual(a);
      }),
    );
  });

  it("shows each drawn question with a permutation of its options; true/false keeps its order; scenario items keep theirs", () => {
    fc.assert(
      fc.property(bankWithPolicyArb, fc.string({ minLength: 1 }), ({ bank, policy }, seed) => {
        const snapshot = buildSnapshot(input(bank, policy, seed));
        const byId = new Map(
          bank.questions.flatMap((e) => (e.type === "scenario" ? e.items : [e])).map((q) => [q.id, q]),
        );
        for (const q of snapshotQuestions(snapshot)) {
          const original = byId.get(q.id)!;
          expect(q.options.map((o) => o.authoredId).sort()).toEqual(original.options.map((o) => o.id).sort());
          for (const o of q.options) {
            expect(o.correct).toBe(original.options.find((x) => x.id === o.authoredId)!.correct);
            expect(o.id).toBe(opaqueOptionId(seed, q.id, o.authoredId!));
          }
          if (q.type === "truefalse" || !policy.shuffleOptions)
            expect(q.options.map((o) => o.authoredId)).toEqual(original.options.map((o) => o.id));
          expect(q.prompt).toBe(original.prompt.en);
        }
        for (const e of snapshot.entries) {
          if (e.kind !== "scenario") continue;
          const original = bank.questions.find((x) => x.id === e.id);
          expect(original?.type === "scenario" && original.items.map((i) => i.id)).toEqual(e.items.map((i) => i.id));
        }
        const total = policy.draw.reduce((s, d) => s + d.count, 0);
        expect(snapshotQuestions(snapshot)).toHaveLength(total);
      }),
    );
  });

  it("keeps policy topic order and bank order when questions are not shuffled", () => {
    fc.assert(
      fc.property(bankWithPolicyArb, fc.string({ minLength: 1 }), ({ bank, policy }, seed) => {
        const snapshot = buildSnapshot(input(bank, { ...policy, shuffleQuestions: false }, seed));
        const topicRank = new Map(policy.draw.map((d, i) => [d.topic, i]));
        const bankRank = new Map(bank.questions.map((q, i) => [q.id, i]));
        const keys = snapshot.entries.map((e) => {
          const id = e.kind === "scenario" ? e.id : e.question.id;
          return topicRank.get(e.topic)! * 1000 + bankRank.get(id)!;
        });
        expect(keys).toEqual([...keys].sort((a, b) => a - b));
      }),
    );
  });

  it("shuffles question order across seeds when asked to", () => {
    const orders = new Set<string>();
    for (let i = 0; i < 50; i++)
      orders.add(
        snapshotQuestions(buildSnapshot(input(undefined, undefined, `seed-${i}`)))
          .map((q) => q.id)
          .join(","),
      );
    expect(orders.size).toBeGreaterThan(10);
  });

  it("falls back to Swedish text where the attempt's language is missing", () => {
    const bank = smallBank();
    const first = bank.questions[0]!;
    if (first.type !== "scenario") first.prompt = { sv: "Bara svenska" };
    const snapshot = buildSnapshot({
      ...input(bank, { ...basePolicy, shuffleQuestions: false, draw: [{ topic: "alpha", count: 4 }] }),
      locale: "fi",
    });
    expect(snapshot.entries[0]?.kind === "question" && snapshot.entries[0].question.prompt).toBe("Bara svenska");
    expect(snapshot.locale).toBe("fi");
  });
});

describe("learnerView", () => {
  it("carries prompts, option texts and ids only: no correct flags, explanations or sources", () => {
    fc.assert(
      fc.property(bankWithPolicyArb, fc.string({ minLength: 1 }), ({ bank, policy }, seed) => {
        const snapshot = buildSnapshot(input(bank, policy, seed));
        const json = JSON.stringify(learnerView(snapshot));
        expect(json).not.toMatch(/"correct"|"explanation"|"source"|"seed"|"topic"/);
        expect(json).not.toContain("Explanation ");
        const shown = learnerView(snapshot).flatMap((e) => (e.kind === "scenario" ? e.items : [e.question]));
        expect(shown.map((q) => q.id)).toEqual(snapshotQuestions(snapshot).map((q) => q.id));
        for (const q of shown) for (const o of q.options) expect(Object.keys(o).sort()).toEqual(["id", "text"]);
      }),
    );
  });
});
