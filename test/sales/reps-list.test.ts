// `accounts reps list` tells what a handoff needs of each rep: the rep ID the Web UI's
// `SalesOwner = "<rep id>"` filter takes, the time zone their service level counts in, and how many
// handoffs they take a day (their own, or SALES_DAILY_CAPACITY).
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let env: Record<string, string>;
let ids: Record<string, string>;
beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir, SALES_DAILY_CAPACITY: '4' };
  const lead = await t.db.salesRep.create({ data: { email: 'lea@harpoon.example', name: 'Lea Lead', timezone: 'Asia/Kolkata', dailyCapacity: 2 } });
  const rep = await t.db.salesRep.create({ data: { email: 'ben@harpoon.example', name: 'Ben Rep', managerId: lead.id } });
  ids = { lea: lead.id, ben: rep.id };
});

it('lists each rep with ID, time zone and daily capacity, saying where a default comes from', async () => {
  const listed = await runCli(['accounts', 'reps', 'list'], env);
  expect(listed.code, listed.stderr).toBe(0);
  const [ben, lea] = listed.stdout.trim().split('\n');
  expect(lea).toContain(`id ${ids.lea}`);
  expect(lea).toContain('time zone Asia/Kolkata');
  expect(lea).toContain('2 handoffs a day');
  expect(ben).toContain(`id ${ids.ben}`);
  expect(ben).toContain("time zone: each account's own");
  expect(ben).toContain('4 handoffs a day (SALES_DAILY_CAPACITY)');
  expect(ben).toContain('reports to lea@harpoon.example');
});

it('gives scripts the same in --json', async () => {
  const listed = await runCli(['accounts', 'reps', 'list', '--json'], env);
  expect(JSON.parse(listed.stdout)).toEqual([
    { id: ids.ben, email: 'ben@harpoon.example', name: 'Ben Rep', manager: 'lea@harpoon.example', accounts: 0, timezone: null, dailyCapacity: 4, dailyCapacityFrom: 'SALES_DAILY_CAPACITY' },
    { id: ids.lea, email: 'lea@harpoon.example', name: 'Lea Lead', manager: null, accounts: 0, timezone: 'Asia/Kolkata', dailyCapacity: 2, dailyCapacityFrom: 'rep' },
  ]);
});
