// How many processes to run, decided before any of the app loads. The build emits this module as
// an entry of its own (vite/startup-plan-entry.ts, build/server/startup-plan.js), so a cluster's
// primary, which only forks and watches the workers, reads the env without importing the app.
import { EnvError, getEnv } from "~/utils/env.server";

export type StartupPlan =
  | { ok: true; engine: "postgresql" | "embedded"; workers: number; production: boolean }
  | { ok: false; message: string };

/**
 * Parses the env once (fails fast with one line) and says how many processes to run: on
 * PostgreSQL in production, WEB_CONCURRENCY workers (default one per core); otherwise one (the
 * embedded database belongs to one process).
 */
export function startupPlan(cpuCount: number): StartupPlan {
  try {
    const env = getEnv();
    const production = env.isProduction || process.env.KA_SERVE_BUILD === "1";
    const workers = env.databaseEngine === "postgresql" && env.isProduction ? (env.WEB_CONCURRENCY ?? cpuCount) : 1;
    return { ok: true, engine: env.databaseEngine, workers, production };
  } catch (error) {
    if (error instanceof EnvError) return { ok: false, message: error.message };
    throw error;
  }
}
