-- AlterTable
ALTER TABLE "Contact" ADD COLUMN "erasedAt" DATETIME;

-- CreateTable
CREATE TABLE "Suppression" (
    "emailHash" TEXT NOT NULL PRIMARY KEY,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
