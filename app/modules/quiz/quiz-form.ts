// The quiz form, shared by the page and its action: one radio group or checkbox group per question,
// named `q:<questionId>`, a button `intent` = save | submit, and for autosaves a sequence number
// `seq`. Works as a plain HTML form.
import { z } from "zod";

export const QUESTION_FIELD_PREFIX = "q:";

export function questionFieldName(questionId: string): string {
  return `${QUESTION_FIELD_PREFIX}${questionId}`;
}

const id = z.string().min(1).max(100);

export const quizFormSchema = z.object({
  intent: z.enum(["save", "submit"], { message: "intent must be save or submit" }),
  /** The browser numbers its autosaves (increasing); the plain form's save button sends none. */
  seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  answers: z
    .record(id, z.array(id).max(10))
    .refine((answers) => Object.keys(answers).length <= 200, "too many questions"),
});
export type QuizForm = z.infer<typeof quizFormSchema>;

/** Reads the posted quiz form into { intent, answers }; validation via quizFormSchema. */
export function parseQuizForm(formData: FormData) {
  const answers: Record<string, string[]> = {};
  for (const [name, value] of formData.entries()) {
    if (!name.startsWith(QUESTION_FIELD_PREFIX) || typeof value !== "string") continue;
    (answers[name.slice(QUESTION_FIELD_PREFIX.length)] ??= []).push(value);
  }
  const seq = formData.get("seq");
  return quizFormSchema.safeParse({
    intent: formData.get("intent"),
    seq: typeof seq === "string" && seq !== "" ? seq : undefined,
    answers,
  });
}
