// `harpoon events attendance <event> <file>` and `POST /v1/programme-events/{key}/attendance`: a
// webinar platform's attendance export (CSV or JSON rows; the columns email and attended, any others
// ignored, as exports carry many), all-or-nothing for malformed rows: every bad row is reported as
// `row N, column X` and nothing is written until the whole file is good.
// Each attendee and each registrant reported absent gets event_attended / event_no_show on the
// timeline and to the account's journeys (the engagement outbox), in one transaction. Attendees who
// are not contacts (walk-ins; real exports almost always have some) do not refuse the file: they are
// reported by row and kept as unmatched attendance, as unmatched engagement is kept, until they are
// contacts: the contacts import that brings them records it as this import would have. A later export
// of the same event supersedes the earlier one for the people it lists (a correction, absent →
// present, or a walk-in who is a contact now); a waitlisted invitee reported absent never had a
// seat, so is no no-show. Each person counts once, however many rows list them. An export for an
// event that has not begun is refused (409).
import { z } from 'zod';
import type { Db, Tx } from '../db/client';
import { conflict, invalid } from '../domain/use-case-error';
import { shortInZone } from '../domain/time/zone-time';
import { readTable, type Table } from '../accounts/read-table';
import { batches, inTransaction } from '../db/transaction';
import { requiredEmail } from '../domain/accounts/fields';
import { normaliseDomain } from '../domain/accounts/domain-name';
import { formatRowIssue, validateRecords, type RowIssue } from '../domain/accounts/row-validation';
import { attendanceChange, type AttendanceChange } from '../domain/programme-events/attendance-change';
import type { RegistrationStatus } from '../domain/programme-events/vocabulary';
import { eventNotFound } from './event-list';
import { lockEvents } from './registrations';
import { recordEngagementIn } from '../engagement/record-engagement';

const yes = ['yes', 'y', 'true', '1', 'attended'];
const no = ['no', 'n', 'false', '0', 'absent', 'no_show'];
const attendedCell = z.preprocess(
  // A JSON export's true and 1 read as a CSV's "true" and "1" do.
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'boolean' || typeof v === 'number' ? String(v) : v),
  z.string({ error: (i) => (i.input === undefined ? 'is empty, expected yes or no' : `${JSON.stringify(i.input)} is not an answer, expected yes or no`) }).refine((v) => yes.includes(v) || no.includes(v), { error: (i) => `${JSON.stringify(i.input)} is not an answer, expected yes or no` }),
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
  /**
   * Registrants the file does not list, who stay registered: an export of attendees only says
   * nothing of who stayed away, and the attendance rate counts only those reported (either way).
   */
  registeredNotListed: number;
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
  // One person listed twice (with one answer: two answers are refused above) is one attendee.
  const listed = new Set<string>();
  const people = rows.filter(({ data }) => !listed.has(data.email) && listed.add(data.email));

  // SERIALIZABLE on PostgreSQL, not READ COMMITTED behind the event's lock as the invitation answers:
  // a contacts import takes no event lock, and one running beside this (its new contact not yet
  // visible here, the walk-in kept here not yet visible there) would leave a contact kept as a
  // walk-in for good. PostgreSQL refuses one of the two and it runs again, seeing the other.
  return inTransaction(db, async (tx) => {
    await lockEvents(tx, eventKey);
    // Read in the transaction, not before it: contacts a contacts import committed while this waited are attendees, not walk-ins.
    const contacts = await tx.contact.findMany({ where: { email: { in: people.map((r) => r.data.email) } }, select: { id: true, email: true, accountId: true, role: true } });
    const byEmail = new Map(contacts.map((c) => [c.email, c]));
    const report: AttendanceReport = { event: eventKey, attended: 0, noShow: 0, unchanged: 0, notRegistered: 0, unmatched: [], registeredNotListed: 0, queued: 0 };
    for (const { row, data } of people) {
      const contact = byEmail.get(data.email);
      if (!contact) {
        report.unmatched.push({ row, email: data.email, attended: data.attended });
        await keepUnmatched(tx, event.id, { email: data.email, attended: data.attended, file, at });
        continue;
      }
      const { change, queued } = await recordAnswer(tx, event, contact, { attended: data.attended, file, at });
      report.queued += queued;
      if (change === 'attended') report.attended++;
      else if (change === 'no_show') report.noShow++;
      else if (change === 'not_registered') report.notRegistered++;
      // kept_attended changes nothing either (see domain/programme-events/attendance-change.ts), so it counts as unchanged.
      else report.unchanged++;
    }
    // Walk-ins of an earlier export who are contacts now: this export's answer for them replaces the kept one.
    for (const batch of batches(contacts.map((c) => c.email))) await tx.unmatchedAttendance.deleteMany({ where: { eventId: event.id, email: { in: batch } } });
    report.registeredNotListed = await tx.eventRegistration.count({ where: { eventId: event.id, status: 'registered' } });
    return report;
  });
}

