// Transactions on SQLite (db/sqlite-adapter.ts). While another process writes, one that reads and
// then writes waits for the other process's write lock, as a single write does, instead of failing
// with "database is locked". Within a process, whose callers share one connection, a write made
// while someone else's transaction is open is not swept into it. Runs in the suite on SQLite.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { sqlitePath } from '../../db/client';
import { selectRows, writeAtomically } from '../../db/direct-sql';
import { createEventFromFile } from '../../programme-events/event-file';
import { useFreshDb } from '../support/fresh-db';
import { testDatabase } from '../support/paths';

const fresh = useFreshDb();

/**
 * Another process (as the worker is to a CLI command) that takes the write lock, writes the event's
 * row, and commits `holdMs` later. Resolves once it holds the lock, with its exit.
 */
async function anotherProcessWriting(file: string, holdMs: number) {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
       db.pragma('busy_timeout = 15000');
       db.exec('BEGIN IMMEDIATE');
       db.prepare("UPDATE Event SET title = 'Renamed by the other process' WHERE key = 'exec-roundtable-2027'").run();
       console.log('locked');
       setTimeout(() => { db.exec('COMMIT'); console.log('committed'); }, ${holdMs});`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const said: string[] = [];
  const locked = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk) => {
      said.push(...String(chunk).trim().split('\n'));
      if (said.includes('locked')) resolve();
    }),
  );
  const exited = once(child, 'exit');
  await Promise.race([locked, exited]);
  return { said, exited };
}

/** Runs the statements in another process, as a migration run elsewhere would, and waits for it to end. */
async function changeInAnotherProcess(url: string, statements: string[]): Promise<void> {
  const script = `const db = new (require('better-sqlite3'))(${JSON.stringify(sqlitePath(url)!)});
    for (const sql of ${JSON.stringify(statements)}) db.exec(sql);`;
  const other = spawn(process.execPath, ['-e', script], { stdio: 'inherit' });
  expect((await once(other, 'exit'))[0]).toBe(0);
}

it.runIf(testDatabase() === 'sqlite')(
  'updates an event while another process holds the write lock: it waits its turn instead of failing with "database is locked"',
  async () => {
    const { db, url } = fresh;
    const file = 'samples/events/exec-roundtable-2027.yaml';
    expect(await createEventFromFile(db, file)).toEqual({ key: 'exec-roundtable-2027', created: true, changed: true, notes: [] });

    const other = await anotherProcessWriting(sqlitePath(url)!, 1000);
    expect(other.said).toEqual(['locked']);
    // Reads the event, then writes it: the write comes while the other process still holds the lock.
    expect(await createEventFromFile(db, file)).toEqual({ key: 'exec-roundtable-2027', created: false, changed: true, notes: [] });
    await other.exited;
    expect(other.said).toEqual(['locked', 'committed']);
    // Ours ran after the other process committed, so the file's title is the one that stays.
    expect((await db.event.findUniqueOrThrow({ where: { key: 'exec-roundtable-2027' } })).title).toBe('Supply risk in 2027: an executive roundtable');
  },
  30_000,
);

it.runIf(testDatabase() === 'sqlite')(
  "keeps a write made while another caller's transaction is open, when that transaction rolls back",
  async () => {
    const { db } = fresh;
    await createEventFromFile(db, 'samples/events/exec-roundtable-2027.yaml');
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const failing = db.$transaction(async (tx) => {
      await tx.event.updateMany({ data: { title: 'Never committed' } });
      opened();
      await new Promise((resolve) => setTimeout(resolve, 300));
      throw new Error('the import found a bad row: nothing of it is kept');
    });
    await open;
    // Another caller in the same process (an activity beside an import) writes meanwhile.
    const account = await db.account.create({ data: { domain: 'kept.example', name: 'Kept', poolStatus: 'target' } });
    await expect(failing).rejects.toThrow('the import found a bad row');
    expect(await db.account.findUnique({ where: { id: account.id } })).not.toBeNull();
    expect((await db.event.findUniqueOrThrow({ where: { key: 'exec-roundtable-2027' } })).title).toBe('Supply risk in 2027: an executive roundtable');
  },
  30_000,
);

it.runIf(testDatabase() === 'sqlite')(
  'answers a query asked again with other values with its own rows, also after the same statement failed, and after another process changed the table',
  async () => {
    const { db, url } = fresh;
    const domains = ['alpha.example', 'beta.example', 'gamma.example'];
    for (const domain of domains) await db.account.create({ data: { domain, name: domain.split('.')[0]!, poolStatus: 'target' } });
    // The same statement each time (the connection keeps it compiled), with this call's values.
    for (const domain of [...domains, ...[...domains].reverse()]) {
      expect((await db.account.findUniqueOrThrow({ where: { domain } })).name).toBe(domain.split('.')[0]);
    }
    await expect(db.account.create({ data: { domain: 'alpha.example', name: 'Twice', poolStatus: 'target' } })).rejects.toMatchObject({ code: 'P2002' });
    const delta = await db.account.create({ data: { domain: 'delta.example', name: 'delta', poolStatus: 'target' } });
    expect(await db.account.count({ where: { domain: { endsWith: 'a.example' } } })).toBe(4);

    // Another process adds a column and renames an account: the kept statement sees both.
    await changeInAnotherProcess(url, ['ALTER TABLE Account ADD COLUMN "otherProcessNote" TEXT', "UPDATE Account SET name = 'Delta renamed' WHERE domain = 'delta.example'"]);
    expect((await db.account.findUniqueOrThrow({ where: { domain: 'delta.example' } })).name).toBe('Delta renamed');
    expect((await db.account.findUniqueOrThrow({ where: { id: delta.id } })).domain).toBe('delta.example');
  },
  30_000,
);

it.runIf(testDatabase() === 'sqlite')(
  "reads a kept statement's columns again after another process changed the table (a migration during a rolling deploy)",
  async () => {
    const { db, url } = fresh;
    await db.account.create({ data: { domain: 'epsilon.example', name: 'epsilon', poolStatus: 'target' } });
    const read = async () => (await selectRows(db, { sql: 'SELECT * FROM "Account" WHERE "domain" = ?', args: ['epsilon.example'] }))[0]!;
    expect(await read()).not.toHaveProperty('migratedNote');
    expect((await read()).name).toBe('epsilon');

    await changeInAnotherProcess(url, ['ALTER TABLE Account ADD COLUMN "migratedNote" TEXT', "UPDATE Account SET migratedNote = 'added by the migration' WHERE domain = 'epsilon.example'"]);
    const after = await read();
    expect(after.migratedNote).toBe('added by the migration');
    expect(after.name).toBe('epsilon');
  },
  30_000,
);

it.runIf(testDatabase() === 'sqlite')(
  'runs a kept write after another process changed its table, and a new write that names the added column',
  async () => {
    const { db, url } = fresh;
    await db.$executeRawUnsafe('CREATE TABLE "Note" ("id" INTEGER PRIMARY KEY, "body" TEXT)');
    const insert = 'INSERT INTO "Note" ("id", "body") VALUES (?, ?)';
    await writeAtomically(db, [{ sql: insert, args: [1, 'before'] }]);

    await changeInAnotherProcess(url, ['ALTER TABLE Note ADD COLUMN "author" TEXT']);
    await writeAtomically(db, [
      { sql: insert, args: [2, 'kept statement'] },
      { sql: 'INSERT INTO "Note" ("id", "body", "author") VALUES (?, ?, ?)', args: [3, 'new statement', 'migration'] },
    ]);
    expect(await selectRows(db, { sql: 'SELECT "body", "author" FROM "Note" ORDER BY "id"', args: [] })).toEqual([
      { body: 'before', author: null },
      { body: 'kept statement', author: null },
      { body: 'new statement', author: 'migration' },
    ]);
  },
  30_000,
);
