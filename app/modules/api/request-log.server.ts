// The API request log (every call: client, route, status, duration) for Kontakta's admins.
import { getDb } from "~/utils/db.server";
import { flushAllWriteBatches } from "~/utils/write-batch.server";

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
export async function listRequestLog(input: {
  apiClientId?: string | null;
  cursor?: string | null;
  limit: number;
}): Promise<{ items: RequestLogEntry[]; nextCursor: string | null } | { error: "invalid_cursor" }> {
  if (input.cursor && !/^[1-9][0-9]{0,18}$/.test(input.cursor)) return { error: "invalid_cursor" };
  await flushAllWriteBatches(); // this process's calls so far are in the list
  const db = await getDb();
  const rows = await db.apiRequestLog.findMany({
    where: {
      ...(input.apiClientId ? { apiClientId: input.apiClientId } : {}),
      ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: {
      id: true,
      createdAt: true,
      method: true,
      route: true,
      status: true,
      durationMs: true,
      apiClient: { select: { id: true, name: true } },
    },
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ ...r, id: r.id.toString(), client: r.apiClient, apiClient: undefined })),
    nextCursor: rows.length > input.limit && last ? last.id.toString() : null,
  };
}

// Housekeeping of the request log and the webhook outbox is part of the retention table and its
// job (app/modules/privacy/retention.ts, retention.server.ts): one place for every period.
