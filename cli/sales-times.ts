// How the CLI says a task's times: on the clock of the zone its service level runs in, named.
import type { TaskSummary } from '../use-cases/sales-tasks';
import { formatInZone } from '../domain/time/zone-time';

const inZone = (iso: string, t: TaskSummary) => formatInZone(Date.parse(iso), t.timeZone);

/** When the rep hears of the task or must answer it, as one phrase for a list or a header. */
export function taskTiming(t: TaskSummary): string {
  if (t.queue) {
    const from = t.queue.arrivesFrom ? `arrives from ${inZone(t.queue.arrivesFrom, t)} at the earliest` : 'arrives once its owner has a daily capacity above 0';
    return `${from}, place ${t.queue.place} in line`;
  }
  if (t.status === 'created') return t.dueAt ? `due ${inZone(t.dueAt, t)}` : 'no answer due';
  return 'answered';
}

export const handedOver = (t: TaskSummary) => inZone(t.createdAt, t);
