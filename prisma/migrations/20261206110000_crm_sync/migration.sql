-- CreateTable
CREATE TABLE "CrmLink" (
    "crm" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "harpoonKey" TEXT NOT NULL,
    "crmId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("crm", "objectType", "harpoonKey")
);

-- CreateTable
CREATE TABLE "CrmCursor" (
    "crm" TEXT NOT NULL PRIMARY KEY,
    "modifiedSince" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CrmLink_crm_objectType_crmId_idx" ON "CrmLink"("crm", "objectType", "crmId");
