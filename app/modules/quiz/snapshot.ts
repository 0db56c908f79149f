// The snapshot of an attempt: exactly what the learner was shown (question ids, option order,
// texts in the attempt's language), the answer key and the rules in force when it started.
// Stored with the attempt (server-only); grading and review read only the snapshot, so later
// edits to the bank never change an attempt. `learnerView` is the only projection sent to the
// browser before grading: ids and texts, nothing else. Options are kept under opaque per-attempt
// ids (option-ids.ts) since format 2; their authored ids stay in the snapshot for analysis only.
import { z } from "zod";
import { pickText, reviewPolicies, type QuizPolicy } from "~/modules/courses/course-schema";
import { drawQuiz } from "./draw";
import type { AnswerableQuestion, BankEntry, QuestionBank } from "./question-bank-schema";
import { opaqueOptionId } from "./option-ids";
import { seededRng, shuffled, type Rng } from "./random";

const snapshotOption = z.object({
  /** The id the learner's browser sees and answers carry: opaque per attempt (format 2), the authored id in format 1. */
  id: z.string(),
  /** The id in questions.json (format 2 only); never sent to the browser. */
  authoredId: z.string().optional(),
  text: z.string(),
  correct: z.boolean(),
});
const snapshotQuestion = z.object({
  id: z.string(),
  type: z.enum(["single", "multiple", "truefalse"]),
  prompt: z.string(),
  /** In the order shown. */
  options: z.array(snapshotOption).min(2),
  explanation: z.string(),
  source: z.string(),
});
const snapshotEntry = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("question"), topic: z.string(), question: snapshotQuestion }),
  z.object({
    kind: z.literal("scenario"),
    id: z.string(),
    topic: z.string(),
    case: z.string(),
    items: z.array(snapshotQuestion).min(1),
  }),
]);

export const quizSnapshotSchema = z.object({
  /** 1: options under their authored ids (attempts from before opaque ids); 2: opaque ids. */
  format: z.union([z.literal(1), z.literal(2)]),
  seed: z.string().min(1),
  courseSlug: z.string(),
  contentVersion: z.string(),
  locale: z.string(),
  passPercent: z.number().int().min(1).max(100),
  review: z.enum(reviewPolicies),
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
  /** In the order shown. */
  entries: z.array(snapshotEntry).min(1),
});
export type QuizSnapshot = z.infer<typeof quizSnapshotSchema>;
export type SnapshotQuestion = z.infer<typeof snapshotQuestion>;
export type SnapshotEntry = z.infer<typeof snapshotEntry>;

export type SnapshotInput = {
  bank: QuestionBank;
  policy: QuizPolicy;
  courseSlug: string;
  contentVersion: string;
  locale: string;
  seed: string;
};

function freezeQuestion(
  question: AnswerableQuestion,
  locale: string,
  rng: Rng,
  shuffleOptions: boolean,
  seed: string,
): SnapshotQuestion {
  // True/false keeps its natural order (Sant, Falskt): shuffling two fixed words only confuses.
  const options = shuffleOptions && question.type !== "truefalse" ? shuffled(question.options, rng) : question.options;
  const frozen = options.map((o) => ({
    id: opaqueOptionId(seed, question.id, o.id),
    authoredId: o.id,
    text: pickText(o.text, locale),
    correct: o.correct,
  }));
  // 64-bit ids of at most six options never collide in practice; if they ever did, fail loudly.
  if (new Set(frozen.map((o) => o.id)).size !== frozen.length)
    throw new Error(`opaque option ids collide in question "${question.id}"`);
  return {
    id: question.id,
    type: question.type,
    prompt: pickText(question.prompt, locale),
    options: frozen,
    explanation: pickText(question.explanation, locale),
    source: question.source,
  };
}

function freezeEntry(entry: BankEntry, locale: string, rng: Rng, shuffleOptions: boolean, seed: string): SnapshotEntry {
  if (entry.type === "scenario") {
    return {
      kind: "scenario",
      id: entry.id,
      topic: entry.topic,
      case: pickText(entry.case, locale),
      // A scenario's items keep their authored order: later items may build on earlier ones.
      items: entry.items.map((item) => freezeQuestion(item, locale, rng, shuffleOptions, seed)),
    };
  }
  const { topic, ...question } = entry;
  return { kind: "question", topic, question: freezeQuestion(question, locale, rng, shuffleOptions, seed) };
}

/**
 * Draws and orders a quiz. Deterministic: the same input (including `seed`) always gives the same
 * snapshot, so an attempt can be rebuilt from its stored seed and content version.
 */
export function buildSnapshot(input: SnapshotInput): QuizSnapshot {
  const { policy, locale } = input;
  const rng = seededRng(input.seed);
  const drawn = drawQuiz(input.bank, policy.draw, rng).flatMap((d) => d.entries);
  const ordered = policy.shuffleQuestions ? shuffled(drawn, rng) : drawn;
  return {
    format: 2,
    seed: input.seed,
    courseSlug: input.courseSlug,
    contentVersion: input.contentVersion,
    locale,
    passPercent: policy.passPercent,
    review: policy.review,
    shuffleQuestions: policy.shuffleQuestions,
    shuffleOptions: policy.shuffleOptions,
    entries: ordered.map((entry) => freezeEntry(entry, locale, rng, policy.shuffleOptions, input.seed)),
  };
}

/** Every answerable question of a snapshot in the order shown (scenario items in place). */
export function snapshotQuestions(snapshot: QuizSnapshot): SnapshotQuestion[] {
  return snapshot.entries.flatMap((e) => (e.kind === "scenario" ? e.items : [e.question]));
}

export type LearnerQuestion = {
  id: string;
  type: SnapshotQuestion["type"];
  prompt: string;
  options: Array<{ id: string; text: string }>;
};
export type LearnerEntry =
  | { kind: "question"; question: LearnerQuestion }
  | { kind: "scenario"; id: string; case: string; items: LearnerQuestion[] };

function learnerQuestion(q: SnapshotQuestion): LearnerQuestion {
  // Field by field on purpose: never spread a snapshot object into browser data.
  return { id: q.id, type: q.type, prompt: q.prompt, options: q.options.map((o) => ({ id: o.id, text: o.text })) };
}

/** What the browser may see of an ungraded attempt: prompts, option texts and opaque option ids. */
export function learnerView(snapshot: QuizSnapshot): LearnerEntry[] {
  return snapshot.entries.map((e) =>
    e.kind === "scenario"
      ? { kind: "scenario", id: e.id, case: e.case, items: e.items.map(learnerQuestion) }
      : { kind: "question", question: learnerQuestion(e.question) },
  );
}
