-- CreateTable
CREATE TABLE "AudienceSchedule" (
    "id" TEXT NOT NULL,
    "tier" INTEGER,
    "journeyKey" TEXT,
    "format" TEXT NOT NULL,
    "every" TEXT NOT NULL,
    "dir" TEXT NOT NULL,
    "nextRunAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AudienceSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AudienceExportRun" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "rows" INTEGER,
    "file" TEXT,
    "excluded" JSONB,
    "error" TEXT,

    CONSTRAINT "AudienceExportRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AudienceSchedule_nextRunAt_idx" ON "AudienceSchedule"("nextRunAt");

-- CreateIndex
CREATE INDEX "AudienceExportRun_scheduleId_startedAt_idx" ON "AudienceExportRun"("scheduleId", "startedAt");

-- AddForeignKey
ALTER TABLE "AudienceExportRun" ADD CONSTRAINT "AudienceExportRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "AudienceSchedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
