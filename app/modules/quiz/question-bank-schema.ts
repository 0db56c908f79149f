// The shape of content/courses/<slug>/questions.json: the question bank. Server-only data: the
// `correct` flags and explanations never reach the browser before grading.
import { z } from "zod";
import { localizedText, slugSchema, type QuizPolicy } from "~/modules/courses/course-schema";
import { pickExactWeight } from "./pick-exact-weight";

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lowercase a-z, 0-9 and hyphens");

export const optionSchema = z
  .object({ id: z.string().regex(/^[a-z0-9-]+$/), text: localizedText, correct: z.boolean() })
  .strict();

/** What an item measures: remembering a fact (recall) or applying a rule to a situation (application). */
export const questionKinds = ["recall", "application"] as const;

const questionFields = {
  id: idSchema,
  kind: z.enum(questionKinds).optional(),
  prompt: localizedText,
  options: z.array(optionSchema),
  explanation: localizedText,
  source: z.string().min(1),
};

export const answerableQuestionSchema = z
  .object({ ...questionFields, type: z.enum(["single", "multiple", "truefalse"]) })
  .strict()
  .superRefine((q, ctx) => {
    const correct = q.options.filter((o) => o.correct).length;
    const ids = q.options.map((o) => o.id);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: "custom", path: ["options"], message: "option ids must be unique" });
    if (q.type === "single" && (q.options.length < 3 || q.options.length > 5 || correct !== 1)) {
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: "a single-choice question has 3–5 options and exactly one correct",
      });
    }
    if (q.type === "multiple" && (q.options.length < 4 || q.options.length > 6 || correct < 1)) {
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: "a multiple-select question has 4–6 options and at least one correct",
      });
    }
    if (
      q.type === "truefalse" &&
      (q.options.length !== 2 || correct !== 1 || !ids.includes("true") || !ids.includes("false"))
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: 'a true/false question has exactly the options "true" and "false", one correct',
      });
    }
  });
export type AnswerableQuestion = z.infer<typeof answerableQuestionSchema>;

export const questionBankSchema = z
  .object({
    questions: z.array(
      z
        .discriminatedUnion("type", [
          z.object({ ...questionFields, topic: slugSchema, type: z.literal("single") }).strict(),
          z.object({ ...questionFields, topic: slugSchema, type: z.literal("multiple") }).strict(),
          z.object({ ...questionFields, topic: slugSchema, type: z.literal("truefalse") }).strict(),
          z
            .object({
              id: idSchema,
              topic: slugSchema,
              type: z.literal("scenario"),
              case: localizedText,
              items: z.array(answerableQuestionSchema).min(1).max(5),
            })
            .strict(),
        ])
        .superRefine((entry, ctx) => {
          if (entry.type !== "scenario") {
            const { topic: _topic, ...question } = entry;
            const result = answerableQuestionSchema.safeParse(question);
            if (!result.success) for (const issue of result.error.issues) ctx.addIssue(issue);
          }
        }),
    ),
  })
  .strict();
export type QuestionBank = z.infer<typeof questionBankSchema>;
export type BankEntry = QuestionBank["questions"][number];

/** How many answerable questions an entry contributes to a quiz (a scenario counts its items). */
export function entryWeight(entry: BankEntry): number {
  return entry.type === "scenario" ? entry.items.length : 1;
}

/** A problem of a bank against its course's quiz policy; `blocking` ones make the quiz undrawable. */
export type BankProblem = { message: string; blocking: boolean };

/**
 * Checks a bank against the course's quiz policy. Blocking problems (duplicate ids, unknown
 * topics, a topic that cannot be filled exactly) stop the quiz from starting; the others (a topic
 * pool smaller than twice its draw count: too little variety between attempts) are content errors
 * that content:check reports, while the quiz still runs.
 */
export function bankPolicyProblems(bank: QuestionBank, policy: QuizPolicy, lessonSlugs: string[]): BankProblem[] {
  const problems: BankProblem[] = [];
  const blocking = (message: string) => problems.push({ message, blocking: true });
  const thin = (message: string) => problems.push({ message, blocking: false });
  const ids = new Set<string>();
  for (const entry of bank.questions) {
    for (const id of [entry.id, ...(entry.type === "scenario" ? entry.items.map((i) => i.id) : [])]) {
      if (ids.has(id)) blocking(`question id "${id}" is used twice`);
      ids.add(id);
    }
    if (!lessonSlugs.includes(entry.topic))
      blocking(`question "${entry.id}" has topic "${entry.topic}", which is no lesson of this course`);
  }
  const quizLength = policy.draw.reduce((sum, d) => sum + d.count, 0);
  const bankSize = bank.questions.reduce((sum, e) => sum + entryWeight(e), 0);
  if (bankSize < 2 * quizLength)
    thin(`the bank holds ${bankSize} questions; the quiz draws ${quizLength}, so it needs at least ${2 * quizLength}`);
  for (const draw of policy.draw) {
    if (!lessonSlugs.includes(draw.topic))
      blocking(`the quiz draws from topic "${draw.topic}", which is no lesson of this course`);
    const available = bank.questions.filter((e) => e.topic === draw.topic).reduce((sum, e) => sum + entryWeight(e), 0);
    if (available < 2 * draw.count) {
      // Fewer than the count itself: the topic cannot be drawn at all.
      (available < draw.count ? blocking : thin)(
        `topic "${draw.topic}" has ${available} questions; it draws ${draw.count}, so it needs at least ${2 * draw.count}`,
      );
    }
    const pool = bank.questions.filter((e) => e.topic === draw.topic);
    if (available >= draw.count && pickExactWeight(pool, draw.count, entryWeight) === null) {
      blocking(
        `topic "${draw.topic}" cannot be filled with exactly ${draw.count} questions (a scenario counts as all its items)`,
      );
    }
  }
  return problems;
}

/** Every problem of a bank against its course's quiz policy, as readable messages (empty when fine). */
export function checkBankAgainstPolicy(bank: QuestionBank, policy: QuizPolicy, lessonSlugs: string[]): string[] {
  return bankPolicyProblems(bank, policy, lessonSlugs).map((p) => p.message);
}
