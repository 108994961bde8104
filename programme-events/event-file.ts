// `harpoon events create <file>`: an event file (YAML or JSON, read like journey files) validated
// in full, every problem with its path in the file, then stored by its key in one write. Creating
// a key again updates the event, keeping its registrations; capacity never drops below the seats
// already taken, and an event with attendance recorded cannot move into the future. A file that
// says what is stored already writes nothing and says so.
import { Prisma, type Event } from '../generated/prisma/client';
import type { Db, Tx } from '../db/client';
import { currencyInUse } from '../metrics/amounts-currency';
import { invalid } from '../domain/use-case-error';
import { eventDefinitionSchema, instantOfLocal, type EventDefinition } from '../domain/programme-events/event-definition';
import { JourneyFileError, readJourneyFile } from '../journeys/load';
import { listeningJourneys, queueManyDeliveries } from '../client/journey-outbox';
import { stillAskedStatuses, type RegistrationStatus } from '../domain/programme-events/vocabulary';
import { eventMovedNoticeWorkflowId } from '../workflows/event-moved-notice-api';
import { invitingJourneys, seatWaitlist } from './seats-and-waitlist';
import { withIndefiniteArticle } from '../domain/words/indefinite-article';
import { quoted } from '../domain/words/quoted';

export type EventProblem = { path: string; message: string };

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/** What a value of the wrong type is, in the file's terms ("20" in quotes is text, not a number). */
function kindOf(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'true or false';
  return withIndefiniteArticle(typeof value);
}

export function validateEvent(raw: unknown): { ok: true; event: EventDefinition } | { ok: false; problems: EventProblem[] } {
  // With the input in each issue, a value of the wrong type is told apart from one that is missing.
  const parsed = eventDefinitionSchema.safeParse(raw, { reportInput: true });
  if (parsed.success) return { ok: true, event: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.flatMap((issue) => {
      const base = issue.path.map(String).join('.') || '(root)';
      if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ path: issue.path.length ? `${base}.${k}` : k, message: `unknown field "${k}": check its spelling` }));
      if (issue.code !== 'invalid_type') return [{ path: base, message: issue.message }];
      const expected = `expected ${withIndefiniteArticle(issue.expected)}`;
      return [{ path: base, message: issue.input === undefined ? `missing, ${expected}` : `${quoted(issue.input)} is ${kindOf(issue.input)}, ${expected}` }];
    }),
  };
}

function rowOf(e: EventDefinition) {
  return {
    kind: e.kind,
    title: e.title,
    description: e.description ?? null,
    startsAt: instantOfLocal(e.start, e.timezone),
    endsAt: instantOfLocal(e.end, e.timezone),
    timezone: e.timezone,
    onlineUrl: e.online ?? null,
    venue: e.venue ?? null,
    capacity: e.capacity ?? null,
    // A file without them has none: null, not "leave the stored ones".
    targetRoles: e.audience?.roles ?? null,
    targetSeniority: e.audience?.seniority ?? null,
    costAmount: e.cost?.amount ?? null,
    costCurrency: e.cost?.currency ?? null,
  };
}

type EventRow = ReturnType<typeof rowOf>;

/** The row as Prisma writes it: a JSON column is emptied with DbNull, not null. */
const asWrite = (row: EventRow) => ({ ...row, targetRoles: row.targetRoles ?? Prisma.DbNull, targetSeniority: row.targetSeniority ?? Prisma.DbNull });

/** Whether the stored event already holds every field of `row`. */
function storedAlready(existing: Event, row: EventRow): boolean {
  return Object.entries(row).every(([field, value]) => {
    const stored = existing[field as keyof EventRow];
    if (value instanceof Date) return stored instanceof Date && stored.getTime() === value.getTime();
    return JSON.stringify(stored ?? null) === JSON.stringify(value);
  });
}

