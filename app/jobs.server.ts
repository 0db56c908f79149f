// The background jobs this app runs (each module adds its own here).
import { closeExpiredAttempts } from "~/modules/quiz/attempts.server";
import type { Job } from "~/utils/jobs.server";

export const jobs: Job[] = [
  // Quiz attempts whose time ran out are graded on the answers saved by then (and certified if passed).
  { name: "quiz:close-expired-attempts", intervalMs: 60_000, run: async () => void (await closeExpiredAttempts()) },
];
