-- AlterTable
ALTER TABLE "MailOutbox" ADD COLUMN     "headers" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "remindersOptOut" BOOLEAN NOT NULL DEFAULT false;
