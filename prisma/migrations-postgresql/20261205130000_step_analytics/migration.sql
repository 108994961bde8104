-- CreateTable
CREATE TABLE "StepVisit" (
    "key" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "journeyKey" TEXT NOT NULL,
    "journeyVersion" INTEGER NOT NULL,
    "accountId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "stepType" TEXT NOT NULL,
    "stepPath" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "leftAt" TIMESTAMP(3),
    "left" TEXT,
    "endReason" TEXT,

    CONSTRAINT "StepVisit_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "StepVisit_journeyKey_journeyVersion_idx" ON "StepVisit"("journeyKey", "journeyVersion");

-- CreateIndex
CREATE INDEX "StepVisit_workflowId_leftAt_idx" ON "StepVisit"("workflowId", "leftAt");

-- AddForeignKey
ALTER TABLE "StepVisit" ADD CONSTRAINT "StepVisit_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
