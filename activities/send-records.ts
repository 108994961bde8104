// The statements every journey email runs: the attempt's read, the `sending` mark and the `sent`
// record. They run once per email on the hottest path, so they go to the database as SQL without
// Prisma's query compiler (db/direct-sql.ts), and the two marks are group-committed: the sends a
// worker runs at once share statements and one transaction, whichever mark each is at
// (db/group-commit.ts). Everything rarer (skips, bounces,
// waits for the relay) stays on the typed client in send-email.ts. The SQL is plain (quoted
// identifiers, ON CONFLICT, bound values).
import type { Db } from '../db/client';
import { selectRows, valuesList, writeAtomically, type SqlValue, type Statement } from '../db/direct-sql';
import { countedRepTaskStatuses } from '../domain/sales/rep-task';
import { touchColumns, touchRow, type TouchInput } from '../timeline/record-touch';
import type { RepTaskTouch } from './rep-task-touches';

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
  /** The account's rep tasks the caps count, created since `sinceMs`; contactId null: a task about the account. */
  repTasks: RepTaskTouch[];
};

const recordFields = ['idempotencyKey', 'contactId', 'status', 'skipReason', 'error', 'sentAt', 'handedOffAt', 'relayWaitSince'] as const;
const recordColumns = recordFields.map((f) => `"${f}"`).join(', ');

const dateOrNull = (value: unknown) => (value === null ? null : new Date(value as string));

function toSendRecord(row: Record<string, unknown>): SendRecord {
  return {
    ...(row as Omit<SendRecord, 'sentAt' | 'handedOffAt' | 'relayWaitSince'>),
    sentAt: dateOrNull(row.sentAt),
    handedOffAt: dateOrNull(row.handedOffAt),
    relayWaitSince: dateOrNull(row.relayWaitSince),
  };
}

/** Which attempt to read: the send, its account and contact, and since when the caps count. */
export type AttemptQuery = { idempotencyKey: string; accountId: string; contactId: string; sinceMs: number };

/**
 * The attempts of journey emails in one statement: for each, the account, the contact (joined only
 * while it belongs to the account), and one row for each of the account's sends that matter: this
 * send's own row and the sends the caps count (one list serves both caps; `countedStatuses` from the
 * send activity). An account without such sends gives one row with the send's columns null. The rep
 * tasks the caps count follow as rows of their own (`kind` 't'), their contact and creation in the
 * send's contact and time columns. Each row names its attempt (`n`): sends running at once read
 * together (group read in send-email.ts), one round trip for many emails.
 */
