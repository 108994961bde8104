-- How many times an event's time changed: its calendar entries' SEQUENCE, so a calendar takes the
-- entry a move sends as an update of the one it has (RFC 5546), and a move's notices are told apart.
ALTER TABLE "Event" ADD COLUMN "sequence" INTEGER NOT NULL DEFAULT 0;
