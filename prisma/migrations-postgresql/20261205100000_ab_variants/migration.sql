-- AlterTable
ALTER TABLE "EmailSend" ADD COLUMN     "variantAssignmentId" TEXT,
ADD COLUMN     "variantKey" TEXT;

-- CreateTable
CREATE TABLE "VariantAssignment" (
    "id" TEXT NOT NULL,
    "journeyKey" TEXT NOT NULL,
    "journeyVersion" INTEGER NOT NULL,
    "stepId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "variantKey" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VariantAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VariantDecision" (
    "id" TEXT NOT NULL,
    "journeyKey" TEXT NOT NULL,
    "journeyVersion" INTEGER NOT NULL,
    "stepId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "winnerKey" TEXT NOT NULL,
    "pValue" DOUBLE PRECISION NOT NULL,
    "explanation" TEXT NOT NULL,
    "figures" JSONB NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VariantDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EmailSend_variantAssignmentId_idx" ON "EmailSend"("variantAssignmentId");

-- CreateIndex
CREATE UNIQUE INDEX "VariantAssignment_journeyKey_journeyVersion_stepId_unitId_key" ON "VariantAssignment"("journeyKey", "journeyVersion", "stepId", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "VariantDecision_journeyKey_journeyVersion_stepId_key" ON "VariantDecision"("journeyKey", "journeyVersion", "stepId");

-- AddForeignKey
ALTER TABLE "EmailSend" ADD CONSTRAINT "EmailSend_variantAssignmentId_fkey" FOREIGN KEY ("variantAssignmentId") REFERENCES "VariantAssignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VariantAssignment" ADD CONSTRAINT "VariantAssignment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
