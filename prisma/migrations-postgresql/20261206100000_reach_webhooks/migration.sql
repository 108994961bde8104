-- CreateTable
CREATE TABLE "ReachFeed" (
    "seq" SERIAL NOT NULL,
    "touchId" TEXT NOT NULL,
    "fannedOutAt" TIMESTAMP(3),

    CONSTRAINT "ReachFeed_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "ReachTarget" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT,
    "events" TEXT NOT NULL,
    "ownerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "ReachTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReachDelivery" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "ReachDelivery_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ReachTarget" ADD CONSTRAINT "ReachTarget_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "SalesRep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReachDelivery" ADD CONSTRAINT "ReachDelivery_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "ReachTarget"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The reach feed is written with the touch, in the same statement: a touch that is a business event
-- (reach/touch-events.ts lists the types) cannot be recorded without its feed row, whoever records
-- it. A touch recorded again under the same idempotency key inserts nothing (an upsert that finds
-- the row fires no AFTER INSERT trigger), so it fires once. The body's semicolons are written \073:
-- the migration runner splits statements at every semicolon, even one inside quotes.
CREATE FUNCTION "Touch_reach_feed"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN INSERT INTO "ReachFeed" ("touchId") VALUES (NEW."id") ON CONFLICT DO NOTHING\073 RETURN NEW\073 END';

CREATE TRIGGER "Touch_reach_feed" AFTER INSERT ON "Touch"
FOR EACH ROW WHEN (NEW."type" IN ('sales_handoff', 'sales_released', 'sales_accepted', 'sales_rejected', 'sales_reminder', 'sales_escalation', 'sales_opportunity', 'sales_won', 'sales_lost', 'event_registered', 'event_attended', 'unsubscribed')) EXECUTE FUNCTION "Touch_reach_feed"();
