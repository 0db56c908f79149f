// Drawing a quiz from the question bank per the course's policy: for each `draw` row, entries of
// that topic whose weights (1 per question, a scenario counts its items) add up to exactly `count`.
// Random but reproducible: the same seed gives the same draw.
import type { QuizPolicy } from "~/modules/courses/course-schema";
import { entryWeight, type BankEntry, type QuestionBank } from "./question-bank-schema";
import { pickExactWeight } from "./pick-exact-weight";
import { shuffled, type Rng } from "./random";

export class QuizDrawError extends Error {
  constructor(
    readonly topic: string,
    readonly count: number,
  ) {
    super(
      `The question bank cannot fill topic "${topic}" with exactly ${count} questions (scenarios count as their items).`,
    );
    this.name = "QuizDrawError";
  }
}

export type DrawnTopic = { topic: string; entries: BankEntry[] };

/** The drawn entries per `draw` row, in policy order; within a topic in bank order. */
export function drawQuiz(bank: QuestionBank, draw: QuizPolicy["draw"], rng: Rng): DrawnTopic[] {
  const bankOrder = new Map(bank.questions.map((entry, index) => [entry, index]));
  return draw.map(({ topic, count }) => {
    const pool = bank.questions.filter((entry) => entry.topic === topic);
    const picked = pickExactWeight(shuffled(pool, rng), count, entryWeight);
    if (!picked) throw new QuizDrawError(topic, count);
    picked.sort((a, b) => bankOrder.get(a)! - bankOrder.get(b)!);
    return { topic, entries: picked };
  });
}
