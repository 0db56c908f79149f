-- CreateTable
CREATE TABLE "CredentialSigningKey" (
    "publicKeyMultibase" TEXT NOT NULL,
    "firstUsedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "CredentialSigningKey_pkey" PRIMARY KEY ("publicKeyMultibase")
);

-- CreateTable
CREATE TABLE "CredentialStatusList" (
    "id" INTEGER NOT NULL,
    "credential" TEXT,
    "fingerprint" TEXT,
    "signedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CredentialStatusList_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CredentialSigningKey_retiredAt_idx" ON "CredentialSigningKey"("retiredAt");

-- Status list 1 exists from now on (its creation time is the validFrom of its first, empty version).
INSERT INTO "CredentialStatusList" ("id", "createdAt", "updatedAt") VALUES (1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING;
