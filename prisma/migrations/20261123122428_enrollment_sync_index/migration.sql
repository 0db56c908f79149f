-- CreateIndex
CREATE INDEX "Enrollment_updatedAt_id_idx" ON "Enrollment"("updatedAt", "id");
