// The shape of content/courses/<slug>/course.json (see docs/content-authoring.md).
import { z } from "zod";

export const contentLanguages = ["sv", "en", "fi"] as const;
export type ContentLanguage = (typeof contentLanguages)[number];

/** Text per language; Swedish is required, the others fall back to it. */
export const localizedText = z.object({
  sv: z.string().min(1),
  en: z.string().min(1).optional(),
  fi: z.string().min(1).optional(),
});
export type LocalizedText = z.infer<typeof localizedText>;

export const slugSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase a-z, 0-9 and single hyphens");

export const reviewPolicies = ["score-only", "wrong-only", "answers-after-pass", "full"] as const;
export type ReviewPolicy = (typeof reviewPolicies)[number];

export const quizPolicySchema = z
  .object({
    draw: z.array(z.object({ topic: slugSchema, count: z.number().int().min(1) })).min(1),
    passPercent: z.number().int().min(1).max(100),
    shuffleQuestions: z.boolean().default(true),
    shuffleOptions: z.boolean().default(true),
    attemptsPerPeriod: z.object({ max: z.number().int().min(1), periodHours: z.number().int().min(1) }),
    cooldownMinutes: z.number().int().min(0),
    timeLimitMinutes: z.number().int().min(1).nullable(),
    review: z.enum(reviewPolicies),
  })
  .strict();
export type QuizPolicy = z.infer<typeof quizPolicySchema>;

export const courseMetaSchema = z
  .object({
    slug: slugSchema,
    version: z.string().regex(/^[\w.-]+$/, "must be letters, digits, dots or hyphens"),
    title: localizedText,
    description: localizedText,
    certificateProves: localizedText,
    audience: z.enum(["manager", "agent", "all"]),
    estimatedMinutes: z.number().int().min(1),
    criterionCourse: z.boolean(),
    certificateValidityMonths: z.number().int().min(1).max(120).nullable(),
    quiz: quizPolicySchema,
  })
  .strict()
  .superRefine((course, ctx) => {
    if (course.criterionCourse && course.certificateValidityMonths === null) {
      ctx.addIssue({
        code: "custom",
        path: ["certificateValidityMonths"],
        message: "the criterion course must set its certificate validity explicitly",
      });
    }
    const topics = course.quiz.draw.map((d) => d.topic);
    const duplicate = topics.find((t, i) => topics.indexOf(t) !== i);
    if (duplicate)
      ctx.addIssue({ code: "custom", path: ["quiz", "draw"], message: `topic "${duplicate}" is drawn twice` });
  });
export type CourseMeta = z.infer<typeof courseMetaSchema>;

export const lessonFrontmatterSchema = z
  .object({
    title: z.string().min(1),
    summary: z.string().min(1),
    minutes: z.number().int().min(1),
    /** Reading time of the lesson's <Deepening> sections, which open on demand (not in `minutes`). */
    deepeningMinutes: z.number().int().min(1).optional(),
  })
  .strict();
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;

/** `01-kontakta-och-market.sv.mdx` → { order: 1, slug: "kontakta-och-market", language: "sv" } */
export function parseLessonFileName(
  fileName: string,
): { order: number; slug: string; language: ContentLanguage } | null {
  const match = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.(sv|en|fi)\.mdx$/.exec(fileName);
  if (!match) return null;
  return { order: Number(match[1]), slug: match[2]!, language: match[3] as ContentLanguage };
}

/**
 * The languages a reader gets a course in, best first: their own, then English, then Swedish
 * (every course exists in Swedish). A Finnish reader reads English before Swedish; a Swedish
 * reader gets Swedish. The site language the reader chose is `readerLanguage`.
 */
export function contentLanguageOrder(readerLanguage: string): ContentLanguage[] {
  const own = (contentLanguages as readonly string[]).includes(readerLanguage)
    ? (readerLanguage as ContentLanguage)
    : null;
  const order: ContentLanguage[] = own ? [own] : [];
  for (const next of ["en", "sv"] as const) if (!order.includes(next)) order.push(next);
  return order;
}

/** Picks the text in `language`, falling back to Swedish. */
export function pickText(text: LocalizedText, language: string): string {
  return (text as Record<string, string | undefined>)[language] ?? text.sv;
}
