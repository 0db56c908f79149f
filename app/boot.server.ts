// Start-up and shut-down of the app's server side, called by server/index.ts through the Remix
// server build (so it runs the same compiled modules the routes use).
import { jobs } from "~/jobs.server";
import { recordSigningKey, RetiredSigningKeyError } from "~/modules/certificates/key-registry.server";
import { getSigningKey } from "~/modules/certificates/signing-key.server";
import { getContentStore } from "~/modules/courses/content.server";
import { closeDatabase, openDatabase } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { startJobs } from "~/utils/jobs.server";
import { logger } from "~/utils/logger.server";
import { flushAllWriteBatches } from "~/utils/write-batch.server";

export class BootError extends Error {
  override name = "BootError";
}

let stopJobs: (() => Promise<void>) | undefined;

function describeDatabaseError(error: unknown): string {
  const env = getEnv();
  const err = error as NodeJS.ErrnoException & { name?: string };
  if (err?.name === "DatabaseLockedError") return err.message;
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
    const firstLine = (err?.message ?? String(error)).split("\n")[0]!.trim();
    const reason = err?.code && /^E[A-Z]+$/.test(err.code) ? `${err.code} (${firstLine})` : firstLine;
    return `Cannot open the PostgreSQL database at DATABASE_URL (${where}): ${reason}`;
  }
  return `Cannot open the embedded database in ${env.DATA_DIR}: ${err?.message ?? String(error)}`;
}

export async function boot() {
  const env = getEnv();
  const started = Date.now();
  let engine: string;
  try {
    engine = (await openDatabase()).engine;
  } catch (error) {
    throw new BootError(describeDatabaseError(error));
  }
  try {
    // Every key that ever signed stays published; a new CREDENTIAL_SIGNING_KEY retires the last one.
    await recordSigningKey(await getSigningKey());
  } catch (error) {
    if (error instanceof RetiredSigningKeyError) throw new BootError(error.message);
    throw error;
  }
  const shouldSeed = env.SEED_ON_START ?? !env.isProduction;
  if (shouldSeed && !env.isProduction) {
    const { seedIfEmpty } = await import("~/utils/seed.server");
    await seedIfEmpty();
  }
  try {
    // Loads and validates the courses now and compiles every lesson in the background, so the
    // first reader never waits for esbuild and broken content stops the start, not a page.
    getContentStore().getCatalogue();
  } catch (error) {
    throw new BootError(
      `The course content is invalid (${(error as Error).message.split("\n")[0]}); run npm run content:check`,
    );
  }
  if (env.JOBS_ENABLED) stopJobs = startJobs(jobs);
  logger.info("app ready", { engine, ms: Date.now() - started });
}

export async function shutdown() {
  await stopJobs?.();
  await flushAllWriteBatches();
  await closeDatabase();
}
