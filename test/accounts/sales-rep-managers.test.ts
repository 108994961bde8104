// A rep's chain of managers is what an escalation climbs, and their daily capacity what pacing
// hands out: an import may not leave a chain that never ends, nor a capacity that never hands out.
import { expect, it } from 'vitest';
import { salesRepImporter } from '../../accounts/import-sales-reps';
import { useFreshDb } from '../support/fresh-db';
import { importError, importFile, writeLines } from './helpers';

const t = useFreshDb({ each: true });

const managerOf = async (email: string) =>
  (await t.db.salesRep.findUniqueOrThrow({ where: { email }, include: { manager: true } })).manager?.email ?? null;

it('refuses reps who would manage each other within one file, and with --partial writes none of that loop', async () => {
  const file = writeLines(t.dir, 'loop.csv', [
    'email,name,manager_email',
    'ann@keelson.example,Ann,bob@keelson.example',
    'bob@keelson.example,Bob,ann@keelson.example',
    'cat@keelson.example,Cat,ann@keelson.example',
    'dan@keelson.example,Dan,',
  ]);
  const err = await importError(importFile(t.db, salesRepImporter, file));
  const loop = (chain: string) =>
    `makes a loop of managers (${chain}), expected a chain of managers that ends with a rep who has none; give one of them another manager or none`;
  expect(err.details).toEqual([
    `row 2, column manager_email: ${loop('ann@keelson.example → bob@keelson.example → ann@keelson.example')}`,
    `row 3, column manager_email: ${loop('bob@keelson.example → ann@keelson.example → bob@keelson.example')}`,
    'row 4, column manager_email: "ann@keelson.example" is new in row 2, which is refused, expected a manager who is imported too (fix row 2)',
  ]);
  expect(await t.db.salesRep.count()).toBe(0);

  // The rep whose manager would not be created is held back too, rather than breaking the import.
  expect(await importFile(t.db, salesRepImporter, file, { partial: true })).toMatchObject({ created: 1, rejected: 3 });
  expect((await t.db.salesRep.findMany()).map((r) => r.email)).toEqual(['dan@keelson.example']);
});

it('refuses a manager that closes a loop with reps already stored, even one a blank cell keeps', async () => {
  await importFile(t.db, salesRepImporter, writeLines(t.dir, 'reps.csv', ['email,name,manager_email', 'lea@keelson.example,Lea,', 'ben@keelson.example,Ben,lea@keelson.example']));
  const err = await importError(importFile(t.db, salesRepImporter, writeLines(t.dir, 'up.csv', ['email,name,manager_email', 'lea@keelson.example,Lea,ben@keelson.example'])));
  expect(err.details).toEqual([
    'row 2, column manager_email: makes a loop of managers (lea@keelson.example → ben@keelson.example → lea@keelson.example), expected a chain of managers that ends with a rep who has none; give one of them another manager or none',
  ]);
  expect(await managerOf('lea@keelson.example')).toBeNull();

  // A blank manager_email keeps the stored manager, so Ben still reports to Lea: the same loop.
  const kept = await importError(
    importFile(t.db, salesRepImporter, writeLines(t.dir, 'kept.csv', ['email,name,manager_email', 'lea@keelson.example,Lea,ben@keelson.example', 'ben@keelson.example,Ben,'])),
  );
  expect(kept.details.map((d) => d.slice(0, d.indexOf(')') + 1))).toEqual([
    'row 2, column manager_email: makes a loop of managers (lea@keelson.example → ben@keelson.example → lea@keelson.example)',
    'row 3, column manager_email: makes a loop of managers (ben@keelson.example → lea@keelson.example → ben@keelson.example)',
  ]);

  // A new head above Lea is no loop.
  await importFile(t.db, salesRepImporter, writeLines(t.dir, 'head.csv', ['email,name,manager_email', 'lea@keelson.example,Lea,max@keelson.example', 'max@keelson.example,Max,']));
  expect([await managerOf('lea@keelson.example'), await managerOf('ben@keelson.example')]).toEqual(['max@keelson.example', 'lea@keelson.example']);
});

it('refuses a daily capacity of 0, which would queue every handoff to the rep for ever', async () => {
  const err = await importError(importFile(t.db, salesRepImporter, writeLines(t.dir, 'zero.csv', ['email,name,daily_capacity', 'zoe@keelson.example,Zoe,0', 'one@keelson.example,One,1'])));
  expect(err.details).toEqual([
    'row 2, column daily_capacity: 0 is too few handoffs a day, expected a whole number of handoffs a day from 1 to 1000, such as 5 (at 0 every handoff to the rep would wait in the queue for ever), or none for SALES_DAILY_CAPACITY',
  ]);
  const many = await importError(importFile(t.db, salesRepImporter, writeLines(t.dir, 'many.csv', ['email,name,daily_capacity', 'max@keelson.example,Max,5000'])));
  expect(many.details).toEqual(['row 2, column daily_capacity: 5000 is too many handoffs a day, expected a whole number of handoffs a day from 1 to 1000, such as 5, or none for SALES_DAILY_CAPACITY']);
});

it('clears a manager with `none` (a blank cell keeps the stored one), which also breaks a loop in the same file', async () => {
  await importFile(t.db, salesRepImporter, writeLines(t.dir, 'reps.csv', ['email,name,manager_email', 'lea@keelson.example,Lea,', 'ben@keelson.example,Ben,lea@keelson.example']));
  const swapped = writeLines(t.dir, 'swap.csv', ['email,name,manager_email', 'lea@keelson.example,Lea,ben@keelson.example', 'ben@keelson.example,Ben, None ']);
  expect(await importFile(t.db, salesRepImporter, swapped)).toMatchObject({ created: 0, updated: 2, rejected: 0 });
  expect([await managerOf('lea@keelson.example'), await managerOf('ben@keelson.example')]).toEqual(['ben@keelson.example', null]);

  // Anything else that is no address is still refused, naming the way to say "no manager".
  const err = await importError(importFile(t.db, salesRepImporter, writeLines(t.dir, 'bad.csv', ['email,name,manager_email', 'ben@keelson.example,Ben,nobody'])));
  expect(err.details).toEqual(['row 2, column manager_email: "nobody" is not an email address, expected an email address such as name@company.com, or none for no manager']);
  expect(await managerOf('ben@keelson.example')).toBeNull();
});
