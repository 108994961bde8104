-- Re-entry: how many times the account entered the journey (its workflow ID stays the same).
-- AlterTable
ALTER TABLE "JourneyRun" ADD COLUMN "entries" INTEGER NOT NULL DEFAULT 1;
