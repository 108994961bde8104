-- The amount an opportunity was opened at, apart from the latest amount of the deal: a deal won at
-- another amount changed the pipeline after the fact. Tasks before this kept one amount, which for
-- an opportunity still open is the one it opened at, and for a closed deal the best there is.
ALTER TABLE "SalesTask" ADD COLUMN "opportunityAmount" REAL;
UPDATE "SalesTask" SET "opportunityAmount" = "amount" WHERE "opportunityAt" IS NOT NULL;
