// Sales reps carry what a handoff needs of them: the time zone their service level counts business
// days in, and how many handoffs they take a day.
import { expect, it } from 'vitest';
import { salesRepImporter } from '../../accounts/import-sales-reps';
import { importError, importFile, writeLines } from '../accounts/helpers';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb({ each: true });

it('imports a rep time zone and daily capacity, and keeps them when the columns are left empty later', async () => {
  await importFile(t.db, salesRepImporter, writeLines(t.dir, 'reps.csv', ['email,name,manager_email,timezone,daily_capacity', 'sam@keelson.example,Sam Seller,,America/New_York,3']));
  expect(await t.db.salesRep.findUniqueOrThrow({ where: { email: 'sam@keelson.example' } })).toMatchObject({ timezone: 'America/New_York', dailyCapacity: 3 });
  await importFile(t.db, salesRepImporter, writeLines(t.dir, 'reps2.csv', ['email,name', 'sam@keelson.example,Sam B. Seller']));
  expect(await t.db.salesRep.findUniqueOrThrow({ where: { email: 'sam@keelson.example' } })).toMatchObject({ name: 'Sam B. Seller', timezone: 'America/New_York', dailyCapacity: 3 });
});

it('goes back to the account\'s zone and SALES_DAILY_CAPACITY when a file says none, and says so when a value is neither', async () => {
  await importFile(t.db, salesRepImporter, writeLines(t.dir, 'reps.csv', ['email,name,timezone,daily_capacity', 'sam@keelson.example,Sam Seller,America/New_York,3']));
  await importFile(t.db, salesRepImporter, writeLines(t.dir, 'none.csv', ['email,name,timezone,daily_capacity', 'sam@keelson.example,Sam Seller,none,NONE']));
  expect(await t.db.salesRep.findUniqueOrThrow({ where: { email: 'sam@keelson.example' } })).toMatchObject({ timezone: null, dailyCapacity: null });

  const err = await importError(importFile(t.db, salesRepImporter, writeLines(t.dir, 'bad.csv', ['email,name,timezone', 'sam@keelson.example,Sam Seller,nowhere'])));
  expect(err.details).toEqual([expect.stringMatching(/^row 2, column timezone: "nowhere" is not .*, or none for each account's own zone$/)]);
});

it('rejects an unknown time zone and a capacity that is not a whole number, naming row and column', async () => {
  const err = await importError(
    importFile(t.db, salesRepImporter, writeLines(t.dir, 'bad.csv', ['email,name,timezone,daily_capacity', 'a@keelson.example,A,Mars/Olympus,2', 'b@keelson.example,B,UTC,lots'])),
  );
  expect(err.details.join('\n')).toMatch(/row 2, column timezone/);
  expect(err.details.join('\n')).toMatch(/row 3, column daily_capacity/);
});

it('lists a repeated rep and an unknown manager in one pass, also on the same row', async () => {
  const err = await importError(
    importFile(t.db, salesRepImporter, writeLines(t.dir, 'both.csv', ['email,name,manager_email', 'ann@keelson.example,Ann,', 'Ann@keelson.example,Ann again,nobody@keelson.example'])),
  );
  expect(err.details).toEqual([
    'row 3, column email: "ann@keelson.example" repeats row 2 (emails match regardless of upper and lower case), expected each sales rep once per file',
    'row 3, column manager_email: no sales rep has the email "nobody@keelson.example", expected a rep in this file or one imported before',
  ]);
});

it('lists a bad capacity and a manager who is the rep themself in one run, not the second after a fix', async () => {
  const file = writeLines(t.dir, 'rounds.csv', ['email,name,manager_email,timezone,daily_capacity', 'new.c@keelson.example,New C,New.C@Keelson.example,,0', 'ok@keelson.example,OK,,,']);
  const err = await importError(importFile(t.db, salesRepImporter, file));
  expect(err.message).toMatch(/^rounds\.csv: 1 of 2 rows is invalid /);
  expect(err.details).toEqual([
    'row 2, column daily_capacity: 0 is too few handoffs a day, expected a whole number of handoffs a day from 1 to 1000, such as 5 (at 0 every handoff to the rep would wait in the queue for ever), or none for SALES_DAILY_CAPACITY',
    'row 2, column manager_email: is the rep themself, expected the email of their manager, or none',
  ]);
  expect(await importFile(t.db, salesRepImporter, file, { partial: true })).toMatchObject({ created: 1, rejected: 1 });
});

it('names a manager in a row refused for its capacity as that row, and the loop that row would make', async () => {
  const file = writeLines(t.dir, 'loop.csv', ['email,name,manager_email,daily_capacity', 'ann@keelson.example,Ann,bob@keelson.example,0', 'bob@keelson.example,Bob,ann@keelson.example,']);
  const err = await importError(importFile(t.db, salesRepImporter, file));
  expect(err.details).toEqual([
    expect.stringMatching(/^row 2, column daily_capacity: 0 is too few handoffs a day/),
    'row 2, column manager_email: makes a loop of managers (ann@keelson.example → bob@keelson.example → ann@keelson.example), expected a chain of managers that ends with a rep who has none; give one of them another manager or none',
    'row 3, column manager_email: "ann@keelson.example" is new in row 2, which is refused, expected a manager who is imported too (fix row 2)',
  ]);
  expect(await importFile(t.db, salesRepImporter, file, { partial: true })).toMatchObject({ created: 0, rejected: 2 });
  expect(await t.db.salesRep.count()).toBe(0);
});

it('holds back a rep whose manager only a refused row and its repeat name, rather than failing the partial import', async () => {
  const file = writeLines(t.dir, 'repeat.csv', [
    'email,name,manager_email,daily_capacity',
    'max@keelson.example,Max,,0',
    'Max@keelson.example,Max again,,',
    'eve@keelson.example,Eve,max@keelson.example,',
    'ida@keelson.example,Ida,,',
  ]);
  expect((await importError(importFile(t.db, salesRepImporter, file))).details).toEqual([
    expect.stringMatching(/^row 2, column daily_capacity: 0 is too few handoffs a day/),
    'row 3, column email: "max@keelson.example" repeats row 2 (emails match regardless of upper and lower case), expected each sales rep once per file',
    'row 4, column manager_email: "max@keelson.example" is new in row 2, which is refused, expected a manager who is imported too (fix row 2)',
  ]);
  expect(await importFile(t.db, salesRepImporter, file, { partial: true })).toMatchObject({ created: 1, rejected: 3 });
  expect((await t.db.salesRep.findMany()).map((r) => r.email)).toEqual(['ida@keelson.example']);
});
