-- A handoff or a rep task that moves with its account to a new owner (handoff.reassigned,
-- rep_task.reassigned) and a rep task that expires (rep_task.expired) are reach events
-- (reach/touch-events.ts): the feed trigger fires for their touches too.
DROP TRIGGER "Touch_reach_feed";

CREATE TRIGGER "Touch_reach_feed" AFTER INSERT ON "Touch"
WHEN NEW."type" IN ('sales_handoff', 'sales_released', 'sales_accepted', 'sales_rejected', 'sales_reminder', 'sales_escalation', 'sales_opportunity', 'sales_won', 'sales_lost', 'event_registered', 'event_attended', 'unsubscribed', 'complained', 'rep_task_created', 'rep_task_cancelled', 'rep_task_expired', 'rep_task_reassigned', 'sales_task_reassigned')
BEGIN
    INSERT OR IGNORE INTO "ReachFeed" ("touchId") VALUES (NEW."id");
END;

-- Chat channels hear every rep alert (reach/chat-alerts.ts), those added before this one included.
UPDATE "ReachTarget" SET "events" = "events" || ',handoff.reassigned,rep_task.expired,rep_task.reassigned' WHERE "kind" IN ('slack', 'teams') AND "events" NOT LIKE '%handoff.reassigned%';
