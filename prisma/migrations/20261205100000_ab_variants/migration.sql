-- CreateTable
CREATE TABLE "VariantAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "journeyKey" TEXT NOT NULL,
    "journeyVersion" INTEGER NOT NULL,
    "stepId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "variantKey" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL,
    CONSTRAINT "VariantAssignment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VariantDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "journeyKey" TEXT NOT NULL,
    "journeyVersion" INTEGER NOT NULL,
    "stepId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "winnerKey" TEXT NOT NULL,
    "pValue" REAL NOT NULL,
    "explanation" TEXT NOT NULL,
    "figures" JSONB NOT NULL,
    "decidedAt" DATETIME NOT NULL
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
    "variantAssignmentId" TEXT,
    "variantKey" TEXT,
    CONSTRAINT "EmailSend_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EmailSend_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EmailSend_variantAssignmentId_fkey" FOREIGN KEY ("variantAssignmentId") REFERENCES "VariantAssignment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_EmailSend" ("accountId", "contactId", "createdAt", "error", "handedOffAt", "idempotencyKey", "messageId", "relayWaitSince", "salesRepId", "sentAt", "skipReason", "status", "stepPath", "templateKey", "workflowId") SELECT "accountId", "contactId", "createdAt", "error", "handedOffAt", "idempotencyKey", "messageId", "relayWaitSince", "salesRepId", "sentAt", "skipReason", "status", "stepPath", "templateKey", "workflowId" FROM "EmailSend";
DROP TABLE "EmailSend";
ALTER TABLE "new_EmailSend" RENAME TO "EmailSend";
CREATE UNIQUE INDEX "EmailSend_messageId_key" ON "EmailSend"("messageId");
CREATE INDEX "EmailSend_contactId_status_sentAt_idx" ON "EmailSend"("contactId", "status", "sentAt");
CREATE INDEX "EmailSend_accountId_status_sentAt_idx" ON "EmailSend"("accountId", "status", "sentAt");
CREATE INDEX "EmailSend_variantAssignmentId_idx" ON "EmailSend"("variantAssignmentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "VariantAssignment_journeyKey_journeyVersion_stepId_unitId_key" ON "VariantAssignment"("journeyKey", "journeyVersion", "stepId", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "VariantDecision_journeyKey_journeyVersion_stepId_key" ON "VariantDecision"("journeyKey", "journeyVersion", "stepId");

