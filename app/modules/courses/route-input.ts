// Input schemas for the course pages (params, query strings, forms), shared by routes and forms.
import { z } from "zod";
import { contentLanguages, slugSchema } from "./course-schema";

export const courseParamsSchema = z.object({ slug: slugSchema });
export const lessonParamsSchema = z.object({ slug: slugSchema, lesson: slugSchema });

export const catalogueQuerySchema = z.object({
  audience: z.enum(["manager", "agent"]).optional(),
  language: z.enum(contentLanguages).optional(),
});

export const courseActionSchema = z.object({ intent: z.literal("enroll") });
export const lessonActionSchema = z.object({ intent: z.enum(["complete", "uncomplete"]) });

const page = z.coerce.number().int().min(1).max(10_000).default(1);
export const searchQuerySchema = z.object({ q: z.string().trim().max(200).default(""), page });
export const learningQuerySchema = z.object({ page });

/** Query string → plain object (empty values dropped, so defaults apply). */
export function searchParamsObject(url: URL): Record<string, string> {
  return Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
}
