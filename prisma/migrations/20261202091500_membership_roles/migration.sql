-- Roles become a set per membership (issue 9): a company admin can also be the trained manager.
-- Every existing role is kept: each Membership and Invitation gets roles = ARRAY[role] before the
-- single-role column goes. The set is never empty and holds only OrgRole values (CHECK), and the app
-- writes it without duplicates in the order manager, agent, org_admin. A text array rather than
-- an enum array: the Prisma adapter of the embedded engine cannot bind an enum array parameter.

-- DropIndex
DROP INDEX "Membership_organizationId_role_idx";

-- AlterTable: add, fill from the old column, then require it and drop the old one.
ALTER TABLE "Invitation" ADD COLUMN "roles" TEXT[];
UPDATE "Invitation" SET "roles" = ARRAY["role"::text];
ALTER TABLE "Invitation" ALTER COLUMN "roles" SET NOT NULL,
  ADD CONSTRAINT "Invitation_roles_valid" CHECK (cardinality("roles") >= 1 AND "roles" <@ ARRAY['manager', 'agent', 'org_admin']::text[]),
  DROP COLUMN "role";

ALTER TABLE "Membership" ADD COLUMN "roles" TEXT[];
UPDATE "Membership" SET "roles" = ARRAY["role"::text];
ALTER TABLE "Membership" ALTER COLUMN "roles" SET NOT NULL,
  ADD CONSTRAINT "Membership_roles_valid" CHECK (cardinality("roles") >= 1 AND "roles" <@ ARRAY['manager', 'agent', 'org_admin']::text[]),
  DROP COLUMN "role";

-- CreateIndex
CREATE INDEX "Membership_organizationId_idx" ON "Membership"("organizationId");

-- CreateIndex: who holds the manager role (a containment query on roles).
CREATE INDEX "Membership_roles_idx" ON "Membership" USING GIN ("roles");
