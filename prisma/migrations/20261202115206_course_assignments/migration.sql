-- Course assignments with due dates (issue 13, docs/decisions/024).

-- AlterTable: the reminder opt-out. IF NOT EXISTS: the mail work adds the same column in its own
-- migration, and whichever runs first creates it.
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "remindersOptOut" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "CourseAssignment" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "membershipId" TEXT,
    "role" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "assignedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CourseAssignment_pkey" PRIMARY KEY ("id"),
    -- Exactly one target: a person (their membership) or a role.
    CONSTRAINT "CourseAssignment_one_target" CHECK (("membershipId" IS NULL) <> ("role" IS NULL)),
    CONSTRAINT "CourseAssignment_role_valid" CHECK ("role" IS NULL OR "role" IN ('manager', 'agent', 'org_admin'))
);

-- CreateTable
CREATE TABLE "CourseAssignee" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "membershipId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reminderSentAt" TIMESTAMP(3),
    "overdueSentAt" TIMESTAMP(3),

    CONSTRAINT "CourseAssignee_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CourseAssignment_organizationId_createdAt_idx" ON "CourseAssignment"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "CourseAssignment_membershipId_idx" ON "CourseAssignment"("membershipId");

-- CreateIndex
CREATE INDEX "CourseAssignment_assignedById_idx" ON "CourseAssignment"("assignedById");

-- CreateIndex
CREATE UNIQUE INDEX "CourseAssignment_organizationId_courseSlug_membershipId_key" ON "CourseAssignment"("organizationId", "courseSlug", "membershipId");

-- CreateIndex
CREATE UNIQUE INDEX "CourseAssignment_organizationId_courseSlug_role_key" ON "CourseAssignment"("organizationId", "courseSlug", "role");

-- CreateIndex
CREATE INDEX "CourseAssignee_organizationId_dueAt_idx" ON "CourseAssignee"("organizationId", "dueAt");

-- CreateIndex
CREATE INDEX "CourseAssignee_userId_organizationId_idx" ON "CourseAssignee"("userId", "organizationId");

-- CreateIndex
CREATE INDEX "CourseAssignee_reminderSentAt_dueAt_idx" ON "CourseAssignee"("reminderSentAt", "dueAt");

-- CreateIndex
CREATE INDEX "CourseAssignee_overdueSentAt_dueAt_idx" ON "CourseAssignee"("overdueSentAt", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "CourseAssignee_assignmentId_membershipId_key" ON "CourseAssignee"("assignmentId", "membershipId");

-- AddForeignKey
ALTER TABLE "CourseAssignment" ADD CONSTRAINT "CourseAssignment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseAssignment" ADD CONSTRAINT "CourseAssignment_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseAssignment" ADD CONSTRAINT "CourseAssignment_assignedById_fkey" FOREIGN KEY ("assignedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseAssignee" ADD CONSTRAINT "CourseAssignee_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "CourseAssignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseAssignee" ADD CONSTRAINT "CourseAssignee_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseAssignee" ADD CONSTRAINT "CourseAssignee_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
