// Issues the certificate for a passed quiz attempt, inside the quiz engine's grading transaction
// (so an attempt is graded and certified together, or not at all).
// OWNER: certificates module (replaces this body). The quiz engine calls it only for the one
// transaction that moved the attempt out of in_progress with passed = true.
import type { Prisma } from "~/generated/prisma/client";

export async function issueCertificateForAttempt(tx: Prisma.TransactionClient, attemptId: string): Promise<{ certificateId: string; number: string }> {
  void tx;
  void attemptId;
  throw new Error("not available");
}
