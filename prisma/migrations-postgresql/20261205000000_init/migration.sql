-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "SalesRep" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "managerId" TEXT,
    "timezone" TEXT,
    "dailyCapacity" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SalesRep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "industry" TEXT,
    "country" TEXT,
    "employeeCount" INTEGER,
    "revenueBand" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "ownerId" TEXT,
    "tier" INTEGER,
    "tierOverride" INTEGER,
    "tierReason" TEXT,
    "poolStatus" TEXT NOT NULL DEFAULT 'candidate',
    "poolReason" TEXT,
    "poolChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "score" INTEGER,
    "scoreConfidence" DOUBLE PRECISION,
    "recommendedTier" INTEGER,
    "scoreBreakdown" JSONB,
    "scoredAt" TIMESTAMP(3),
    "purchasePattern" TEXT NOT NULL DEFAULT 'unknown',
    "attributes" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lifecycle" TEXT,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "firstName" TEXT,
    "lastName" TEXT,
    "title" TEXT,
    "role" TEXT NOT NULL DEFAULT 'unknown',
    "seniority" TEXT,
    "timezone" TEXT,
    "consent" TEXT NOT NULL DEFAULT 'subscribed',
    "consentSource" TEXT,
    "consentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NegativeRule" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NegativeRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatusChange" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "oldValue" TEXT,
    "newValue" TEXT,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JourneyVersion" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "checksum" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JourneyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JourneyRun" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "journeyKey" TEXT NOT NULL,
    "journeyVersion" INTEGER NOT NULL,
    "accountId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "stage" TEXT,
    "step" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "exitReason" TEXT,
    "entries" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "JourneyRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Touch" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "contactId" TEXT,
    "workflowId" TEXT,
    "journeyKey" TEXT,
    "type" TEXT NOT NULL,
    "detail" JSONB,
    "idempotencyKey" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Touch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailSend" (
    "idempotencyKey" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "contactId" TEXT,
    "salesRepId" TEXT,
    "workflowId" TEXT NOT NULL,
    "stepPath" TEXT NOT NULL,
    "templateKey" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "skipReason" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "handedOffAt" TIMESTAMP(3),
    "relayWaitSince" TIMESTAMP(3),

    CONSTRAINT "EmailSend_pkey" PRIMARY KEY ("idempotencyKey")
);

