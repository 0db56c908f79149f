-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "personal" JSONB;

-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN     "holderErasedAt" TIMESTAMP(3),
ADD COLUMN     "holderNameRemoveAt" TIMESTAMP(3),
ADD COLUMN     "holderNameRemovedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "erasedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Certificate_holderNameRemoveAt_idx" ON "Certificate"("holderNameRemoveAt");
