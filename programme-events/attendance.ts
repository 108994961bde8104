// `harpoon events attendance <event> <file>` and `POST /v1/programme-events/{key}/attendance`: a
// webinar platform's attendance export (CSV or JSON rows; the columns email and attended, any others
// ignored, as exports carry many), all-or-nothing for malformed rows: every bad row is reported as
// `row N, column X` and nothing is written until the whole file is good.
// Each attendee and each registrant reported absent gets event_attended / event_no_show on the
// timeline and to the account's journeys (the engagement outbox), in one transaction. Attendees who
// are not contacts (walk-ins; real exports almost always have some) do not refuse the file: they are
// reported by row and kept as unmatched attendance, as unmatched engagement is kept. A later export
// of the same event supersedes the earlier one for the people it lists (a correction, absent →
// present); a waitlisted invitee reported absent never had a seat, so is no no-show. An export for
// an event that has not begun is refused (409).
import { z } from 'zod';
import type { Db, Tx } from '../db/client';
import { conflict, invalid } from '../domain/use-case-error';
import { shortInZone } from '../domain/time/zone-time';
import { readTable, type Table } from '../accounts/read-table';
import { inTransaction } from '../db/transaction';
import { requiredEmail } from '../domain/accounts/fields';
import { normaliseDomain } from '../domain/accounts/domain-name';
import { formatRowIssue, validateRecords, type RowIssue } from '../domain/accounts/row-validation';
import { attendanceChange } from '../domain/programme-events/attendance-change';
import type { RegistrationStatus } from '../domain/programme-events/vocabulary';
import { eventNotFound } from './event-list';
import { lockEvents } from './registrations';
import { recordEngagementIn } from '../engagement/record-engagement';

const yes = ['yes', 'y', 'true', '1', 'attended'];
const no = ['no', 'n', 'false', '0', 'absent', 'no_show'];
const attendedCell = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'boolean' ? String(v) : v),
  z.string().refine((v) => yes.includes(v) || no.includes(v), { error: (i) => `${JSON.stringify(i.input)} is not an answer, expected yes or no` }),
).transform((v) => yes.includes(v));
export const attendanceRowSchema = z.object({ email: requiredEmail, attended: attendedCell });

/** A row whose address is no contact's: reported, and kept as unmatched attendance. */
export type UnmatchedAttendee = { row: number; email: string; attended: boolean };

export type AttendanceReport = {
  event: string;
  attended: number;
  noShow: number;
  unchanged: number;
  /** Reported absent without having had a seat (invited, declined, or still waitlisted): no news. */
  notRegistered: number;
  /** Walk-ins: rows of people who are not contacts, in file order. */
  unmatched: UnmatchedAttendee[];
  queued: number;
};

export async function importAttendance(db: Db, eventKey: string, file: string, at = new Date()): Promise<AttendanceReport> {
  return importAttendanceTable(db, eventKey, readTable(file), at);
}

