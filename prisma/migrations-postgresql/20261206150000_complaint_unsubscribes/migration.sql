-- A spam complaint that unsubscribes the person is an `unsubscribe` reach event, as an unsubscribe
-- is (reach/touch-events.ts): the feed trigger fires for complaint touches too.
DROP TRIGGER "Touch_reach_feed" ON "Touch";

CREATE TRIGGER "Touch_reach_feed" AFTER INSERT ON "Touch"
FOR EACH ROW WHEN (NEW."type" IN ('sales_handoff', 'sales_released', 'sales_accepted', 'sales_rejected', 'sales_reminder', 'sales_escalation', 'sales_opportunity', 'sales_won', 'sales_lost', 'event_registered', 'event_attended', 'unsubscribed', 'complained', 'rep_task_created', 'rep_task_cancelled')) EXECUTE FUNCTION "Touch_reach_feed"();
