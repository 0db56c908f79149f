// Rate limits stored in the database (rate-limiter-flexible's Prisma store), so a limit holds
// across every app instance sharing one PostgreSQL.
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "./db.server";

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };
export type RateLimiter = { consume: (key: string, points?: number) => Promise<RateLimitResult> };

/** `points` requests per `durationSeconds` per key; keys are namespaced by `keyPrefix`. */
export function createRateLimiter(options: { keyPrefix: string; points: number; durationSeconds: number }): RateLimiter {
  let limiter: RateLimiterPrisma | undefined;
  return {
    async consume(key, points = 1) {
      limiter ??= new RateLimiterPrisma({
        storeClient: await getDb(),
        tableName: "rateLimiterFlexible",
        keyPrefix: options.keyPrefix,
        points: options.points,
        duration: options.durationSeconds,
        clearExpiredByTimeout: false,
      });
      try {
        await limiter.consume(key, points);
        return { allowed: true };
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
        }
        throw error;
      }
    },
  };
}
