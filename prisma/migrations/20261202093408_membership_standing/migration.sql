-- Membership standing next to the criterion (issue 9). Existing companies keep their status and
-- dates, the decision date of an exclusion and the time of the last standing change start empty
-- (unknown), and every existing history row is a criterion flip (kind criterion).

-- AlterTable
ALTER TABLE "CriterionEvent" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'criterion',
ADD COLUMN     "membershipStatus" "MembershipStatus",
ADD COLUMN     "previousMembershipStatus" "MembershipStatus";

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "exclusionDecidedAt" TIMESTAMP(3),
ADD COLUMN     "membershipChangedAt" TIMESTAMP(3);
