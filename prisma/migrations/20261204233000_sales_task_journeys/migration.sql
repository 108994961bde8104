-- CreateTable
CREATE TABLE "SalesTaskJourney" (
    "taskId" TEXT NOT NULL,
    "journeyWorkflowId" TEXT NOT NULL,
    "joinedAt" DATETIME NOT NULL,

    PRIMARY KEY ("taskId", "journeyWorkflowId"),
    CONSTRAINT "SalesTaskJourney_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "SalesTask" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