/** The cost row an event file's `cost` is: one per event, kept by the file (metrics/costs.ts refuses to remove it). */
export const fileCostId = (eventKey: string) => `event-file:${eventKey}`;

/**
 * An event file's `cost` is a cost of the programme, as one `costs add --event` records: it counts
 * in the reports' cost per opportunity and ROI, in the month the event starts, shared by the
 * accounts that registered. Kept as the file says: changed with it, removed when the file has none.
 * Answers whether it changed the stored cost.
 */
async function keepFileCost(tx: Tx, event: EventDefinition): Promise<boolean> {
  const id = fileCostId(event.key);
  const stored = await tx.cost.findUnique({ where: { id } });
  // A free event costs nothing to share (and fixes no currency).
  const cost = event.cost && event.cost.amount > 0 ? { amount: event.cost.amount, currency: event.cost.currency, period: event.start.slice(0, 7) } : null;
  if (stored === null && cost === null) return false;
  if (stored && cost && stored.amount === cost.amount && stored.currency === cost.currency && stored.period === cost.period) return false;
  await tx.cost.deleteMany({ where: { id } });
  if (!cost) return true;
  const inUse = await currencyInUse(tx);
  if (inUse !== null && inUse !== cost.currency) {
    const message = `amounts are kept in ${inUse}; give the event's cost in ${inUse}`;
    throw invalid(`cost.currency: ${message}`, [], [{ field: 'cost.currency', message }]);
  }
  await tx.cost.create({ data: { id, ...cost, eventKey: event.key, note: "the event file's cost; change it there" } });
  return true;
}

/**
 * A change of time: each invitee still asked (invited, registered, waitlisted) is emailed the new
 * time with the calendar entry at the event's next sequence (workflows/event-moved-notice.ts), and
 * the journeys of the accounts it invited hear of it, so their invite steps plan again from the new
 * time at once (workflows/invite-step.ts); both through the outbox, in this transaction. An event
 * moved to a time already past tells nobody. The note says what happens.
 */
async function eventMoved(tx: Tx, existing: { id: string; key: string; startsAt: Date; endsAt: Date; sequence: number }, row: { startsAt: Date; endsAt: Date }): Promise<string[]> {
  const sequence = existing.sequence + 1;
  // One read of the registrations serves the journeys to tell, the notices and the note.
  const registrations = await tx.eventRegistration.findMany({ where: { eventId: existing.id }, select: { contactId: true, accountId: true, status: true }, orderBy: { id: 'asc' } });
  const invitedAccounts = [...new Set(registrations.map((r) => r.accountId))];
  const journeys = await listeningJourneys(tx, invitedAccounts);
  // Named by the moment of the change: a time moved back and forth is news each time.
  const eventId = `event-moved|${existing.key}|${Date.now()}`;
  const payload = { version: 1 as const, eventId, eventKey: existing.key };
  await queueManyDeliveries(
    tx,
    invitedAccounts.map((accountId) => ({
      accountId,
      workflowIds: journeys.filter((j) => j.accountId === accountId).map((j) => j.workflowId),
      delivery: { kind: 'programmeEventMoved' as const, payload },
    })),
  );
  const ahead = row.startsAt.getTime() > Date.now();
  const asked = ahead ? registrations.filter((r) => stillAskedStatuses.includes(r.status as RegistrationStatus)) : [];
  const inviting = await invitingJourneys(tx, existing.key, asked.map((r) => r.contactId));
  await queueManyDeliveries(
    tx,
    asked.map(({ contactId, accountId }) => {
      const workflowId = eventMovedNoticeWorkflowId(existing.key, contactId, sequence);
      const notice = { version: 1 as const, eventId: workflowId, eventKey: existing.key, contactId, accountId, journeyKey: inviting.get(contactId) ?? null, sequence };
      return { accountId, workflowIds: [workflowId], delivery: { kind: 'eventMovedNotice' as const, payload: notice } };
    }),
  );
  if (registrations.length === 0) return [];
  const byStatus = new Map<string, number>();
  for (const r of [...registrations].sort((a, b) => a.status.localeCompare(b.status))) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const counts = [...byStatus].map(([status, n]) => `${n} ${status}`).join(', ');
  const told = ahead
    ? `${people(asked.length)} still asked (invited, registered or waitlisted) ${asked.length === 1 ? 'is' : 'are'} emailed the new time with an updated calendar entry`
    : 'nobody is emailed, as the new time has passed';
  return [
    `the event's time changed with ${people(registrations.length)} already invited (${counts}): ${told}; the invite steps waiting on it plan their reminders, answers' close and wait for attendance again from it`,
  ];
}

