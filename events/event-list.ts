// The events as `events list|show` print them: times in the event's own zone, seats and answers.
import type { Db } from '../db/client';
import { AccountsError } from '../accounts/accounts-error';
import { registrationStatuses, type RegistrationStatus } from '../domain/events/vocabulary';
import { localDateTime } from '../domain/journey/local-time';

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

export async function showEvent(db: Db, key: string) {
  const event = (await listEvents(db)).find((e) => e.key === key);
  if (!event) throw new AccountsError(`No event "${key}": list them with "harpoon events list", create one with "harpoon events create <file>".`);
  const registrations = await db.eventRegistration.findMany({
    where: { event: { key } },
    include: { contact: { select: { email: true, role: true } }, account: { select: { domain: true } } },
    orderBy: { id: 'asc' },
  });
  return {
    ...event,
    registrations: registrations.map((r) => ({
      contact: r.contact.email,
      role: r.contact.role,
      account: r.account.domain,
      status: r.status,
      respondedAt: r.respondedAt?.toISOString() ?? null,
    })),
  };
}
