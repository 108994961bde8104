-- CreateTable
CREATE TABLE "RepTask" (
    "id" TEXT NOT NULL,
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
    "dueAt" TIMESTAMP(3) NOT NULL,
    "waits" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "closedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "RepTask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RepTask_idempotencyKey_key" ON "RepTask"("idempotencyKey");

-- CreateIndex
CREATE INDEX "RepTask_ownerId_status_idx" ON "RepTask"("ownerId", "status");

-- CreateIndex
CREATE INDEX "RepTask_accountId_createdAt_idx" ON "RepTask"("accountId", "createdAt");

-- AddForeignKey
ALTER TABLE "RepTask" ADD CONSTRAINT "RepTask_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepTask" ADD CONSTRAINT "RepTask_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepTask" ADD CONSTRAINT "RepTask_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "SalesRep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

