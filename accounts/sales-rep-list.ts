// The sales reps as `accounts reps list` shows them: what a handoff needs of each one. The rep ID
// is what the Web UI's `SalesOwner = "<rep id>"` filter takes; the time zone is where their service
// level counts business days (none: each account's own); the daily capacity is their own or the
// configured default, said which.
import type { Db } from '../db/client';

export type SalesRepRow = {
  id: string;
  email: string;
  name: string;
  manager: string | null;
  accounts: number;
  /** null: the service level counts in each account's time zone. */
  timezone: string | null;
  dailyCapacity: number;
  dailyCapacityFrom: 'rep' | 'SALES_DAILY_CAPACITY';
};

export async function listSalesReps(db: Db, defaultCapacity: number): Promise<SalesRepRow[]> {
  const all = await db.salesRep.findMany({ orderBy: { email: 'asc' }, include: { manager: true, _count: { select: { accounts: true } } } });
  return all.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    manager: r.manager?.email ?? null,
    accounts: r._count.accounts,
    timezone: r.timezone,
    dailyCapacity: r.dailyCapacity ?? defaultCapacity,
    dailyCapacityFrom: r.dailyCapacity === null ? 'SALES_DAILY_CAPACITY' : 'rep',
  }));
}

/** One line per rep, everything a filter or a question about pacing needs. */
export function salesRepLine(r: SalesRepRow): string {
  const capacity = `${r.dailyCapacity} handoff${r.dailyCapacity === 1 ? '' : 's'} a day${r.dailyCapacityFrom === 'rep' ? '' : ' (SALES_DAILY_CAPACITY)'}`;
  const zone = r.timezone ? `time zone ${r.timezone}` : "time zone: each account's own";
  return `${r.email.padEnd(36)} ${r.name}, ${r.accounts} accounts${r.manager ? `, reports to ${r.manager}` : ''}; ${zone}; ${capacity}; id ${r.id}`;
}