/** The rows of an export already read (`table.file` names it in errors and on the timeline). */
export async function importAttendanceTable(db: Db, eventKey: string, table: Table, at = new Date()): Promise<AttendanceReport> {
  const file = table.file;
  const event = await db.event.findUnique({ where: { key: eventKey } });
  if (!event) throw eventNotFound(eventKey);
  if (event.startsAt > at) {
    // Nobody has attended yet: most likely another event's export. Taken, its yeses would count as
    // attendance (engagement, perhaps a handoff to sales) for an event that has not happened.
    throw conflict(
      `${file}: ${eventKey} begins ${shortInZone(event.startsAt.getTime(), event.timezone)} (${event.timezone}), so nobody has attended it yet; ` +
        'import its attendance once it has begun, and check that this export is of this event ("harpoon programme-events list")',
    );
  }
  const issues: RowIssue[] = [...table.issues];
  for (const column of ['email', 'attended']) {
    if (!table.columns.includes(column)) issues.push({ column, message: 'is missing from the file, expected a column with this name in the header row' });
  }
  const { rows, issues: rowIssues } = issues.length ? { rows: [], issues: [] } : validateRecords(attendanceRowSchema, table.records);
  issues.push(...rowIssues, ...contradictions(rows));
  if (issues.length > 0) throw invalid(`${file}: ${issues.length} problem(s), nothing imported`, issues.map(formatRowIssue));
  const contacts = await db.contact.findMany({ where: { email: { in: rows.map((r) => r.data.email) } }, select: { id: true, email: true, accountId: true, role: true } });
  const byEmail = new Map(contacts.map((c) => [c.email, c]));

  return inTransaction(db, async (tx) => {
    await lockEvents(tx, eventKey);
    const report: AttendanceReport = { event: eventKey, attended: 0, noShow: 0, unchanged: 0, notRegistered: 0, unmatched: [], queued: 0 };
    for (const { row, data } of rows) {
      const contact = byEmail.get(data.email);
      if (!contact) {
        report.unmatched.push({ row, email: data.email, attended: data.attended });
        await keepUnmatched(tx, event.id, { email: data.email, attended: data.attended, file, at });
        continue;
      }
      const reg = await tx.eventRegistration.findUnique({ where: { eventId_contactId: { eventId: event.id, contactId: contact.id } } });
      const change = attendanceChange((reg?.status ?? null) as RegistrationStatus | null, data.attended);
      // kept_attended changes nothing either (see domain/programme-events/attendance-change.ts), so it counts as unchanged.
      if (change === 'unchanged' || change === 'kept_attended') report.unchanged++;
      if (change === 'not_registered') report.notRegistered++;
      if (change === 'unchanged' || change === 'kept_attended' || change === 'not_registered') continue;
      const status = change;
      await tx.eventRegistration.upsert({
        where: { eventId_contactId: { eventId: event.id, contactId: contact.id } },
        create: { eventId: event.id, contactId: contact.id, accountId: contact.accountId, status, attendedAt: at },
        update: { status, attendedAt: at },
      });
      const type = status === 'attended' ? 'event_attended' : 'event_no_show';
      const recorded = await recordEngagementIn(tx, contact, {
        type,
        tag: eventKey,
        at,
        source: 'attendance',
        eventId: `${type}|${eventKey}|${contact.id}`,
        detail: { eventKey, file, ...(reg?.status === 'attended' || reg?.status === 'no_show' ? { supersedes: reg.status } : {}) },
      });
      report.queued += recorded.queued.length;
      if (status === 'attended') report.attended++;
      else report.noShow++;
    }
    return report;
  }, { locksFirst: true });
}

/** Rows that answer otherwise for an address an earlier row answered: which answer is true is not for Harpoon to pick. */
function contradictions(rows: readonly { row: number; data: { email: string; attended: boolean } }[]): RowIssue[] {
  const first = new Map<string, { row: number; attended: boolean }>();
  const issues: RowIssue[] = [];
  for (const { row, data } of rows) {
    const earlier = first.get(data.email);
    if (!earlier) first.set(data.email, { row, attended: data.attended });
    else if (earlier.attended !== data.attended) {
      const answer = (attended: boolean) => (attended ? 'yes' : 'no');
      issues.push({ row, column: 'attended', message: `${answer(data.attended)} for ${data.email}, whom row ${earlier.row} answers ${answer(earlier.attended)}; keep one answer per person` });
    }
  }
  return issues;
}

/** A walk-in, kept per event and address; a later export's answer replaces the earlier one. */
async function keepUnmatched(tx: Tx, eventId: string, a: { email: string; attended: boolean; file: string; at: Date }): Promise<void> {
  const domain = normaliseDomain(a.email.split('@')[1] ?? '') ?? a.email.split('@')[1] ?? '';
  const account = await tx.account.findUnique({ where: { domain }, select: { id: true } });
  const data = { attended: a.attended, file: a.file, importedAt: a.at, domain, accountId: account?.id ?? null };
  await tx.unmatchedAttendance.upsert({ where: { eventId_email: { eventId, email: a.email } }, create: { eventId, email: a.email, ...data }, update: data });
}
