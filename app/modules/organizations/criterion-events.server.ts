// Entry point other modules call when something that can change a company's trained-manager
// criterion happens. Runs inside the caller's transaction, so the change, its criterion events,
// audit entries and webhook outbox rows commit (or roll back) together.
// OWNER: organizations module (re-evaluates the criterion for every affected company).
import type { Prisma } from "~/generated/prisma/client";

export type CertificateChange = {
  certificateId: string;
  type: "issued" | "revoked" | "expired";
};

export async function onCertificateChanged(tx: Prisma.TransactionClient, change: CertificateChange): Promise<void> {
  void tx;
  void change;
}
