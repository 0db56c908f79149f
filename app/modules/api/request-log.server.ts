// The API request log (every call: client, route, status, duration) for Kontakta's admins, and
// housekeeping that keeps the log and the webhook outbox from growing without bound.
import { getDb } from "~/utils/db.server";

export type RequestLogEntry = {
  id: string;
  createdAt: Date;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  client: { id: string; name: string } | null;
};

/** Newest first; the cursor is the last id seen (ids only grow). */
export async function listRequestLog(input: { apiClientId?: string | null; cursor?: string | null; limit: number }): Promise<
  { items: RequestLogEntry[]; nextCursor: string | null } | { error: "invalid_cursor" }
> {
  if (input.cursor && !/^[1-9][0-9]{0,18}$/.test(input.cursor)) return { error: "invalid_cursor" };
  const db = await getDb();
  const rows = await db.apiRequestLog.findMany({
    where: {
      ...(input.apiClientId ? { apiClientId: input.apiClientId } : {}),
      ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: { id: true, createdAt: true, method: true, route: true, status: true, durationMs: true, apiClient: { select: { id: true, name: true } } },
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ ...r, id: r.id.toString(), client: r.apiClient, apiClient: undefined })),
    nextCursor: rows.length > input.limit && last ? last.id.toString() : null,
  };
}

export const RETENTION_DAYS = 180;

/** Drops request-log rows and settled webhook events older than RETENTION_DAYS. */
export async function pruneApiHistory(now = new Date()): Promise<{ requests: number; events: number }> {
  const db = await getDb();
  const before = new Date(now.getTime() - RETENTION_DAYS * 86_400_000);
  const requests = await db.apiRequestLog.deleteMany({ where: { createdAt: { lt: before } } });
  // An event goes once none of its deliveries is still pending (deliveries cascade with it).
  const events = await db.webhookEvent.deleteMany({ where: { createdAt: { lt: before }, deliveries: { none: { status: "pending" } } } });
  return { requests: requests.count, events: events.count };
}