export async function loadJourneyAttempts(db: Db, queries: AttemptQuery[], countedStatuses: string[]): Promise<Attempt[]> {
  const rows = await selectRows(db, {
    sql: attemptSql(queries.length, countedStatuses.length),
    args: [
      ...queries.flatMap((q, n): SqlValue[] => [String(n), q.idempotencyKey, q.accountId, q.contactId, new Date(q.sinceMs)]),
      ...countedStatuses,
      ...countedRepTaskStatuses,
    ],
  });
  const byAttempt = queries.map((): Record<string, unknown>[] => []);
  for (const row of rows) byAttempt[Number(row.n)]!.push(row);
  return queries.map((q, n) => attemptFromRows(byAttempt[n]!, q.idempotencyKey));
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const attemptSqls = new Map<string, string>();

/** The read of `attempts` attempts with `statuses` counted statuses, built once for each size. */
function attemptSql(attempts: number, statuses: number): string {
  const size = `${attempts}/${statuses}`;
  let sql = attemptSqls.get(size);
  if (sql === undefined) {
    const accountColumns = ['poolStatus', 'name', 'industry', 'timezone'].map((f) => `a."${f}"`);
    const contactColumns = ['id', 'email', 'firstName', 'lastName', 'title', 'role', 'seniority', 'timezone', 'consent'].map((f) => `c."${f}" AS "c_${f}"`);
    const sendColumns = recordFields.map((f) => `s."${f}" AS "s_${f}"`);
    // A rep task's row: no account or contact columns, its contact and creation where a send has its own.
    const taskColumns = [...accountColumns, ...contactColumns].map(() => 'NULL').concat(recordFields.map((f) => (f === 'contactId' ? 't."contactId"' : f === 'sentAt' ? 't."createdAt"' : 'NULL')));
    sql = `WITH "attempt" ("n", "idempotencyKey", "accountId", "contactId", "since") AS (VALUES ${valuesList(attempts, '(?, ?, ?, ?, ?::timestamp)')})
          SELECT q."n", 's' AS "kind", ${[...accountColumns, ...contactColumns, ...sendColumns].join(', ')}
          FROM "attempt" q
          JOIN "Account" a ON a."id" = q."accountId"
          LEFT JOIN "Contact" c ON c."id" = q."contactId" AND c."accountId" = a."id"
          LEFT JOIN "EmailSend" s ON s."accountId" = a."id"
            AND (s."idempotencyKey" = q."idempotencyKey" OR (s."contactId" IS NOT NULL AND s."status" IN (${placeholders(statuses)}) AND s."sentAt" >= q."since"))
          UNION ALL
          SELECT q."n", 't', ${taskColumns.join(', ')}
          FROM "attempt" q
          JOIN "RepTask" t ON t."accountId" = q."accountId" AND t."status" IN (${placeholders(countedRepTaskStatuses.length)}) AND t."createdAt" >= q."since"`;
    attemptSqls.set(size, sql);
  }
  return sql;
}

function attemptFromRows(rows: Record<string, unknown>[], idempotencyKey: string): Attempt {
  const repTasks = rows.filter((r) => r.kind === 't').map((r) => ({ contactId: (r.s_contactId as string | null) ?? null, atMs: new Date(r.s_sentAt as string).getTime() }));
  const own = rows.filter((r) => r.kind === 's');
  const f = own[0] as Record<string, string | null> | undefined;
  if (!f) return { prior: null, account: null, contact: null, recent: [], repTasks };
  const sends = own
    .filter((r) => r.s_idempotencyKey !== null)
    .map((r) => toSendRecord(Object.fromEntries(recordFields.map((f) => [f, r[`s_${f}`]]))));
  const contact: AttemptContact | null =
    f.c_id === null
      ? null
      : {
          id: f.c_id!,
          email: f.c_email!,
          firstName: f.c_firstName!,
          lastName: f.c_lastName!,
          title: f.c_title!,
          role: f.c_role!,
          seniority: f.c_seniority!,
          timezone: f.c_timezone!,
          consent: f.c_consent!,
        };
  return {
    prior: sends.find((r) => r.idempotencyKey === idempotencyKey) ?? null,
    account: { poolStatus: f.poolStatus!, name: f.name!, industry: f.industry!, timezone: f.timezone! },
    contact,
    recent: sends.filter((r) => r.idempotencyKey !== idempotencyKey),
    repTasks,
  };
}

/** An internal email's own row (it reaches no contact, so no cap counts it). */
export async function loadSendRecord(db: Db, idempotencyKey: string): Promise<SendRecord | null> {
  const [row] = await selectRows(db, { sql: `SELECT ${recordColumns} FROM "EmailSend" WHERE "idempotencyKey" = ?`, args: [idempotencyKey] });
  return row ? toSendRecord(row) : null;
}

export type NewSendRow = {
  idempotencyKey: string;
  accountId: string;
  contactId: string | null;
  salesRepId: string | null;
  workflowId: string;
  stepPath: string;
  templateKey: string;
  variantAssignmentId: string | null;
  variantKey: string | null;
  messageId: string;
};

export type SendingMark = { row: NewSendRow; handedOffAt: Date };
export type SentRecord = { idempotencyKey: string; sentAt: Date; touch: TouchInput };

/** What the send path writes of one email: `sending` just before the end of the message goes to the relay, `sent` once the relay took it. */
export type SendMark = ({ kind: 'sending' } & SendingMark) | ({ kind: 'sent' } & SentRecord);

export const markedRow = (mark: SendMark) => (mark.kind === 'sending' ? mark.row.idempotencyKey : mark.idempotencyKey);

/**
 * The marks of sends running at once, all or none: the `sending` rows, and for each `sent` one the
 * row's new state and its timeline entry. The caller keeps two marks of one row out of one call
 * (group commit's `rowOf`): the statements run on one snapshot on PostgreSQL.
 */
export async function writeSendMarks(db: Db, marks: SendMark[]): Promise<void> {
  const sending = marks.filter((m) => m.kind === 'sending');
  const sent = marks.filter((m) => m.kind === 'sent');
  await writeAtomically(db, [...(sending.length > 0 ? [sendingStatement(sending)] : []), ...(sent.length > 0 ? sentStatements(sent) : [])]);
}

function sendingStatement(marks: SendingMark[]): Statement {
  const now = new Date();
  return {
    sql: `INSERT INTO "EmailSend" ("idempotencyKey", "accountId", "contactId", "salesRepId", "workflowId", "stepPath", "templateKey", "variantAssignmentId", "variantKey", "messageId", "status", "handedOffAt", "createdAt")
          VALUES ${valuesList(marks.length, 13)}
          ON CONFLICT ("idempotencyKey") DO UPDATE SET "status" = 'sending', "handedOffAt" = excluded."handedOffAt", "error" = NULL`,
    args: marks.flatMap(({ row: r, handedOffAt }): SqlValue[] => [
      r.idempotencyKey, r.accountId, r.contactId, r.salesRepId, r.workflowId, r.stepPath, r.templateKey, r.variantAssignmentId, r.variantKey, r.messageId, 'sending', handedOffAt, now,
    ]),
  };
}

/** The relay accepted the messages: each row says so and the timeline shows it. */
function sentStatements(sent: SentRecord[]): Statement[] {
  return [
    {
      sql: `WITH "sent" ("idempotencyKey", "sentAt") AS (VALUES ${valuesList(sent.length, '(?, ?::timestamp)')})
            UPDATE "EmailSend" SET "status" = 'sent', "error" = NULL,
              "sentAt" = (SELECT "sentAt" FROM "sent" WHERE "sent"."idempotencyKey" = "EmailSend"."idempotencyKey")
            WHERE "idempotencyKey" IN (SELECT "idempotencyKey" FROM "sent")`,
      args: sent.flatMap((s) => [s.idempotencyKey, s.sentAt]),
    },
    {
      sql: `INSERT INTO "Touch" (${touchColumns.map((c) => `"${c}"`).join(', ')})
            VALUES ${valuesList(sent.length, touchColumns.length)}
            ON CONFLICT ("idempotencyKey") DO NOTHING`,
      args: sent.flatMap(({ touch }) => touchRow(touch)),
    },
  ];
}
