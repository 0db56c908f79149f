// Route parameters of the quiz pages, through parseParams (app/utils/http.server.ts): an id that
// cannot be an attempt's is a 404 before anything is looked up. The course pages' :slug is
// courseParamsSchema (app/modules/courses/route-input.ts).
import { z } from "zod";

export const attemptParamsSchema = z.object({ attemptId: z.string().regex(/^[a-z0-9]{10,40}$/) });
