// `opportunities import` refuses rows that would be stored wrong: an amount 1,000× off, dates that
// contradict the status or each other, dates still to come; and reads a time without offset as UTC.
import { afterEach, expect, it } from 'vitest';
import { importCrmOpportunities } from '../../metrics/import-opportunities';
import { useFreshDb } from '../support/fresh-db';
import { importError, writeLines } from '../accounts/helpers';

const t = useFreshDb({ each: true });
const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});
const nextYear = new Date().getUTCFullYear() + 1;

it('refuses 48.000 in a semicolon file, where it was stored as 48', async () => {
  const file = writeLines(t.dir, 'eu.csv', [
    'id;account_domain;opened_at;amount;status;closed_at',
    'o-1;eu.example;2026-03-02;48.000;;',
    'o-2;eu.example;2026-03-02;"48.000,00";;',
    'o-3;eu.example;2026-03-02;12.500;open;2026-03-05',
  ]);
  const err = await importError(importCrmOpportunities(t.db, file));
  expect(err.details).toEqual([
    'row 2, column amount: "48.000" could mean 48 or 48,000, expected 48000 or 48 (a point only before decimals)',
    'row 3, column amount: "48.000,00" is not an amount, expected a positive amount such as 48000 or 48,000.50',
    // Every problem of a row in one pass, not the dates only once the amount is fixed.
    'row 4, column amount: "12.500" could mean 12.5 or 12,500, expected 12500 or 12.5 (a point only before decimals)',
    'row 4, column closed_at: 2026-03-05 says the opportunity closed but its status is open, expected status won or lost, or closed_at blank while it is open',
  ]);
  expect(await t.db.crmOpportunity.count()).toBe(0);
});

it('refuses an amount beyond a trillion or in fractions of a cent, by the rule the API and the CLI keep', async () => {
  const file = writeLines(t.dir, 'amounts.csv', ['id,account_domain,opened_at,amount', 'o-1,a.example,2026-03-02,"2,000,000,000,000"', 'o-2,a.example,2026-03-02,0.001', 'o-3,a.example,2026-03-02,"85 000.50"']);
  const err = await importError(importCrmOpportunities(t.db, file));
  const rule = 'expected a positive amount with at most 2 decimals, at most 1,000,000,000,000, such as 48000 or 48000.50';
  expect(err.details).toEqual([`row 2, column amount: 2000000000000 is too large, ${rule}`, `row 3, column amount: 0.001 has more than 2 decimals, ${rule}`]);
  expect(await t.db.crmOpportunity.count()).toBe(0);
});

it('refuses rows whose status and dates contradict each other or are still to come, and imports none', async () => {
  const file = writeLines(t.dir, 'crm.csv', [
    'id,account_domain,opened_at,status,closed_at',
    'o-1,a.example,2026-03-10,won,2026-03-01',
    'o-2,a.example,2026-03-10,open,2026-03-20',
    'o-3,a.example,2026-03-10,,2026-03-20',
    `o-4,a.example,${nextYear}-01-05,,`,
    `o-5,a.example,2026-03-10,lost,${nextYear}-01-05T09:00:00Z`,
    'o-6,a.example,2026-03-10 15:00,won,2026-03-10',
    'o-7,a.example,2026-03-10,lost,',
  ]);
  const err = await importError(importCrmOpportunities(t.db, file));
  expect(err.message).toMatch(/5 problems, nothing imported$/);
  expect(err.details).toEqual([
    'row 2, column closed_at: 2026-03-01 is before opened_at 2026-03-10, expected when it closed, no earlier than when it opened',
    'row 3, column closed_at: 2026-03-20 says the opportunity closed but its status is open, expected status won or lost, or closed_at blank while it is open',
    'row 4, column closed_at: 2026-03-20 says the opportunity closed but its status is blank, which means open, expected status won or lost, or closed_at blank while it is open',
    `row 5, column opened_at: "${nextYear}-01-05" is in the future, expected the moment it happened, no later than now`,
    `row 6, column closed_at: "${nextYear}-01-05T09:00:00Z" is in the future, expected the moment it happened, no later than now`,
  ]);
  expect(await t.db.crmOpportunity.count()).toBe(0);
});

it('reads a time without an offset as UTC whatever the server zone, and keeps a won deal without a close date as not known', async () => {
  process.env.TZ = 'America/New_York';
  const file = writeLines(t.dir, 'crm.csv', [
    'id,account_domain,opened_at,status,closed_at',
    'o-1,a.example,2026-03-10 15:00,won,2026-03-10',
    'o-2,a.example,2026-03-10,lost,',
  ]);
  expect(await importCrmOpportunities(t.db, file)).toEqual({ imported: 2, outsidePool: 2 });
  const stored = await t.db.crmOpportunity.findMany({ orderBy: { id: 'asc' } });
  expect(stored.map((o) => [o.id, o.openedAt.toISOString(), o.closedAt?.toISOString() ?? null])).toEqual([
    ['o-1', '2026-03-10T15:00:00.000Z', '2026-03-10T00:00:00.000Z'],
    ['o-2', '2026-03-10T00:00:00.000Z', null],
  ]);
});

it('refuses a row whose amount is in another currency than amounts are kept in, naming the row, and imports none', async () => {
  await t.db.cost.create({ data: { amount: 1000, currency: 'EUR', emails: 100 } });
  const file = writeLines(t.dir, 'crm.csv', [
    'id,account_domain,opened_at,amount,currency',
    'o-1,a.example,2026-03-02,48000,EUR',
    'o-2,a.example,2026-03-02,52000,USD',
    'o-3,a.example,2026-03-02,12000,eur',
    'o-4,a.example,2026-03-02,9000,',
  ]);
  const err = await importError(importCrmOpportunities(t.db, file));
  expect(err.message).toMatch(/1 problem, nothing imported$/);
  expect(err.details).toEqual(['row 3, column currency: amounts are kept in EUR; convert this amount to EUR and record it in EUR']);
  expect(await t.db.crmOpportunity.count()).toBe(0);
});

it('refuses a file that mixes two currencies before any amount is kept, naming the rows that differ from its first', async () => {
  const file = writeLines(t.dir, 'mixed.csv', ['id,account_domain,opened_at,amount,currency,status', 'o-1,a.example,2026-03-10,1000,EUR,open', 'o-2,b.example,2026-03-11,2000,usd,open']);
  const err = await importError(importCrmOpportunities(t.db, file));
  expect(err.details).toEqual(['row 3, column currency: amounts are kept in EUR; convert this amount to EUR and record it in EUR']);
  expect(await t.db.crmOpportunity.count()).toBe(0);
});
