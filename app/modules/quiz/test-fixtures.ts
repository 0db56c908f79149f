// Test helpers for the quiz engine's unit and property tests (not used by the app): fast-check
// arbitraries for question banks with feasible policies, and a small hand-written bank.
import fc from "fast-check";
import type { QuizPolicy } from "~/modules/courses/course-schema";
import type { Answers } from "./grading";
import { authoredOptionId } from "./option-ids";
import type { AnswerableQuestion, BankEntry, QuestionBank } from "./question-bank-schema";
import { buildSnapshot, snapshotQuestions, type QuizSnapshot } from "./snapshot";

const text = (s: string) => ({ sv: `${s} (sv)`, en: `${s} (en)` });

export function makeQuestion(
  id: string,
  type: AnswerableQuestion["type"],
  optionCount: number,
  correctIndexes: number[],
): AnswerableQuestion {
  const ids =
    type === "truefalse"
      ? ["true", "false"]
      : Array.from({ length: optionCount }, (_, i) => String.fromCharCode(97 + i));
  return {
    id,
    type,
    prompt: text(`Prompt ${id}`),
    options: ids.map((o, i) => ({ id: o, text: text(`Option ${id}/${o}`), correct: correctIndexes.includes(i) })),
    explanation: text(`Explanation ${id}`),
    source: "sfs-2005-59 2 kap. 1 §",
  };
}

export const basePolicy: QuizPolicy = {
  draw: [],
  passPercent: 80,
  shuffleQuestions: true,
  shuffleOptions: true,
  attemptsPerPeriod: { max: 3, periodHours: 24 },
  cooldownMinutes: 15,
  timeLimitMinutes: 30,
  review: "full",
};

const questionArb = (id: string) =>
  fc.oneof(
    fc
      .integer({ min: 3, max: 5 })
      .chain((n) => fc.integer({ min: 0, max: n - 1 }).map((c) => makeQuestion(id, "single", n, [c]))),
    fc
      .integer({ min: 4, max: 6 })
      .chain((n) =>
        fc
          .uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n })
          .map((cs) => makeQuestion(id, "multiple", n, cs)),
      ),
    fc.integer({ min: 0, max: 1 }).map((c) => makeQuestion(id, "truefalse", 2, [c])),
  );

type TopicSpec = { singles: number; scenarioSizes: number[]; count: number };

/** A bank and a policy whose every draw row can be filled exactly (there are at least `count` plain questions). */
export const bankWithPolicyArb: fc.Arbitrary<{ bank: QuestionBank; policy: QuizPolicy }> = fc
  .array(
    fc
      .record({
        singles: fc.integer({ min: 1, max: 6 }),
        scenarioSizes: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
      })
      .chain((t) => fc.integer({ min: 1, max: t.singles }).map((count): TopicSpec => ({ ...t, count }))),
    { minLength: 1, maxLength: 4 },
  )
  .chain((topics) => {
    const entryArbs: Array<fc.Arbitrary<BankEntry>> = [];
    topics.forEach((spec, t) => {
      const topic = `topic-${t}`;
      for (let i = 0; i < spec.singles; i++)
        entryArbs.push(questionArb(`q-${t}-${i}`).map((q) => ({ ...q, topic }) as BankEntry));
      spec.scenarioSizes.forEach((size, s) => {
        const itemArbs = Array.from({ length: size }, (_, k) => questionArb(`s-${t}-${s}-${k}`));
        entryArbs.push(
          fc.tuple(...itemArbs).map((items) => ({
            id: `s-${t}-${s}`,
            topic,
            type: "scenario" as const,
            case: text(`Case ${t}/${s}`),
            items,
          })),
        );
      });
    });
    return fc
      .tuple(
        fc.shuffledSubarray(
          entryArbs.map((_, i) => i),
          { minLength: entryArbs.length },
        ),
        fc.tuple(...entryArbs),
        fc.boolean(),
        fc.boolean(),
      )
      .map(([order, entries, shuffleQuestions, shuffleOptions]) => ({
        bank: { questions: order.map((i) => entries[i]!) },
        policy: {
          ...basePolicy,
          shuffleQuestions,
          shuffleOptions,
          draw: topics.map((spec, t) => ({ topic: `topic-${t}`, count: spec.count })),
        },
      }));
  });

/** A small fixed bank: two topics, one with a two-item scenario. */
export function smallBank(): QuestionBank {
  return {
    questions: [
      { ...makeQuestion("a-1", "single", 4, [2]), topic: "alpha" },
      { ...makeQuestion("a-2", "multiple", 5, [0, 3]), topic: "alpha" },
      { ...makeQuestion("a-3", "truefalse", 2, [1]), topic: "alpha" },
      { ...makeQuestion("a-4", "single", 3, [0]), topic: "alpha" },
      {
        id: "b-scen",
        topic: "beta",
        type: "scenario",
        case: text("A case"),
        items: [makeQuestion("b-scen-1", "single", 3, [1]), makeQuestion("b-scen-2", "multiple", 4, [0, 1, 2])],
      },
      { ...makeQuestion("b-1", "single", 4, [3]), topic: "beta" },
      { ...makeQuestion("b-2", "truefalse", 2, [0]), topic: "beta" },
      { ...makeQuestion("b-3", "single", 5, [4]), topic: "beta" },
    ],
  };
}

/** A snapshot of smallBank in authored order: 4 items from alpha, all 5 from beta. */
export function smallSnapshot(policy: Partial<QuizPolicy>, seed: string): QuizSnapshot {
  return buildSnapshot({
    bank: smallBank(),
    policy: {
      ...basePolicy,
      shuffleQuestions: false,
      draw: [
        { topic: "alpha", count: 4 },
        { topic: "beta", count: 5 },
      ],
      ...policy,
    },
    courseSlug: "kurs",
    contentVersion: "1",
    locale: "sv",
    seed,
  });
}

/** The id the learner sees for an authored option of a snapshot question (its opaque id). */
export function shownId(snapshot: QuizSnapshot, questionId: string, authoredId: string): string {
  const question = snapshotQuestions(snapshot).find((q) => q.id === questionId);
  const option = question?.options.find((o) => authoredOptionId(o) === authoredId);
  if (!option) throw new Error(`no option "${authoredId}" in question "${questionId}"`);
  return option.id;
}

/** Answers written with authored option ids, as the learner's browser would send them. */
export function shownAnswers(snapshot: QuizSnapshot, authored: Answers): Answers {
  return Object.fromEntries(
    Object.entries(authored).map(([q, ids]) => [q, ids.map((id) => shownId(snapshot, q, id)).sort()]),
  );
}
