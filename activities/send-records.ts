// The statements every journey email runs: the attempt's read, the `sending` mark and the `sent`
// record. They are written in SQL because they run once per email on the hottest path: through
// Prisma's query compiler each costs 0.5–1.4 ms of CPU, as raw statements 0.1–0.4 ms
// (`npm run bench -- send`). Everything rarer (skips, bounces, waits for the relay) stays on the
// typed client in send-email.ts. The SQL is plain (quoted identifiers, ON CONFLICT) and binds
// every value, so it reads the same on SQLite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import type { TouchInput } from './touches';

/** What an attempt needs of its own EmailSend row and of the rows the caps count. */
export type SendRecord = {
  idempotencyKey: string;
  contactId: string | null;
  status: string;
  skipReason: string | null;
  error: string | null;
  sentAt: Date | null;
  handedOffAt: Date | null;
  relayWaitSince: Date | null;
};

export type AttemptAccount = { poolStatus: string; name: string; industry: string | null; timezone: string };

export type AttemptContact = {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  role: string;
  seniority: string | null;
  timezone: string | null;
  consent: string;
};

export type Attempt = {
  prior: SendRecord | null;
  account: AttemptAccount | null;
  /** Only while the contact is still in this account. */
  contact: AttemptContact | null;
  /** Sends to the account's contacts that count toward the caps since `sinceMs`, this one excluded. */
  recent: SendRecord[];
};

const recordColumns = Prisma.sql`"idempotencyKey", "contactId", "status", "skipReason", "error", "sentAt", "handedOffAt", "relayWaitSince"`;

/**
 * One journey email's attempt in two statements: the account with the contact (joined only while
 * it belongs to the account), then this send's own row with the sends the caps count (one list
 * serves both caps; `countedStatuses` from the send activity).
 */
export async function loadJourneyAttempt(
  db: Db,
  q: { idempotencyKey: string; accountId: string; contactId: string; sinceMs: number; countedStatuses: string[] },
): Promise<Attempt> {
  const [found] = await db.$queryRaw<(AttemptAccount & { [K in keyof AttemptContact as `c_${K}`]: AttemptContact[K] | null })[]>`
    SELECT a."poolStatus", a."name", a."industry", a."timezone",
           c."id" AS "c_id", c."email" AS "c_email", c."firstName" AS "c_firstName", c."lastName" AS "c_lastName",
           c."title" AS "c_title", c."role" AS "c_role", c."seniority" AS "c_seniority", c."timezone" AS "c_timezone",
           c."consent" AS "c_consent"
    FROM "Account" a LEFT JOIN "Contact" c ON c."id" = ${q.contactId} AND c."accountId" = a."id"
    WHERE a."id" = ${q.accountId}`;
  if (!found) return { prior: null, account: null, contact: null, recent: [] };
  const sends = await db.$queryRaw<SendRecord[]>`
    SELECT ${recordColumns} FROM "EmailSend"
    WHERE "accountId" = ${q.accountId}
      AND ("idempotencyKey" = ${q.idempotencyKey}
           OR ("contactId" IS NOT NULL AND "status" IN (${Prisma.join(q.countedStatuses)}) AND "sentAt" >= ${new Date(q.sinceMs)}))`;
  const { poolStatus, name, industry, timezone } = found;
  const contact =
    found.c_id === null
      ? null
      : {
          id: found.c_id,
          email: found.c_email!,
          firstName: found.c_firstName,
          lastName: found.c_lastName,
          title: found.c_title,
          role: found.c_role!,
          seniority: found.c_seniority,
          timezone: found.c_timezone,
          consent: found.c_consent!,
        };
  return {
    prior: sends.find((r) => r.idempotencyKey === q.idempotencyKey) ?? null,
    account: { poolStatus, name, industry, timezone },
    contact,
    recent: sends.filter((r) => r.idempotencyKey !== q.idempotencyKey),
  };
}

/** An internal email's own row (it reaches no contact, so no cap counts it). */
export async function loadSendRecord(db: Db, idempotencyKey: string): Promise<SendRecord | null> {
  const [row] = await db.$queryRaw<SendRecord[]>`SELECT ${recordColumns} FROM "EmailSend" WHERE "idempotencyKey" = ${idempotencyKey}`;
  return row ?? null;
}

export type NewSendRow = {
  idempotencyKey: string;
  accountId: string;
  contactId: string | null;
  salesRepId: string | null;
  workflowId: string;
  stepPath: string;
  templateKey: string;
  messageId: string;
};

/** The durable mark written just before the end of the message goes to the relay. */
export async function markSending(db: Db, row: NewSendRow, handedOffAt: Date): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "EmailSend" ("idempotencyKey", "accountId", "contactId", "salesRepId", "workflowId", "stepPath", "templateKey", "messageId", "status", "handedOffAt", "createdAt")
    VALUES (${row.idempotencyKey}, ${row.accountId}, ${row.contactId}, ${row.salesRepId}, ${row.workflowId}, ${row.stepPath}, ${row.templateKey}, ${row.messageId}, 'sending', ${handedOffAt}, ${new Date()})
    ON CONFLICT ("idempotencyKey") DO UPDATE SET "status" = 'sending', "handedOffAt" = excluded."handedOffAt", "error" = NULL`;
}

/** The relay accepted the message: the row says so and the timeline shows it, together or not at all. */
export async function markSent(db: Db, idempotencyKey: string, sentAt: Date, touch: TouchInput): Promise<void> {
  await db.$transaction([
    db.$executeRaw`UPDATE "EmailSend" SET "status" = 'sent', "sentAt" = ${sentAt}, "error" = NULL WHERE "idempotencyKey" = ${idempotencyKey}`,
    // The typed client would make a cuid; any unique id does, the timeline orders by time first.
    db.$executeRaw`
      INSERT INTO "Touch" ("id", "accountId", "contactId", "workflowId", "journeyKey", "type", "detail", "idempotencyKey", "at")
      VALUES (${randomUUID()}, ${touch.accountId}, ${touch.contactId ?? null}, ${touch.workflowId ?? null}, ${touch.journeyKey ?? null}, ${touch.type},
              ${touch.detail === undefined ? null : JSON.stringify(touch.detail)}, ${touch.idempotencyKey}, ${touch.at})
      ON CONFLICT ("idempotencyKey") DO NOTHING`,
  ]);
}
