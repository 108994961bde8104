-- CreateTable
CREATE TABLE "SalesRep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "managerId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SalesRep_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "SalesRep" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "industry" TEXT,
    "country" TEXT,
    "employeeCount" INTEGER,
    "revenueBand" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "ownerId" TEXT,
    "tier" INTEGER,
    "tierOverride" INTEGER,
    "tierReason" TEXT,
    "poolStatus" TEXT NOT NULL DEFAULT 'candidate',
    "poolReason" TEXT,
    "poolChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "score" INTEGER,
    "scoreConfidence" REAL,
    "recommendedTier" INTEGER,
    "scoreBreakdown" JSONB,
    "scoredAt" DATETIME,
    "purchasePattern" TEXT NOT NULL DEFAULT 'unknown',
    "attributes" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Account_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "SalesRep" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "firstName" TEXT,
    "lastName" TEXT,
    "title" TEXT,
    "role" TEXT NOT NULL DEFAULT 'unknown',
    "seniority" TEXT,
    "timezone" TEXT,
    "consent" TEXT NOT NULL DEFAULT 'subscribed',
    "consentSource" TEXT,
    "consentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Contact_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NegativeRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "StatusChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "oldValue" TEXT,
    "newValue" TEXT,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StatusChange_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JourneyVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "checksum" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "JourneyRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "journeyKey" TEXT NOT NULL,
    "journeyVersion" INTEGER NOT NULL,
    "accountId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "stage" TEXT,
    "step" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "exitReason" TEXT,
    CONSTRAINT "JourneyRun_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Touch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "contactId" TEXT,
    "workflowId" TEXT,
    "journeyKey" TEXT,
    "type" TEXT NOT NULL,
    "detail" JSONB,
    "idempotencyKey" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Touch_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Touch_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailSend" (
    "idempotencyKey" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stepPath" TEXT NOT NULL,
    "templateKey" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "skipReason" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "EmailSend_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EmailSend_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SalesRep_email_key" ON "SalesRep"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Account_domain_key" ON "Account"("domain");

-- CreateIndex
CREATE INDEX "Account_poolStatus_tier_idx" ON "Account"("poolStatus", "tier");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_email_key" ON "Contact"("email");

-- CreateIndex
CREATE INDEX "Contact_accountId_idx" ON "Contact"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "NegativeRule_kind_value_key" ON "NegativeRule"("kind", "value");

-- CreateIndex
CREATE INDEX "StatusChange_accountId_at_idx" ON "StatusChange"("accountId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "JourneyVersion_key_version_key" ON "JourneyVersion"("key", "version");

-- CreateIndex
CREATE UNIQUE INDEX "JourneyRun_workflowId_key" ON "JourneyRun"("workflowId");

-- CreateIndex
CREATE INDEX "JourneyRun_journeyKey_status_idx" ON "JourneyRun"("journeyKey", "status");

-- CreateIndex
CREATE INDEX "JourneyRun_accountId_idx" ON "JourneyRun"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Touch_idempotencyKey_key" ON "Touch"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Touch_accountId_at_idx" ON "Touch"("accountId", "at");

-- CreateIndex
CREATE INDEX "Touch_contactId_type_at_idx" ON "Touch"("contactId", "type", "at");

-- CreateIndex
CREATE UNIQUE INDEX "EmailSend_messageId_key" ON "EmailSend"("messageId");

-- CreateIndex
CREATE INDEX "EmailSend_contactId_status_sentAt_idx" ON "EmailSend"("contactId", "status", "sentAt");

-- CreateIndex
CREATE INDEX "EmailSend_accountId_status_sentAt_idx" ON "EmailSend"("accountId", "status", "sentAt");

