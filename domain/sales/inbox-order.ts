// How a rep's inbox is laid out. What they can act on comes first: tasks waiting for their answer,
// soonest due first, then the accepted ones they are working. Queued tasks are set apart, in the
// order pacing releases them (tier, then score, then age), each with the earliest moment it can
// reach its owner: a queued task tries at each local midnight (workflows/sales-handoff.ts), and
// each day releases at most the owner's daily capacity, so the n-th in line waits n / capacity
// more days. "At the earliest": a new handoff on that day may take a place first.
import { addDays, instantOf, localDateTime } from '../time/local-time';
import type { TaskStatus } from './vocabulary';

export type InboxTask = {
  id: string;
  status: TaskStatus;
  ownerId: string | null;
  dueAtMs: number | null;
  createdAtMs: number;
  /** Pacing order: lower goes first (domain/sales/after-won.ts). */
  priority: number;
  /** The zone the owner's day (and service level) runs in. */
  timeZone: string;
  /** Handoffs the owner receives a day. */
  capacity: number;
};

export type QueuePlace = { place: number; arrivesFromMs: number | null };

/** The queued task's wake-up after local midnight (the workflow tries a minute after it). */
const afterMidnightMs = 60_000;

const answerFirst = (t: InboxTask) => (t.status === 'created' ? 0 : 1);

/** The inbox in the order a rep reads it, and each queued task's place and earliest arrival. */
export function arrangeInbox<T extends InboxTask>(tasks: readonly T[], nowMs: number): { actionable: T[]; queued: (T & { queue: QueuePlace })[] } {
  const actionable = tasks
    .filter((t) => t.status !== 'queued')
    .sort((a, b) => answerFirst(a) - answerFirst(b) || (a.dueAtMs ?? Infinity) - (b.dueAtMs ?? Infinity) || a.createdAtMs - b.createdAtMs);
  const lines = new Map<string | null, T[]>();
  for (const t of tasks.filter((t) => t.status === 'queued')) lines.set(t.ownerId, [...(lines.get(t.ownerId) ?? []), t]);
  const queued: (T & { queue: QueuePlace })[] = [];
  for (const line of lines.values()) {
    line.sort((a, b) => a.priority - b.priority || a.createdAtMs - b.createdAtMs);
    line.forEach((t, i) => queued.push({ ...t, queue: { place: i + 1, arrivesFromMs: arrivalFrom(i, t.capacity, nowMs, t.timeZone) } }));
  }
  queued.sort((a, b) => (a.queue.arrivesFromMs ?? Infinity) - (b.queue.arrivesFromMs ?? Infinity) || a.queue.place - b.queue.place);
  return { actionable, queued };
}

/** The earliest release of the task `ahead` places from the front of its owner's line; null: never (no capacity). */
export function arrivalFrom(ahead: number, capacity: number, nowMs: number, timeZone: string): number | null {
  if (!(capacity >= 1)) return null;
  const today = localDateTime(nowMs, timeZone);
  return instantOf(addDays(today, 1 + Math.floor(ahead / capacity)), { hour: 0, minute: 0 }, timeZone) + afterMidnightMs;
}
