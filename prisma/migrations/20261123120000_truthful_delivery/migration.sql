-- Delivery that records only what the relay accepted (issue 8).
ALTER TABLE "EmailSend" ADD COLUMN "handedOffAt" DATETIME;
ALTER TABLE "EmailSend" ADD COLUMN "relayWaitSince" DATETIME;

-- Before this change `failed` meant "a soft SMTP failure, retry": such sends are still being
-- retried by their activities, and are now called `queued`; `failed` is final from here on.
UPDATE "EmailSend" SET "status" = 'queued' WHERE "status" = 'failed';