export type SavedEvent = { key: string; created: boolean; changed: boolean; notes: string[] };

/**
 * Stores a validated event; `created` false when the key existed; `changed` false when the store
 * held all of it already (nothing written); `notes`: what the update means for those already invited.
 */
export async function saveEvent(db: Db, event: EventDefinition): Promise<SavedEvent> {
  return db.$transaction(async (tx) => {
    const existing = await tx.event.findUnique({ where: { key: event.key } });
    if (existing && event.capacity !== undefined && event.capacity < existing.seatsTaken) {
      const message = `${event.key} already has ${existing.seatsTaken} registered, expected a capacity of at least ${existing.seatsTaken}`;
      throw invalid(`capacity: ${message}`, [], [{ field: 'capacity', message }]);
    }
    const row = rowOf(event);
    if (existing && row.startsAt.getTime() > Date.now()) {
      // Attendance says the event took place: moved into the future, it would have been attended before it began.
      const attendance = await tx.eventRegistration.count({ where: { eventId: existing.id, status: { in: ['attended', 'no_show'] } } });
      const walkIns = await tx.unmatchedAttendance.count({ where: { eventId: existing.id } });
      if (attendance + walkIns > 0) {
        const message =
          `${event.key} has attendance recorded (${people(attendance + walkIns)}), so it has taken place and cannot start in the future; ` +
          'for a new date of the same event, create it under a new key';
        throw invalid(`start: ${message}`, [], [{ field: 'start', message }]);
      }
    }
    const moved = existing !== null && (existing.startsAt.getTime() !== row.startsAt.getTime() || existing.endsAt.getTime() !== row.endsAt.getTime());
    const notes = moved ? await eventMoved(tx, existing, row) : [];
    const fieldsChanged = existing === null || !storedAlready(existing, row);
    if (fieldsChanged) {
      await tx.event.upsert({ where: { key: event.key }, create: { key: event.key, ...asWrite(row) }, update: moved ? { ...asWrite(row), sequence: { increment: 1 } } : asWrite(row) });
    }
    const costChanged = await keepFileCost(tx, event);
    const grew = existing !== null && existing.capacity !== null && (row.capacity === null || row.capacity > existing.capacity);
    if (grew && row.startsAt.getTime() > Date.now()) {
      // The new seats are the waitlist's first, in its order, not whoever answers next.
      const seated = await seatWaitlist(tx, { id: existing.id, key: existing.key }, new Date());
      if (seated > 0) notes.push(`${people(seated)} from the waitlist now ${seated === 1 ? 'has a seat and is' : 'have seats and are'} emailed so, first to wait first`);
    }
    return { key: event.key, created: !existing, changed: fieldsChanged || costChanged, notes };
  });
}

export async function createEventFromFile(db: Db, file: string): Promise<SavedEvent> {
  let raw: unknown;
  try {
    raw = readJourneyFile(file);
  } catch (err) {
    if (err instanceof JourneyFileError) throw invalid(err.message);
    throw err;
  }
  const checked = validateEvent(raw);
  if (!checked.ok) {
    throw invalid(`${file}: ${checked.problems.length} problem(s), nothing stored`, checked.problems.map((p) => `${p.path}: ${p.message}`));
  }
  return saveEvent(db, checked.event);
}
