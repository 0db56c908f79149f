// Rate limits stored in the database (the RateLimiterFlexible table), so a limit holds across
// every app instance sharing one PostgreSQL (docs/decisions/005, 029).
//
// One statement per check: an INSERT … ON CONFLICT that starts a window, adds to the current one
// or starts a new one when the old has expired, and returns the count, atomically (the row lock
// orders concurrent checks from any instance). rate-limiter-flexible's Prisma store needed two or
// three queries through the ORM per check (a delete of an expired row, then an upsert), which was
// a large part of a certification API call's cost.
import { getDb } from "./db.server";

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type RateLimiter = { consume: (key: string, points?: number) => Promise<RateLimitResult> };

/** `points` requests per `durationSeconds` per key; keys are namespaced by `keyPrefix`. */
export function createRateLimiter(options: {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}): RateLimiter {
  return {
    async consume(key, points = 1) {
      const db = await getDb();
      // Times as UTC wall-clock timestamps, as Prisma writes DateTime into the timestamp column,
      // whatever the connection's time zone.
      const now = new Date().toISOString();
      const seconds = options.durationSeconds;
      // The same key format as rate-limiter-flexible used ("prefix:key"), so rows written before
      // this change keep counting.
      const [row] = await db.$queryRaw<Array<{ points: number; msLeft: number | null }>>`
        WITH t AS (SELECT ${now}::timestamptz AT TIME ZONE 'UTC' AS now)
        INSERT INTO "RateLimiterFlexible" AS r ("key", "points", "expire")
        SELECT ${`${options.keyPrefix}:${key}`}, ${points}::int, t.now + make_interval(secs => ${seconds}::int) FROM t
        ON CONFLICT ("key") DO UPDATE SET
          "points" = CASE WHEN r."expire" IS NOT NULL AND r."expire" <= (SELECT now FROM t) THEN EXCLUDED."points"
                          ELSE r."points" + EXCLUDED."points" END,
          "expire" = CASE WHEN r."expire" IS NOT NULL AND r."expire" <= (SELECT now FROM t) THEN EXCLUDED."expire"
                          ELSE r."expire" END
        RETURNING r."points", (EXTRACT(EPOCH FROM (r."expire" - (SELECT now FROM t))) * 1000)::float8 AS "msLeft"`;
      if (!row) throw new Error("rate limit: the upsert returned no row");
      if (row.points <= options.points) return { allowed: true };
      const msLeft = row.msLeft ?? seconds * 1000;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) };
    },
  };
}