type Attendee = { id: string; email: string; accountId: string; role: string };

/**
 * What an export's answer for a contact records: their registration, and when it changes,
 * event_attended or event_no_show on the timeline and to the account's running journeys.
 */
async function recordAnswer(tx: Tx, event: { id: string; key: string }, contact: Attendee, a: { attended: boolean; file: string; at: Date }): Promise<{ change: AttendanceChange; queued: number }> {
  const reg = await tx.eventRegistration.findUnique({ where: { eventId_contactId: { eventId: event.id, contactId: contact.id } } });
  const change = attendanceChange((reg?.status ?? null) as RegistrationStatus | null, a.attended);
  if (change !== 'attended' && change !== 'no_show') return { change, queued: 0 };
  await tx.eventRegistration.upsert({
    where: { eventId_contactId: { eventId: event.id, contactId: contact.id } },
    create: { eventId: event.id, contactId: contact.id, accountId: contact.accountId, status: change, attendedAt: a.at },
    update: { status: change, attendedAt: a.at },
  });
  const type = change === 'attended' ? 'event_attended' : 'event_no_show';
  const recorded = await recordEngagementIn(tx, contact, {
    type,
    tag: event.key,
    at: a.at,
    source: 'attendance',
    eventId: `${type}|${event.key}|${contact.id}`,
    detail: { eventKey: event.key, file: a.file, ...(reg?.status === 'attended' || reg?.status === 'no_show' ? { supersedes: reg.status } : {}) },
  });
  return { change, queued: recorded.queued.length };
}

/**
 * Walk-ins who are contacts now (a contacts import, in its transaction, with the addresses of its
 * rows): their kept attendance is recorded as the export that listed them would have recorded it
 * had they been contacts then (at its import time, from its file), and is no longer unmatched. How
 * many were recorded as attended or no-show (a walk-in reported absent had no seat: no news).
 */
export async function attachUnmatchedAttendance(tx: Tx, emails: readonly string[]): Promise<number> {
  let recorded = 0;
  for (const batch of batches([...new Set(emails)])) {
    const kept = await tx.unmatchedAttendance.findMany({ where: { email: { in: batch } }, include: { event: { select: { id: true, key: true } } }, orderBy: { importedAt: 'asc' } });
    if (kept.length === 0) continue;
    const contacts = await tx.contact.findMany({ where: { email: { in: kept.map((k) => k.email) } }, select: { id: true, email: true, accountId: true, role: true } });
    const byEmail = new Map(contacts.map((c) => [c.email, c]));
    const matched = kept.filter((k) => byEmail.has(k.email));
    for (const k of matched) {
      const { change } = await recordAnswer(tx, k.event, byEmail.get(k.email)!, { attended: k.attended, file: k.file, at: k.importedAt });
      if (change === 'attended' || change === 'no_show') recorded++;
    }
    await tx.unmatchedAttendance.deleteMany({ where: { id: { in: matched.map((k) => k.id) } } });
  }
  return recorded;
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
