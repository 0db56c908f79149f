-- The criterion's state (met / expiring / not_met) is cached and recorded, not only met / not met,
-- so that met → expiring (time alone) and expiring → met (a renewal) are changes the history and
-- the webhooks carry (issue 9). Existing companies and history rows keep what they recorded:
-- met → 'met', not met → 'not_met'. A company that is already within the expiry warning window is
-- moved to 'expiring' by the next certificate-expiry job run, which records that change (cause
-- certificate_expiring) and sends one criterion.changed event, so integrators hear of it.

-- CreateEnum
CREATE TYPE "CriterionState" AS ENUM ('met', 'expiring', 'not_met');

-- AlterTable
ALTER TABLE "CriterionEvent" ADD COLUMN     "status" "CriterionState";
UPDATE "CriterionEvent" SET "status" = CASE WHEN "met" THEN 'met'::"CriterionState" ELSE 'not_met'::"CriterionState" END;
ALTER TABLE "CriterionEvent" ALTER COLUMN "status" SET NOT NULL;

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "criterionStatus" "CriterionState" NOT NULL DEFAULT 'not_met';
UPDATE "Organization" SET "criterionStatus" = 'met' WHERE "criterionMet";
