-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "openAccountId" TEXT,
    "journeyWorkflowId" TEXT NOT NULL,
    "tier" INTEGER,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "evidence" JSONB NOT NULL,
    "deadlineAt" DATETIME,
    "decision" TEXT,
    "toTier" INTEGER,
    "reason" TEXT,
    "rule" TEXT,
    "decidedBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    CONSTRAINT "Review_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Review_openAccountId_key" ON "Review"("openAccountId");

-- CreateIndex
CREATE INDEX "Review_status_createdAt_idx" ON "Review"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Review_accountId_seq_key" ON "Review"("accountId", "seq");

