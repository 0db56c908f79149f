// How the quiz routes answer the engine's errors: an attempt or course that is not yours or does
// not exist is 404 (never 403: do not confirm it exists); answers that do not fit the attempt, 400.
import { z } from "zod";
import { slugSchema } from "~/modules/courses/course-schema";
import { QuizNotFoundError } from "./attempts.server";
import { InvalidAnswersError } from "./grading";

export function notFound(): Response {
  return new Response("Not Found", { status: 404, statusText: "Not Found" });
}

/** Runs an engine call, turning its domain errors into HTTP responses. */
export async function quizHttp<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof QuizNotFoundError) throw notFound();
    if (error instanceof InvalidAnswersError) throw new Response(error.message, { status: 400, statusText: "Bad Request" });
    throw error;
  }
}

const attemptIdSchema = z.string().regex(/^[a-z0-9]{10,40}$/);

/** The :attemptId route parameter, or 404. */
export function parseAttemptId(value: string | undefined): string {
  const parsed = attemptIdSchema.safeParse(value);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** The :slug route parameter, or 404. */
export function parseCourseSlug(value: string | undefined): string {
  const parsed = slugSchema.safeParse(value);
  if (!parsed.success) throw notFound();
  return parsed.data;
}
