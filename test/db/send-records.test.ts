// The send path's own statements (activities/send-records.ts through db/direct-sql.ts), on the
// suite's database: what they write and read is what the typed client writes and reads, whatever
// the process's local time zone, and the attempt's one read brings the rep tasks the caps count.
import { afterEach, beforeAll, expect, it } from 'vitest';
import { loadJourneyAttempts, loadSendRecord, writeSendMarks, type NewSendRow } from '../../activities/send-records';
import { selectRows, writeAtomically } from '../../db/direct-sql';
import { useFreshDb } from '../support/fresh-db';
import { testDatabase } from '../support/paths';

const fresh = useFreshDb();
const zoneBefore = process.env.TZ;
let accountId = '';
let contactId = '';

beforeAll(async () => {
  const account = await fresh.db.account.create({
    data: { domain: 'send-records.example', name: 'Send Records AG', poolStatus: 'target', contacts: { create: { email: 'ana@send-records.example', role: 'champion' } } },
    include: { contacts: true },
  });
  accountId = account.id;
  contactId = account.contacts[0]!.id;
});

afterEach(() => {
  // Node reads TZ again when it is set: the other tests run in the zone they started in.
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
});

const row = (key: string): NewSendRow => ({
  idempotencyKey: key,
  accountId,
  contactId,
  salesRepId: null,
  workflowId: 'journey/send-records',
  stepPath: `engage/${key}`,
  templateKey: 'intro',
  variantAssignmentId: null,
  variantKey: null,
  messageId: `<${key}@harpoon.local>`,
});

const countedStatuses = ['sent', 'sending', 'relay_wait'];

it('records a send at the instant it happened and reads it back so, in a process whose local zone is not UTC', async () => {
  process.env.TZ = 'America/New_York';
  const handedOffAt = new Date('2026-11-30T23:30:00.250Z'); // another calendar day in New York
  const sentAt = new Date('2026-11-30T23:30:01.500Z');
  await writeSendMarks(fresh.db, [{ kind: 'sending', row: row('tz'), handedOffAt }]);
  await writeSendMarks(fresh.db, [{ kind: 'sent', idempotencyKey: 'tz', sentAt, touch: { accountId, contactId, type: 'email_sent', idempotencyKey: 'tz|sent', at: sentAt } }]);

  const typed = await fresh.db.emailSend.findUniqueOrThrow({ where: { idempotencyKey: 'tz' } });
  expect(typed).toMatchObject({ status: 'sent', handedOffAt, sentAt });
  expect((await fresh.db.touch.findUniqueOrThrow({ where: { idempotencyKey: 'tz|sent' } })).at).toEqual(sentAt);
  expect(await loadSendRecord(fresh.db, 'tz')).toMatchObject({ status: 'sent', handedOffAt, sentAt });

  const attempt = (await loadJourneyAttempts(fresh.db, [{ idempotencyKey: 'tz', accountId, contactId, sinceMs: sentAt.getTime() - 60_000 }], countedStatuses))[0]!;
  expect(attempt.prior).toMatchObject({ sentAt });
});

it("brings, in the attempt's read, the account's open and done rep tasks since the window's start, and no other", async () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  const task = (key: string, status: string, createdAgoMs: number, aboutContact: boolean) => ({
    idempotencyKey: key,
    accountId,
    contactId: aboutContact ? contactId : null,
    workflowId: 'journey/send-records',
    journeyKey: 'send-records',
    stepPath: `call/${key}`,
    channel: 'call',
    title: 'Call',
    timeZone: 'UTC',
    dueAt: new Date(now + 86_400_000),
    waits: false,
    status,
    createdAt: new Date(now - createdAgoMs),
  });
  await fresh.db.repTask.createMany({
    data: [
      task('open-contact', 'open', 3_600_000, true),
      task('done-account', 'done', 7_200_000, false),
      task('skipped', 'skipped', 3_600_000, true),
      task('too-old', 'open', 30 * 86_400_000, true),
    ],
  });
  const attempt = (await loadJourneyAttempts(fresh.db, [{ idempotencyKey: 'new-send', accountId, contactId, sinceMs: now - 7 * 86_400_000 }], countedStatuses))[0]!;
  expect(attempt.repTasks.sort((a, b) => a.atMs - b.atMs)).toEqual([
    { contactId: null, atMs: now - 7_200_000 },
    { contactId, atMs: now - 3_600_000 },
  ]);
  expect(attempt.account).toMatchObject({ name: 'Send Records AG', poolStatus: 'target' });
  expect(attempt.contact).toMatchObject({ id: contactId, email: 'ana@send-records.example' });
  expect(attempt.prior).toBeNull();
});

it.runIf(testDatabase() === 'postgresql')('runs its statements, prepared on every connection, after a migration changed the type of a column they return', async () => {
  await fresh.db.$executeRawUnsafe('CREATE TABLE "Scratch" ("id" INTEGER PRIMARY KEY, "value" INTEGER)');
  await fresh.db.$executeRawUnsafe('INSERT INTO "Scratch" VALUES (1, 42)');
  const read = () => selectRows(fresh.db, { sql: 'SELECT "value" FROM "Scratch" WHERE "id" = ?', args: [1] });
  // At once, so the statement is prepared on each of the pool's connections.
  expect(await Promise.all(Array.from({ length: 12 }, read))).toEqual(Array.from({ length: 12 }, () => [{ value: '42' }]));
  await fresh.db.$executeRawUnsafe('ALTER TABLE "Scratch" ALTER COLUMN "value" TYPE TEXT');
  expect(await Promise.all(Array.from({ length: 12 }, read))).toEqual(Array.from({ length: 12 }, () => [{ value: '42' }]));
});

