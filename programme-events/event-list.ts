// The events as `events list|show`, the API and the console's Events page show them: times in the
// event's own zone, seats, the waitlist in the order seats are offered, and every invitee's answer.
import type { Db } from '../db/client';
import { notFound } from '../domain/use-case-error';
import { registrationStatuses, type RegistrationStatus } from '../domain/programme-events/vocabulary';
import { localDateTime } from '../domain/time/local-time';

/** An event key nobody created. */
export const eventNotFound = (key: string) =>
  notFound(`No event "${key}": list them with "harpoon programme-events list", create one with "harpoon programme-events create <file>".`);

const local = (at: Date, zone: string) => {
  const l = localDateTime(at.getTime(), zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${two(l.month)}-${two(l.day)} ${two(l.hour)}:${two(l.minute)}`;
};

export async function listEvents(db: Db) {
  const [events, counts] = await Promise.all([
    db.event.findMany({ orderBy: { startsAt: 'asc' } }),
    db.eventRegistration.groupBy({ by: ['eventId', 'status'], _count: { _all: true } }),
  ]);
  return events.map((e) => {
    const answers = Object.fromEntries(registrationStatuses.map((s) => [s, 0])) as Record<RegistrationStatus, number>;
    for (const c of counts) if (c.eventId === e.id) answers[c.status as RegistrationStatus] = c._count._all;
    return {
      key: e.key,
      kind: e.kind,
      title: e.title,
      start: local(e.startsAt, e.timezone),
      end: local(e.endsAt, e.timezone),
      timezone: e.timezone,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      where: [e.venue, e.onlineUrl].filter(Boolean).join(' / '),
      capacity: e.capacity,
      seatsTaken: e.seatsTaken,
      audience: { roles: e.targetRoles ?? null, seniority: e.targetSeniority ?? null },
      cost: e.costAmount === null ? null : { amount: e.costAmount, currency: e.costCurrency },
      answers,
    };
  });
}
export type ListedEvent = Awaited<ReturnType<typeof listEvents>>[number];

/**
 * A listed event with every invitee's answer, its waitlist in the order freed seats go to it, and
 * the walk-ins of its attendance export (attendees who are not contacts; not in the attendance rate,
 * which is about invitees).
 */
export async function withRegistrations(db: Db, event: ListedEvent) {
  const walkIns = await db.unmatchedAttendance.groupBy({ by: ['attended'], where: { event: { key: event.key } }, _count: { _all: true } });
  const unmatchedAttendance = { attended: 0, absent: 0 };
  for (const w of walkIns) unmatchedAttendance[w.attended ? 'attended' : 'absent'] = w._count._all;
  const registrations = await db.eventRegistration.findMany({
    where: { event: { key: event.key } },
    include: {
      contact: { select: { email: true, role: true, firstName: true, lastName: true } },
      account: { select: { domain: true, name: true } },
    },
    orderBy: { id: 'asc' },
  });
  const rows = registrations.map((r) => ({
    contact: r.contact.email,
    contactId: r.contactId,
    name: [r.contact.firstName, r.contact.lastName].filter(Boolean).join(' ') || null,
    role: r.contact.role,
    account: r.account.domain,
    accountId: r.accountId,
    accountName: r.account.name,
    status: r.status as RegistrationStatus,
    respondedAt: r.respondedAt?.toISOString() ?? null,
    waitlistedAt: r.waitlistedAt?.toISOString() ?? null,
  }));
  // The order promoteFromWaitlist (programme-events/seats-and-waitlist.ts) promotes in: first to wait, first seated.
  const waitlist = rows
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.status === 'waitlisted')
    .sort((a, b) => (a.r.waitlistedAt ?? '').localeCompare(b.r.waitlistedAt ?? '') || a.i - b.i)
    .map(({ r }, i) => ({ position: i + 1, contact: r.contact, contactId: r.contactId, name: r.name, account: r.account, accountId: r.accountId, waitlistedAt: r.waitlistedAt }));
  return { ...event, waitlist, registrations: rows, unmatchedAttendance };
}
export type EventWithRegistrations = Awaited<ReturnType<typeof withRegistrations>>;

export async function showEvent(db: Db, key: string): Promise<EventWithRegistrations> {
  const event = (await listEvents(db)).find((e) => e.key === key);
  if (!event) throw eventNotFound(key);
  return withRegistrations(db, event);
}
