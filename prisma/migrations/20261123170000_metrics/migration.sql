-- CreateTable
CREATE TABLE "Cost" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "amount" REAL NOT NULL,
    "currency" TEXT NOT NULL,
    "journeyKey" TEXT,
    "eventKey" TEXT,
    "emails" INTEGER,
    "period" TEXT,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CrmOpportunity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountDomain" TEXT NOT NULL,
    "amount" REAL,
    "currency" TEXT,
    "openedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "closedAt" DATETIME,
    "importedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MetricSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "day" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Cost_period_idx" ON "Cost"("period");

-- CreateIndex
CREATE INDEX "CrmOpportunity_openedAt_idx" ON "CrmOpportunity"("openedAt");

-- CreateIndex
CREATE UNIQUE INDEX "MetricSnapshot_day_scope_key" ON "MetricSnapshot"("day", "scope");

-- CreateIndex
CREATE INDEX "Touch_type_at_idx" ON "Touch"("type", "at");

