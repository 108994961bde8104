-- CreateTable
CREATE TABLE "CrmLink" (
    "crm" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "harpoonKey" TEXT NOT NULL,
    "crmId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CrmLink_pkey" PRIMARY KEY ("crm","objectType","harpoonKey")
);

-- CreateTable
CREATE TABLE "CrmCursor" (
    "crm" TEXT NOT NULL,
    "modifiedSince" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmCursor_pkey" PRIMARY KEY ("crm")
);

-- CreateIndex
CREATE INDEX "CrmLink_crm_objectType_crmId_idx" ON "CrmLink"("crm", "objectType", "crmId");
