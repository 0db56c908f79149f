// The background jobs this app runs (each module adds its own here).
import type { Job } from "~/utils/jobs.server";

export const jobs: Job[] = [];
