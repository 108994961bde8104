-- AlterTable
ALTER TABLE "SalesRep" ADD COLUMN "dailyCapacity" INTEGER;
ALTER TABLE "SalesRep" ADD COLUMN "timezone" TEXT;

-- AlterTable
ALTER TABLE "Account" ADD COLUMN "lifecycle" TEXT;

-- CreateTable
CREATE TABLE "SalesTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "openAccountId" TEXT,
    "ownerId" TEXT,
    "journeyWorkflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "slaDays" INTEGER NOT NULL,
    "dueAt" DATETIME,
    "reason" TEXT,
    "note" TEXT,
    "amount" REAL,
    "currency" TEXT,
    "closeDate" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" DATETIME,
    "acceptedAt" DATETIME,
    "opportunityAt" DATETIME,
    "closedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SalesTask_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SalesTask_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "SalesRep" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NegativeProposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "note" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NegativeProposal_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_EmailSend" (
    "idempotencyKey" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "contactId" TEXT,
    "salesRepId" TEXT,
    "workflowId" TEXT NOT NULL,
    "stepPath" TEXT NOT NULL,
    "templateKey" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "skipReason" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "handedOffAt" DATETIME,
    "relayWaitSince" DATETIME,
    CONSTRAINT "EmailSend_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EmailSend_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_EmailSend" ("accountId", "contactId", "createdAt", "error", "handedOffAt", "idempotencyKey", "messageId", "relayWaitSince", "sentAt", "skipReason", "status", "stepPath", "templateKey", "workflowId") SELECT "accountId", "contactId", "createdAt", "error", "handedOffAt", "idempotencyKey", "messageId", "relayWaitSince", "sentAt", "skipReason", "status", "stepPath", "templateKey", "workflowId" FROM "EmailSend";
DROP TABLE "EmailSend";
ALTER TABLE "new_EmailSend" RENAME TO "EmailSend";
CREATE UNIQUE INDEX "EmailSend_messageId_key" ON "EmailSend"("messageId");
CREATE INDEX "EmailSend_contactId_status_sentAt_idx" ON "EmailSend"("contactId", "status", "sentAt");
CREATE INDEX "EmailSend_accountId_status_sentAt_idx" ON "EmailSend"("accountId", "status", "sentAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "SalesTask_openAccountId_key" ON "SalesTask"("openAccountId");

-- CreateIndex
CREATE INDEX "SalesTask_ownerId_status_idx" ON "SalesTask"("ownerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SalesTask_accountId_seq_key" ON "SalesTask"("accountId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "NegativeProposal_taskId_key" ON "NegativeProposal"("taskId");

