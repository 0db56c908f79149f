// Periodic background jobs. Each run takes a lease row first, so with several app instances on
// one PostgreSQL only one instance runs a given job at a time.
import { hostname } from "node:os";
import { getDb } from "./db.server";
import { logger } from "./logger.server";

export type Job = {
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
  /** Run once more on graceful shutdown, after the job's last run finished (bounded; no lease). */
  drain?: () => Promise<void>;
};

const holder = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

/** Takes (or renews) the lease for `name` until `leaseMs` from now; false when another holds it. */
export async function acquireLease(name: string, leaseMs: number): Promise<boolean> {
  const db = await getDb();
  const now = new Date();
  const until = new Date(now.getTime() + leaseMs);
  // One statement: insert, or take over an expired lease (or our own). Atomic in PostgreSQL.
  const rows = await db.$queryRaw<Array<{ name: string }>>`
    INSERT INTO "JobLease" ("name", "holder", "leaseUntil", "lastRunAt")
    VALUES (${name}, ${holder}, ${until}, ${now})
    ON CONFLICT ("name") DO UPDATE SET "holder" = ${holder}, "leaseUntil" = ${until}, "lastRunAt" = ${now}
    WHERE "JobLease"."leaseUntil" < ${now} OR "JobLease"."holder" = ${holder}
    RETURNING "name"`;
  return rows.length === 1;
}

export async function releaseLease(name: string) {
  const db = await getDb();
  await db.jobLease.updateMany({ where: { name, holder }, data: { leaseUntil: new Date(0) } });
}

/** Runs a job once if this instance gets the lease. Returns whether it ran. */
export async function runExclusive(job: Job): Promise<boolean> {
  if (!(await acquireLease(job.name, Math.max(job.intervalMs, 60_000)))) return false;
  try {
    await job.run();
  } finally {
    await releaseLease(job.name);
  }
  return true;
}

/** Per job started in this process: run it now (or right after the run in progress). */
const nudges = new Map<string, () => void>();

/**
 * Asks this process to run the job `name` now instead of at its next interval, e.g. after work
 * for it was committed. A no-op when this process does not run jobs (JOBS_ENABLED=false, tests).
 */
export function nudgeJob(name: string) {
  nudges.get(name)?.();
}

export function startJobs(jobs: Job[]): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopping = false;
  for (const job of jobs) {
    // One run of a job at a time in this process; a tick during a run asks for one more after it.
    let current: Promise<unknown> | undefined;
    let again = false;
    const tick = () => {
      if (stopping) return;
      if (current) {
        again = true;
        return;
      }
      const p = runExclusive(job)
        .catch((err: unknown) => logger.error("job failed", { job: job.name, err }))
        .finally(() => {
          running.delete(p);
          current = undefined;
          if (again) {
            again = false;
            tick();
          }
        });
      current = p;
      running.add(p);
    };
    nudges.set(job.name, tick);
    timers.push(setInterval(tick, job.intervalMs));
    setTimeout(tick, 2_000).unref();
  }
  for (const t of timers) t.unref();
  return async () => {
    stopping = true;
    for (const job of jobs) nudges.delete(job.name);
    for (const t of timers) clearInterval(t);
    // A run that finishes re-adds nothing once stopping; wait until none is left.
    while (running.size) await Promise.allSettled([...running]);
    await Promise.allSettled(
      jobs
        .filter((job) => job.drain)
        .map((job) => job.drain!().catch((err: unknown) => logger.error("job drain failed", { job: job.name, err }))),
    );
  };
}
