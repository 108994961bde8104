// What the /v1/programme-events routes answer (programme-events/event-list.ts, event-file.ts,
// attendance.ts), declared so the document types every success response.
import { z } from 'zod';
import { registrationStatuses } from '../../domain/programme-events/vocabulary';

const count = z.number().int();

export const eventSummary = z
  .object({
    key: z.string(),
    kind: z.string(),
    title: z.string(),
    start: z.string(),
    end: z.string(),
    timezone: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    where: z.string(),
    capacity: count.nullable(),
    seatsTaken: count,
    audience: z.object({ roles: z.unknown().describe('as in the event file'), seniority: z.unknown().describe('as in the event file') }),
    cost: z.object({ amount: z.number(), currency: z.string().nullable() }).nullable(),
    answers: z.object({ invited: count, registered: count, waitlisted: count, declined: count, attended: count, no_show: count }),
  })
  .meta({ id: 'ProgrammeEventSummary' });

export const eventDetail = eventSummary
  .extend({
    waitlist: z.array(
      z.object({ position: count, contact: z.string(), contactId: z.string(), name: z.string().nullable(), account: z.string(), accountId: z.string(), waitlistedAt: z.string().nullable() }),
    ),
    registrations: z.array(
      z.object({
        contact: z.string(),
        contactId: z.string(),
        name: z.string().nullable(),
        role: z.string(),
        account: z.string(),
        accountId: z.string(),
        accountName: z.string(),
        status: z.enum(registrationStatuses),
        respondedAt: z.string().nullable(),
        waitlistedAt: z.string().nullable(),
      }),
    ),
    unmatchedAttendance: z.object({ attended: count, absent: count }),
  })
  .meta({ id: 'ProgrammeEvent' });

export const savedEvent = z.object({ key: z.string(), created: z.boolean(), changed: z.boolean().describe('false when the event already held every field sent: nothing was written'), notes: z.array(z.string()).describe('what an update means for those already invited (a changed time is emailed to those still asked)') });

export const attendanceReport = z
  .object({
    event: z.string(),
    attended: count,
    noShow: count,
    unchanged: count,
    notRegistered: count,
    unmatched: z.array(z.object({ row: count, email: z.string(), attended: z.boolean() })),
    registeredNotListed: count.describe('registrants the file does not list: they stay registered, neither attended nor no-show'),
    queued: count,
  })
  .meta({ id: 'AttendanceReport' });
