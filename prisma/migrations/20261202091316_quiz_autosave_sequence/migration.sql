-- AlterTable
ALTER TABLE "QuizAttempt" ADD COLUMN     "lastSaveSeq" BIGINT NOT NULL DEFAULT 0;
