// The claim loop shared by the transactional outboxes: webhook deliveries (ADR 010) and mail
// (ADR 014). Due rows are claimed with FOR UPDATE SKIP LOCKED, and in the same statement their
// nextAttemptAt is pushed forward by the claim time and their attempt counted, so several app
// instances never work on one row at once; a row whose worker died becomes due again when the
// claim expires. The outbox decides what a claimed row means and records the result itself.
import { Prisma } from "~/generated/prisma/client";
import { getDb } from "~/utils/db.server";

/** The outbox tables: a fixed list, since the name goes into the SQL as an identifier. */
export type OutboxTable = "MailOutbox" | "WebhookDelivery";

export type OutboxClaim<Row> = {
  table: OutboxTable;
  /** The columns each claimed row returns (after the claim: `attempts` counts this attempt). */
  columns: ReadonlyArray<keyof Row & string>;
  /** How long a claimed row stays invisible to other workers. */
  claimSeconds: number;
};

const identifier = (name: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not an SQL identifier: ${name}`);
  return `"${name}"`;
};

/** Takes up to `limit` due rows for this worker and hides them from others for `claimSeconds`. */
export async function claimDueRows<Row>(claim: OutboxClaim<Row>, limit: number): Promise<Row[]> {
  const db = await getDb();
  const table = Prisma.raw(identifier(claim.table));
  const returning = Prisma.raw(claim.columns.map((c) => `o.${identifier(c)}`).join(", "));
  // Database time throughout, so instances with skewed clocks still agree on what is due.
  return db.$transaction(
    (tx) => tx.$queryRaw<Row[]>`
      UPDATE ${table} AS o
      SET "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${claim.claimSeconds}),
          "attempts" = o."attempts" + 1,
          "lastAttemptAt" = (now() AT TIME ZONE 'UTC')
      FROM (
        SELECT "id" FROM ${table}
        WHERE "status" = 'pending' AND "nextAttemptAt" <= (now() AT TIME ZONE 'UTC')
        ORDER BY "nextAttemptAt", "id"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) AS due
      WHERE o."id" = due."id"
      RETURNING ${returning}`,
  );
}

/**
 * Claims and handles due rows batch by batch until nothing is due or `maxRunMs` has passed (the
 * job's lease must outlast it). Returns how many rows were claimed. Safe to run in several
 * processes at once.
 */
export async function drainOutbox<Row>(
  claim: OutboxClaim<Row>,
  options: { batchSize: number; maxRunMs: number },
  handle: (batch: Row[]) => Promise<void>,
): Promise<number> {
  const started = Date.now();
  let claimed = 0;
  while (Date.now() - started < options.maxRunMs) {
    const batch = await claimDueRows(claim, options.batchSize);
    if (batch.length === 0) break;
    claimed += batch.length;
    await handle(batch);
  }
  return claimed;
}
