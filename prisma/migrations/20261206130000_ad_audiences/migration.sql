-- CreateTable
CREATE TABLE "AudienceSchedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tier" INTEGER,
    "journeyKey" TEXT,
    "format" TEXT NOT NULL,
    "every" TEXT NOT NULL,
    "dir" TEXT NOT NULL,
    "nextRunAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AudienceExportRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheduleId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME NOT NULL,
    "rows" INTEGER,
    "file" TEXT,
    "excluded" JSONB,
    "error" TEXT,
    CONSTRAINT "AudienceExportRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "AudienceSchedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AudienceSchedule_nextRunAt_idx" ON "AudienceSchedule"("nextRunAt");

-- CreateIndex
CREATE INDEX "AudienceExportRun_scheduleId_startedAt_idx" ON "AudienceExportRun"("scheduleId", "startedAt");
