-- AlterTable
ALTER TABLE "CriterionEvent" ADD COLUMN     "actorId" TEXT;

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "name" TEXT;