it('reads the attempts of several sends in one statement, each with its own account, contact and sends', async () => {
  const other = await fresh.db.account.create({
    data: { domain: 'other-attempt.example', name: 'Other Attempt Ltd', poolStatus: 'target', contacts: { create: [{ email: 'bo@other-attempt.example', role: 'user' }, { email: 'cy@other-attempt.example', role: 'champion' }] } },
    include: { contacts: true },
  });
  const [bo, cy] = other.contacts;
  const at = new Date('2026-12-06T08:00:00.000Z');
  await fresh.db.emailSend.create({
    data: { idempotencyKey: 'bo-earlier', accountId: other.id, contactId: bo!.id, workflowId: 'w', stepPath: 'engage/a', templateKey: 'intro', messageId: '<bo-earlier@harpoon>', status: 'sent', sentAt: at },
  });
  const since = at.getTime() - 86_400_000;
  const attempts = await loadJourneyAttempts(
    fresh.db,
    [
      { idempotencyKey: 'bo-earlier', accountId: other.id, contactId: bo!.id, sinceMs: since },
      { idempotencyKey: 'cy-next', accountId: other.id, contactId: cy!.id, sinceMs: since },
      { idempotencyKey: 'gone', accountId: 'no-such-account', contactId: cy!.id, sinceMs: since },
      { idempotencyKey: 'moved', accountId, contactId: cy!.id, sinceMs: since },
    ],
    countedStatuses,
  );
  expect(attempts.map((a) => [a.prior?.idempotencyKey ?? null, a.account?.name ?? null, a.contact?.email ?? null, a.recent.map((r) => r.idempotencyKey)])).toEqual([
    ['bo-earlier', 'Other Attempt Ltd', 'bo@other-attempt.example', []],
    [null, 'Other Attempt Ltd', 'cy@other-attempt.example', ['bo-earlier']],
    [null, null, null, []],
    [null, 'Send Records AG', null, expect.any(Array)],
  ]);
});

it("writes one send's sending mark and another's sent record in one call, each row as asked", async () => {
  const sentAt = new Date('2026-12-07T09:00:00.000Z');
  await writeSendMarks(fresh.db, [{ kind: 'sending', row: row('first'), handedOffAt: sentAt }]);
  await writeSendMarks(fresh.db, [
    { kind: 'sent', idempotencyKey: 'first', sentAt, touch: { accountId, contactId, type: 'email_sent', idempotencyKey: 'first|sent', at: sentAt } },
    { kind: 'sending', row: row('second'), handedOffAt: sentAt },
  ]);
  expect(await loadSendRecord(fresh.db, 'first')).toMatchObject({ status: 'sent', sentAt });
  expect(await loadSendRecord(fresh.db, 'second')).toMatchObject({ status: 'sending', handedOffAt: sentAt, sentAt: null });
  expect(await fresh.db.touch.count({ where: { idempotencyKey: { in: ['first|sent', 'second|sent'] } } })).toBe(1);
});

it("writes all of a call's statements or none of them, and the connection goes on after a failed call", async () => {
  const insert = (key: string) => ({
    sql: `INSERT INTO "EmailSend" ("idempotencyKey", "accountId", "contactId", "workflowId", "stepPath", "templateKey", "messageId", "status", "createdAt") VALUES (?, ?, ?, 'w', 's', 'intro', ?, 'queued', ?)`,
    args: [key, accountId, contactId, `<${key}@harpoon>`, new Date()],
  });
  // The second statement names an account that does not exist: its foreign key refuses it.
  const refused = { ...insert('atomic-refused'), args: ['atomic-refused', 'no-such-account', contactId, '<atomic-refused@harpoon>', new Date()] };
  await expect(writeAtomically(fresh.db, [insert('atomic-first'), refused])).rejects.toThrow();
  expect(await fresh.db.emailSend.count({ where: { idempotencyKey: { startsWith: 'atomic-' } } })).toBe(0);
  await writeAtomically(fresh.db, [insert('atomic-second'), insert('atomic-third')]);
  expect(await fresh.db.emailSend.count({ where: { idempotencyKey: { startsWith: 'atomic-' } } })).toBe(2);
});

it('writes batches of every size, one after another, as group commit makes them', async () => {
  // Small ones prepared on PostgreSQL, large ones not (db/direct-sql.ts).
  for (let size = 1; size <= 130; size++) {
    const keys = Array.from({ length: size }, (_, i) => `batch-${size}-${i}`);
    await writeSendMarks(fresh.db, keys.map((key) => ({ kind: 'sending', row: row(key), handedOffAt: new Date() })));
  }
  expect(await fresh.db.emailSend.count({ where: { idempotencyKey: { startsWith: 'batch-' } } })).toBe((130 * 131) / 2);
  expect(await loadSendRecord(fresh.db, 'batch-130-129')).toMatchObject({ status: 'sending' });
});
