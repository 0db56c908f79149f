// What a learner may see after grading, per the course's review policy:
//   score-only          → score and pass/fail only
//   wrong-only          → plus each question with the learner's choices, marked right or wrong
//   answers-after-pass  → the right answers and explanations once passed; wrong-only until then
//   full                → the right answers and explanations always
// Built field by field, so a level never carries data meant for a higher one.
import type { ReviewPolicy } from "~/modules/courses/course-schema";
import type { Answers, QuestionOutcome } from "./grading";
import type { QuizSnapshot, SnapshotQuestion } from "./snapshot";

export type ReviewLevel = "score" | "wrong" | "answers";

export function reviewLevel(policy: ReviewPolicy, passed: boolean): ReviewLevel {
  switch (policy) {
    case "score-only":
      return "score";
    case "wrong-only":
      return "wrong";
    case "answers-after-pass":
      return passed ? "answers" : "wrong";
    case "full":
      return "answers";
  }
}

export type ReviewOption = { id: string; text: string; chosen: boolean; correct?: boolean };
export type ReviewQuestion = {
  id: string;
  type: SnapshotQuestion["type"];
  prompt: string;
  options: ReviewOption[];
  outcome: "correct" | "wrong" | "unanswered";
  explanation?: string;
  source?: string;
};
export type ReviewEntry =
  | { kind: "question"; question: ReviewQuestion }
  | { kind: "scenario"; id: string; case: string; items: ReviewQuestion[] };
export type Review = { level: ReviewLevel; entries: ReviewEntry[] };

function reviewQuestion(
  q: SnapshotQuestion,
  level: Exclude<ReviewLevel, "score">,
  answers: Answers,
  result: Record<string, QuestionOutcome>,
): ReviewQuestion {
  const chosen = new Set(answers[q.id] ?? []);
  const outcome = result[q.id]?.correct ? "correct" : chosen.size === 0 ? "unanswered" : "wrong";
  const options = q.options.map((o): ReviewOption => {
    const option: ReviewOption = { id: o.id, text: o.text, chosen: chosen.has(o.id) };
    if (level === "answers") option.correct = o.correct;
    return option;
  });
  const question: ReviewQuestion = { id: q.id, type: q.type, prompt: q.prompt, options, outcome };
  if (level === "answers") {
    question.explanation = q.explanation;
    question.source = q.source;
  }
  return question;
}

/** The review for a graded attempt (entries empty at the "score" level). */
export function buildReview(
  snapshot: QuizSnapshot,
  answers: Answers,
  result: Record<string, QuestionOutcome>,
  passed: boolean,
): Review {
  const level = reviewLevel(snapshot.review, passed);
  if (level === "score") return { level, entries: [] };
  return {
    level,
    entries: snapshot.entries.map((e): ReviewEntry =>
      e.kind === "scenario"
        ? {
            kind: "scenario",
            id: e.id,
            case: e.case,
            items: e.items.map((q) => reviewQuestion(q, level, answers, result)),
          }
        : { kind: "question", question: reviewQuestion(e.question, level, answers, result) },
    ),
  };
}
