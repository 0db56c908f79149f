// Grading an attempt against its snapshot. One point per answerable question (a scenario's items
// each count); a multiple-select question scores only when exactly the correct options are chosen.
// The pass decision uses exact integer arithmetic: 79.9 % does not pass an 80 % mark.
import { z } from "zod";
import { InvalidInputError } from "~/utils/domain-errors";
import { snapshotQuestions, type QuizSnapshot, type SnapshotQuestion } from "./snapshot";

/** The learner's answers: question id → chosen option ids (sorted, no duplicates). */
export type Answers = Record<string, string[]>;

export const storedAnswersSchema = z.record(z.string(), z.array(z.string()));

/** Answers that do not fit the attempt (a stale page, a forged form): the route answers 400. */
export class InvalidAnswersError extends InvalidInputError {
  constructor(message: string) {
    super(message, "invalidAnswers");
    this.name = "InvalidAnswersError";
  }
}

/**
 * Checks raw answers against the snapshot and returns them normalised. Refuses (throws) answers
 * to questions or options that were not shown, and more than one choice for single/true-false.
 * Questions without a choice are simply left out.
 */
export function normalizeAnswers(snapshot: QuizSnapshot, raw: Record<string, readonly string[]>): Answers {
  const questions = new Map(snapshotQuestions(snapshot).map((q) => [q.id, q]));
  const out: Answers = {};
  for (const [questionId, choices] of Object.entries(raw)) {
    const question = questions.get(questionId);
    if (!question) throw new InvalidAnswersError(`"${questionId}" is not a question of this attempt`);
    const optionIds = new Set(question.options.map((o) => o.id));
    const unique = [...new Set(choices)];
    for (const choice of unique) {
      if (!optionIds.has(choice))
        throw new InvalidAnswersError(`"${choice}" is not an option of question "${questionId}"`);
    }
    if (question.type !== "multiple" && unique.length > 1)
      throw new InvalidAnswersError(`question "${questionId}" takes one answer`);
    if (unique.length > 0) out[questionId] = unique.sort();
  }
  return out;
}

export function isAnsweredCorrectly(question: SnapshotQuestion, chosen: readonly string[] | undefined): boolean {
  const correct = question.options.filter((o) => o.correct).map((o) => o.id);
  const picked = new Set(chosen ?? []);
  return picked.size === correct.length && correct.every((id) => picked.has(id));
}

export type QuestionOutcome = { correct: boolean };
export type Grade = {
  scorePoints: number;
  maxPoints: number;
  /** Rounded down, so the shown percentage reaches the pass mark exactly when the attempt passes. */
  scorePercent: number;
  passed: boolean;
  /** Per question id; stored with the attempt for the review. */
  result: Record<string, QuestionOutcome>;
};

/** Passing means points / max ≥ passPercent / 100, compared without rounding. */
export function isPassing(scorePoints: number, maxPoints: number, passPercent: number): boolean {
  return maxPoints > 0 && scorePoints * 100 >= passPercent * maxPoints;
}

export function gradeAnswers(snapshot: QuizSnapshot, answers: Answers): Grade {
  const questions = snapshotQuestions(snapshot);
  const result: Record<string, QuestionOutcome> = {};
  let scorePoints = 0;
  for (const question of questions) {
    const correct = isAnsweredCorrectly(question, answers[question.id]);
    result[question.id] = { correct };
    if (correct) scorePoints++;
  }
  const maxPoints = questions.length;
  return {
    scorePoints,
    maxPoints,
    scorePercent: maxPoints === 0 ? 0 : Math.floor((scorePoints * 100) / maxPoints),
    passed: isPassing(scorePoints, maxPoints, snapshot.passPercent),
    result,
  };
}
