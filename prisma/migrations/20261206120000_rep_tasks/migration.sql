-- CreateTable
CREATE TABLE "RepTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "idempotencyKey" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "contactId" TEXT,
    "ownerId" TEXT,
    "workflowId" TEXT NOT NULL,
    "journeyKey" TEXT NOT NULL,
    "stepPath" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "instructions" TEXT,
    "timeZone" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "waits" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "closedById" TEXT,
    "createdAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    CONSTRAINT "RepTask_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RepTask_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RepTask_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "SalesRep" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "RepTask_idempotencyKey_key" ON "RepTask"("idempotencyKey");

-- CreateIndex
CREATE INDEX "RepTask_ownerId_status_idx" ON "RepTask"("ownerId", "status");

-- CreateIndex
CREATE INDEX "RepTask_accountId_createdAt_idx" ON "RepTask"("accountId", "createdAt");

