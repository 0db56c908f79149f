import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  gradeAnswers,
  InvalidAnswersError,
  isAnsweredCorrectly,
  isPassing,
  normalizeAnswers,
  type Answers,
} from "./grading";
import { buildSnapshot, snapshotQuestions, type QuizSnapshot } from "./snapshot";
import { bankWithPolicyArb, shownAnswers, shownId, smallSnapshot } from "./test-fixtures";

function snapshotOf(passPercent = 80): QuizSnapshot {
  return smallSnapshot({ passPercent }, "grading");
}

const correctAnswers = (s: QuizSnapshot): Answers =>
  Object.fromEntries(snapshotQuestions(s).map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));

describe("gradeAnswers", () => {
  it("gives full marks for the key and nothing for no answers; scenario items count one each", () => {
    const s = snapshotOf();
    expect(snapshotQuestions(s)).toHaveLength(9);
    expect(gradeAnswers(s, correctAnswers(s))).toMatchObject({
      scorePoints: 9,
      maxPoints: 9,
      scorePercent: 100,
      passed: true,
    });
    const none = gradeAnswers(s, {});
    expect(none).toMatchObject({ scorePoints: 0, maxPoints: 9, scorePercent: 0, passed: false });
    expect(Object.values(none.result).every((r) => r.correct === false)).toBe(true);
  });

  it("scores multiple select all-or-nothing: a missing or an extra option gets no point", () => {
    const s = snapshotOf();
    const q = snapshotQuestions(s).find((x) => x.id === "a-2")!; // correct a and d of five
    const [a, d, e] = ["a", "d", "e"].map((id) => shownId(s, "a-2", id));
    expect(isAnsweredCorrectly(q, [a!, d!])).toBe(true);
    expect(isAnsweredCorrectly(q, [d!, a!])).toBe(true);
    expect(isAnsweredCorrectly(q, [a!])).toBe(false);
    expect(isAnsweredCorrectly(q, [a!, d!, e!])).toBe(false);
    // The authored ids are no answers at all.
    expect(isAnsweredCorrectly(q, ["a", "d"])).toBe(false);
    expect(isAnsweredCorrectly(q, [])).toBe(false);
  });

  it("passes at exactly the mark and not a hair below (8 of 10 at 80 %, 7 of 9 fails at 80 %)", () => {
    expect(isPassing(8, 10, 80)).toBe(true);
    expect(isPassing(7, 9, 80)).toBe(false); // 77.8 %
    expect(isPassing(3, 4, 75)).toBe(true);
    expect(isPassing(0, 0, 1)).toBe(false);
    const s = snapshotOf(80);
    const answers = correctAnswers(s);
    delete answers["a-1"];
    expect(gradeAnswers(s, answers)).toMatchObject({ scorePoints: 8, scorePercent: 88, passed: true });
    delete answers["b-1"];
    expect(gradeAnswers(s, answers)).toMatchObject({ scorePoints: 7, scorePercent: 77, passed: false });
  });

  it("property: points = questions answered exactly right; the shown percent reaches the mark iff passed", () => {
    fc.assert(
      fc.property(
        bankWithPolicyArb,
        fc.string({ minLength: 1 }),
        fc.integer({ min: 1, max: 100 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 2 })),
        ({ bank, policy }, seed, passPercent, choices) => {
          const s = buildSnapshot({
            bank,
            policy: { ...policy, passPercent },
            courseSlug: "k",
            contentVersion: "1",
            locale: "sv",
            seed,
          });
          // Per question: 0 = the key, 1 = nothing, 2 = the first option only.
          const answers: Answers = {};
          let expected = 0;
          for (const q of snapshotQuestions(s)) {
            const mode = choices.next().value as number;
            const key = q.options.filter((o) => o.correct).map((o) => o.id);
            if (mode === 0) answers[q.id] = key;
            if (mode === 2) answers[q.id] = [q.options[0]!.id];
            if (mode === 0 || (mode === 2 && key.length === 1 && key[0] === q.options[0]!.id)) expected++;
          }
          const grade = gradeAnswers(s, answers);
          expect(grade.scorePoints).toBe(expected);
          expect(grade.maxPoints).toBe(snapshotQuestions(s).length);
          expect(Object.values(grade.result).filter((r) => r.correct)).toHaveLength(expected);
          expect(grade.scorePercent >= passPercent).toBe(grade.passed);
          expect(grade.passed).toBe(expected * 100 >= passPercent * grade.maxPoints);
        },
      ),
    );
  });
});

describe("normalizeAnswers", () => {
  const s = snapshotOf();
  it("keeps valid choices sorted and deduplicated, and drops empty ones", () => {
    const raw = shownAnswers(s, { "a-2": ["d", "a", "d"], "a-1": ["c"] });
    expect(normalizeAnswers(s, { ...raw, "b-1": [] })).toEqual(shownAnswers(s, { "a-2": ["a", "d"], "a-1": ["c"] }));
  });
  it("refuses questions or options that were not shown, and two answers to a single-choice question", () => {
    expect(() => normalizeAnswers(s, { nope: [shownId(s, "a-1", "a")] })).toThrow(InvalidAnswersError);
    expect(() => normalizeAnswers(s, { "a-1": ["z"] })).toThrow(/not an option/);
    expect(() => normalizeAnswers(s, shownAnswers(s, { "a-1": ["a", "b"] }))).toThrow(/takes one answer/);
    expect(() => normalizeAnswers(s, shownAnswers(s, { "a-3": ["true", "false"] }))).toThrow(/takes one answer/);
    // Authored ids are unknown options: the browser never had them.
    expect(() => normalizeAnswers(s, { "a-1": ["c"] })).toThrow(InvalidAnswersError);
    expect(() => normalizeAnswers(s, { "a-3": ["true"] })).toThrow(/not an option/);
  });
});
