-- CreateTable
CREATE TABLE "HoldoutAssignment" (
    "id" TEXT NOT NULL,
    "journeyKey" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "stratum" TEXT NOT NULL,
    "share" DOUBLE PRECISION NOT NULL,
    "seed" TEXT NOT NULL,
    "launch" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HoldoutAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HoldoutAssignment_journeyKey_group_idx" ON "HoldoutAssignment"("journeyKey", "group");

-- CreateIndex
CREATE UNIQUE INDEX "HoldoutAssignment_journeyKey_accountId_key" ON "HoldoutAssignment"("journeyKey", "accountId");

-- AddForeignKey
ALTER TABLE "HoldoutAssignment" ADD CONSTRAINT "HoldoutAssignment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
