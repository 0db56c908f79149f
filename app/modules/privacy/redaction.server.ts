// Removing a person's data from places that are not theirs alone: the audit chain's side records
// and webhook events still held. Used at erasure and again when an erased holder's name is
// removed from a kept certificate (events written in between, e.g. the certificate's expiry,
// may carry the name until then).
import type { Prisma } from "~/generated/prisma/client";
import { NAME_REMOVED } from "./retention";

type Client = Prisma.TransactionClient;

/**
 * THE DOCUMENTED PROCEDURE for personal data in the audit chain (README "Erasure"): the side
 * record of every entry that names the person (their id in userId/actorId, or their address in
 * the side record) is set to null. Only AuditEntry.personal changes, never seq, type, payload,
 * prevHash, hash or createdAt, so the chain verifies as before.
 */
export async function redactAuditPersonalData(
  tx: Client,
  person: { userId: string; email?: string | null },
): Promise<number> {
  return tx.$executeRaw`
    UPDATE "AuditEntry" SET "personal" = NULL
    WHERE "personal" IS NOT NULL
      AND ("payload"->>'userId' = ${person.userId} OR "payload"->>'actorId' = ${person.userId}
           OR (${person.email ?? null}::text IS NOT NULL AND strpos(lower("personal"::text), ${JSON.stringify((person.email ?? "").toLowerCase())}) > 0))`;
}

/** Replaces the holder name in webhook events still held about this person's certificates. */
export async function scrubWebhookHolderNames(tx: Client, userId: string): Promise<number> {
  return tx.$executeRaw`
    UPDATE "WebhookEvent" SET "payload" = jsonb_set("payload", '{certificate,holderName}', to_jsonb(${NAME_REMOVED.en}::text))
    WHERE "payload"->'certificate' IS NOT NULL
      AND ("payload"->>'userId' = ${userId}
           OR "payload"->'certificate'->>'number' IN (SELECT "number" FROM "Certificate" WHERE "userId" = ${userId}))`;
}
