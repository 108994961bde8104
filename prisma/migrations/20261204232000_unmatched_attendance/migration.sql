-- Walk-ins: attendees of an attendance export who are not contacts, kept per event and address.
-- CreateTable
CREATE TABLE "UnmatchedAttendance" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "accountId" TEXT,
    "attended" BOOLEAN NOT NULL,
    "file" TEXT NOT NULL,
    "importedAt" DATETIME NOT NULL,
    CONSTRAINT "UnmatchedAttendance_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "UnmatchedAttendance_accountId_idx" ON "UnmatchedAttendance"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "UnmatchedAttendance_eventId_email_key" ON "UnmatchedAttendance"("eventId", "email");

