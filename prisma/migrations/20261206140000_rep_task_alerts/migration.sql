-- A rep task made or cancelled is a reach event (rep_task.created, rep_task.cancelled): the feed
-- trigger fires for their touches too.
DROP TRIGGER "Touch_reach_feed";

CREATE TRIGGER "Touch_reach_feed" AFTER INSERT ON "Touch"
WHEN NEW."type" IN ('sales_handoff', 'sales_released', 'sales_accepted', 'sales_rejected', 'sales_reminder', 'sales_escalation', 'sales_opportunity', 'sales_won', 'sales_lost', 'event_registered', 'event_attended', 'unsubscribed', 'rep_task_created', 'rep_task_cancelled')
BEGIN
    INSERT OR IGNORE INTO "ReachFeed" ("touchId") VALUES (NEW."id");
END;

-- Chat channels hear every rep alert (reach/chat-alerts.ts), those added before this one included.
UPDATE "ReachTarget" SET "events" = "events" || ',rep_task.created,rep_task.cancelled' WHERE "kind" IN ('slack', 'teams') AND "events" NOT LIKE '%rep_task.%';
