-- One id space for ingested events, matched or unmatched. Backfilled from both places ids lived.
-- CreateTable
CREATE TABLE "IngestedEventId" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT OR IGNORE INTO "IngestedEventId" ("id", "receivedAt") SELECT "id", "receivedAt" FROM "UnmatchedEvent";
INSERT OR IGNORE INTO "IngestedEventId" ("id", "receivedAt")
  SELECT substr("idempotencyKey", length('event|api:') + 1), "at" FROM "Touch" WHERE "idempotencyKey" LIKE 'event|api:%';