-- CreateTable
CREATE TABLE "JourneyDelivery" (
    "id" SERIAL NOT NULL,
    "workflowId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "outcome" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "JourneyDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DispatcherLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DispatcherLease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "SalesTask" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "openAccountId" TEXT,
    "ownerId" TEXT,
    "journeyWorkflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "slaDays" INTEGER NOT NULL,
    "dueAt" TIMESTAMP(3),
    "reason" TEXT,
    "note" TEXT,
    "amount" DOUBLE PRECISION,
    "currency" TEXT,
    "closeDate" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "opportunityAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SalesTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SalesTaskJourney" (
    "taskId" TEXT NOT NULL,
    "journeyWorkflowId" TEXT NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SalesTaskJourney_pkey" PRIMARY KEY ("taskId","journeyWorkflowId")
);

-- CreateTable
CREATE TABLE "NegativeProposal" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "note" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NegativeProposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cost" (
    "id" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "currency" TEXT NOT NULL,
    "journeyKey" TEXT,
    "eventKey" TEXT,
    "emails" INTEGER,
    "period" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Cost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmOpportunity" (
    "id" TEXT NOT NULL,
    "accountDomain" TEXT NOT NULL,
    "amount" DOUBLE PRECISION,
    "currency" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "closedAt" TIMESTAMP(3),
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CrmOpportunity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricSnapshot" (
    "id" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "salesRepId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IngestedEventId" (
    "id" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IngestedEventId_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnmatchedEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "email" TEXT,
    "contactRef" TEXT,
    "domain" TEXT,
    "accountId" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "properties" JSONB,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnmatchedEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "timezone" TEXT NOT NULL,
    "onlineUrl" TEXT,
    "venue" TEXT,
    "capacity" INTEGER,
    "seatsTaken" INTEGER NOT NULL DEFAULT 0,
    "targetRoles" JSONB,
    "targetSeniority" JSONB,
    "costAmount" DOUBLE PRECISION,
    "costCurrency" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventRegistration" (
    "id" SERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "invitedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMP(3),
    "waitlistedAt" TIMESTAMP(3),
    "attendedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnmatchedAttendance" (
    "id" SERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "accountId" TEXT,
    "attended" BOOLEAN NOT NULL,
    "file" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnmatchedAttendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "openAccountId" TEXT,
    "journeyWorkflowId" TEXT NOT NULL,
    "tier" INTEGER,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "evidence" JSONB NOT NULL,
    "deadlineAt" TIMESTAMP(3),
    "decision" TEXT,
    "toTier" INTEGER,
    "reason" TEXT,
    "rule" TEXT,
    "decidedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SalesRep_email_key" ON "SalesRep"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Account_domain_key" ON "Account"("domain");

-- CreateIndex
CREATE INDEX "Account_poolStatus_tier_idx" ON "Account"("poolStatus", "tier");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_email_key" ON "Contact"("email");

-- CreateIndex
CREATE INDEX "Contact_accountId_idx" ON "Contact"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "NegativeRule_kind_value_key" ON "NegativeRule"("kind", "value");

-- CreateIndex
CREATE INDEX "StatusChange_accountId_at_idx" ON "StatusChange"("accountId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "JourneyVersion_key_version_key" ON "JourneyVersion"("key", "version");

-- CreateIndex
CREATE UNIQUE INDEX "JourneyRun_workflowId_key" ON "JourneyRun"("workflowId");

-- CreateIndex
CREATE INDEX "JourneyRun_journeyKey_status_idx" ON "JourneyRun"("journeyKey", "status");

-- CreateIndex
CREATE INDEX "JourneyRun_accountId_idx" ON "JourneyRun"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Touch_idempotencyKey_key" ON "Touch"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Touch_accountId_at_idx" ON "Touch"("accountId", "at");

-- CreateIndex
CREATE INDEX "Touch_contactId_type_at_idx" ON "Touch"("contactId", "type", "at");

-- CreateIndex
CREATE INDEX "Touch_type_at_idx" ON "Touch"("type", "at");

-- CreateIndex
CREATE UNIQUE INDEX "EmailSend_messageId_key" ON "EmailSend"("messageId");

-- CreateIndex
CREATE INDEX "EmailSend_contactId_status_sentAt_idx" ON "EmailSend"("contactId", "status", "sentAt");

-- CreateIndex
CREATE INDEX "EmailSend_accountId_status_sentAt_idx" ON "EmailSend"("accountId", "status", "sentAt");

-- CreateIndex
CREATE INDEX "JourneyDelivery_deliveredAt_id_idx" ON "JourneyDelivery"("deliveredAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "JourneyDelivery_workflowId_eventId_key" ON "JourneyDelivery"("workflowId", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "SalesTask_openAccountId_key" ON "SalesTask"("openAccountId");

-- CreateIndex
CREATE INDEX "SalesTask_ownerId_status_idx" ON "SalesTask"("ownerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SalesTask_accountId_seq_key" ON "SalesTask"("accountId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "NegativeProposal_taskId_key" ON "NegativeProposal"("taskId");

-- CreateIndex
CREATE INDEX "Cost_period_idx" ON "Cost"("period");

-- CreateIndex
CREATE INDEX "CrmOpportunity_openedAt_idx" ON "CrmOpportunity"("openedAt");

-- CreateIndex
CREATE UNIQUE INDEX "MetricSnapshot_day_scope_key" ON "MetricSnapshot"("day", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "UnmatchedEvent_accountId_occurredAt_idx" ON "UnmatchedEvent"("accountId", "occurredAt");

-- CreateIndex
CREATE INDEX "UnmatchedEvent_email_idx" ON "UnmatchedEvent"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Event_key_key" ON "Event"("key");

-- CreateIndex
CREATE INDEX "EventRegistration_eventId_status_waitlistedAt_idx" ON "EventRegistration"("eventId", "status", "waitlistedAt");

-- CreateIndex
CREATE INDEX "EventRegistration_accountId_eventId_idx" ON "EventRegistration"("accountId", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "EventRegistration_eventId_contactId_key" ON "EventRegistration"("eventId", "contactId");

-- CreateIndex
CREATE INDEX "UnmatchedAttendance_accountId_idx" ON "UnmatchedAttendance"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "UnmatchedAttendance_eventId_email_key" ON "UnmatchedAttendance"("eventId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Review_openAccountId_key" ON "Review"("openAccountId");

-- CreateIndex
CREATE INDEX "Review_status_createdAt_idx" ON "Review"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Review_accountId_seq_key" ON "Review"("accountId", "seq");

-- AddForeignKey
ALTER TABLE "SalesRep" ADD CONSTRAINT "SalesRep_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "SalesRep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "SalesRep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusChange" ADD CONSTRAINT "StatusChange_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JourneyRun" ADD CONSTRAINT "JourneyRun_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Touch" ADD CONSTRAINT "Touch_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Touch" ADD CONSTRAINT "Touch_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailSend" ADD CONSTRAINT "EmailSend_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailSend" ADD CONSTRAINT "EmailSend_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SalesTask" ADD CONSTRAINT "SalesTask_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SalesTask" ADD CONSTRAINT "SalesTask_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "SalesRep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SalesTaskJourney" ADD CONSTRAINT "SalesTaskJourney_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "SalesTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NegativeProposal" ADD CONSTRAINT "NegativeProposal_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_salesRepId_fkey" FOREIGN KEY ("salesRepId") REFERENCES "SalesRep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventRegistration" ADD CONSTRAINT "EventRegistration_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventRegistration" ADD CONSTRAINT "EventRegistration_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventRegistration" ADD CONSTRAINT "EventRegistration_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnmatchedAttendance" ADD CONSTRAINT "UnmatchedAttendance_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

