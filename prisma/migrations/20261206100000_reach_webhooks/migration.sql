-- CreateTable
CREATE TABLE "ReachFeed" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "touchId" TEXT NOT NULL,
    "fannedOutAt" DATETIME
);

-- CreateTable
CREATE TABLE "ReachTarget" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT,
    "events" TEXT NOT NULL,
    "ownerId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" DATETIME,
    CONSTRAINT "ReachTarget_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "SalesRep" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReachDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "targetId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "started" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" DATETIME,
    CONSTRAINT "ReachDelivery_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "ReachTarget" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ReachFeed_touchId_key" ON "ReachFeed"("touchId");

-- CreateIndex
CREATE INDEX "ReachFeed_fannedOutAt_seq_idx" ON "ReachFeed"("fannedOutAt", "seq");

-- CreateIndex
CREATE INDEX "ReachTarget_removedAt_idx" ON "ReachTarget"("removedAt");

-- CreateIndex
CREATE INDEX "ReachDelivery_started_createdAt_idx" ON "ReachDelivery"("started", "createdAt");

-- CreateIndex
CREATE INDEX "ReachDelivery_status_createdAt_idx" ON "ReachDelivery"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReachDelivery_eventId_targetId_key" ON "ReachDelivery"("eventId", "targetId");


-- The reach feed is written with the touch, in the same statement: a touch that is a business event
-- (reach/touch-events.ts lists the types) cannot be recorded without its feed row, whoever records
-- it. A touch recorded again under the same idempotency key inserts nothing, so it fires once.
CREATE TRIGGER "Touch_reach_feed" AFTER INSERT ON "Touch"
WHEN NEW."type" IN ('sales_handoff', 'sales_released', 'sales_accepted', 'sales_rejected', 'sales_reminder', 'sales_escalation', 'sales_opportunity', 'sales_won', 'sales_lost', 'event_registered', 'event_attended', 'unsubscribed')
BEGIN
    INSERT OR IGNORE INTO "ReachFeed" ("touchId") VALUES (NEW."id");
END;
