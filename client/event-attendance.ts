// `harpoon events attendance <event> <file>` and `POST /v1/programme-events/{key}/attendance`: a
// webinar platform's attendance export (CSV or JSON rows; the columns email and attended, any others
// ignored, as exports carry many), all-or-nothing: every bad row is reported as `row N, column X`
// and nothing is written until the whole file is good.
// Each attendee and each registrant reported absent gets event_attended / event_no_show on the
// timeline and to the account's journeys (the engagement outbox), in one transaction.
import { z } from 'zod';
import type { Db } from '../db/client';
import { AccountsError } from '../accounts/accounts-error';
import { readTable, type Table } from '../accounts/read-table';
import { inTransaction } from '../accounts/transaction';
import { requiredEmail } from '../domain/accounts/fields';
import { formatRowIssue, validateRecords, type RowIssue } from '../domain/accounts/row-validation';
import { EventNotFoundError } from '../events/event-list';
import { lockEvents } from './event-registrations';
import { recordEngagementIn } from './record-engagement';

const yes = ['yes', 'y', 'true', '1', 'attended'];
const no = ['no', 'n', 'false', '0', 'absent', 'no_show'];
const attendedCell = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'boolean' ? String(v) : v),
  z.string().refine((v) => yes.includes(v) || no.includes(v), { error: (i) => `${JSON.stringify(i.input)} is not an answer, expected yes or no` }),
).transform((v) => yes.includes(v));
const rowSchema = z.object({ email: requiredEmail, attended: attendedCell });

export type AttendanceReport = { event: string; attended: number; noShow: number; unchanged: number; notRegistered: number; queued: number };

export async function importAttendance(db: Db, eventKey: string, file: string, at = new Date()): Promise<AttendanceReport> {
  return importAttendanceTable(db, eventKey, readTable(file), at);
}

/** The rows of an export already read (`table.file` names it in errors and on the timeline). */
export async function importAttendanceTable(db: Db, eventKey: string, table: Table, at = new Date()): Promise<AttendanceReport> {
  const file = table.file;
  const event = await db.event.findUnique({ where: { key: eventKey } });
  if (!event) throw new EventNotFoundError(eventKey);
  const issues: RowIssue[] = [...table.issues];
  for (const column of ['email', 'attended']) {
    if (!table.columns.includes(column)) issues.push({ column, message: 'is missing from the file, expected a column with this name in the header row' });
  }
  const { rows, issues: rowIssues } = issues.length ? { rows: [], issues: [] } : validateRecords(rowSchema, table.records);
  issues.push(...rowIssues);
  const contacts = await db.contact.findMany({ where: { email: { in: rows.map((r) => r.data.email) } }, select: { id: true, email: true, accountId: true, role: true } });
  const byEmail = new Map(contacts.map((c) => [c.email, c]));
  for (const r of rows) if (!byEmail.has(r.data.email)) issues.push({ row: r.row, column: 'email', message: `no contact ${r.data.email}, expected a contact imported with "harpoon contacts import"` });
  if (issues.length > 0) throw new AccountsError(`${file}: ${issues.length} problem(s), nothing imported`, issues.map(formatRowIssue));

  return inTransaction(db, async (tx) => {
    await lockEvents(tx, eventKey);
    const report: AttendanceReport = { event: eventKey, attended: 0, noShow: 0, unchanged: 0, notRegistered: 0, queued: 0 };
    for (const { data } of rows) {
      const contact = byEmail.get(data.email)!;
      const reg = await tx.eventRegistration.findUnique({ where: { eventId_contactId: { eventId: event.id, contactId: contact.id } } });
      const status = data.attended ? 'attended' : 'no_show';
      if (reg?.status === status) {
        report.unchanged++;
        continue;
      }
      // Absent without having registered is no news; someone who came is, registered or not.
      if (!data.attended && reg?.status !== 'registered' && reg?.status !== 'waitlisted') {
        report.notRegistered++;
        continue;
      }
      await tx.eventRegistration.upsert({
        where: { eventId_contactId: { eventId: event.id, contactId: contact.id } },
        create: { eventId: event.id, contactId: contact.id, accountId: contact.accountId, status, attendedAt: at },
        update: { status, attendedAt: at },
      });
      const type = data.attended ? 'event_attended' : 'event_no_show';
      const recorded = await recordEngagementIn(tx, contact, {
        type,
        tag: eventKey,
        at,
        source: 'attendance',
        eventId: `${type}|${eventKey}|${contact.id}`,
        detail: { eventKey, file },
      });
      report.queued += recorded.queued.length;
      if (data.attended) report.attended++;
      else report.noShow++;
    }
    return report;
  });
}
