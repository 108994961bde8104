// `harpoon events` and `harpoon engagement` through the real CLI against a fresh database file:
// event files validated with every problem at its path, list and show, the attendance import all
// or nothing with row and column, and the old `events send` spelling with its notice.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { eventTookPlace } from '../support/invitees';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let env: Record<string, string>;
const file = (name: string, text: string) => {
  const at = path.join(t.dir, name);
  writeFileSync(at, text);
  return at;
};
beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  await t.db.account.create({
    data: {
      domain: 'gala.example',
      name: 'Gala',
      poolStatus: 'target',
      contacts: { create: [{ email: 'ana@gala.example', firstName: 'Ana', lastName: 'Gala', role: 'decision_maker' }, { email: 'ben@gala.example', role: 'champion' }] },
    },
  });
});

it('creates the sample events, lists them soonest first and shows one with its seats', async () => {
  for (const sample of ['exec-roundtable-2027.yaml', 'line-feeding-webinar-2027.yaml']) {
    const created = await runCli(['events', 'create', path.join('samples', 'events', sample)], env);
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toMatch(/^created event /);
  }
  const again = await runCli(['events', 'create', path.join('samples', 'events', 'exec-roundtable-2027.yaml')], env);
  expect(again).toMatchObject({ code: 0, stdout: 'exec-roundtable-2027 is unchanged\n' });
  const list = await runCli(['events', 'list'], env);
  expect(list.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[0])).toEqual(['line-feeding-webinar-2027', 'exec-roundtable-2027']);
  expect(list.stdout).toContain('exec-roundtable-2027  roundtable  2027-03-04 17:00 Europe/Berlin  0/12 seats, 0 waitlisted');
  const shown = JSON.parse((await runCli(['events', 'show', 'exec-roundtable-2027', '--json'], env)).stdout);
  expect(shown).toMatchObject({ startsAt: '2027-03-04T16:00:00.000Z', capacity: 12, cost: { amount: 180, currency: 'EUR' }, registrations: [] });
  expect(await runCli(['events', 'show', 'nope'], env)).toMatchObject({ code: 1, stderr: 'harpoon: No event "nope": list them with "harpoon programme-events list", create one with "harpoon programme-events create <file>".\n' });
});

it("counts an event file's cost as a cost of the programme, as the file says, in the month the event starts", async () => {
  // The sample roundtable costs 180 EUR; the webinar is free and records nothing.
  const costs = JSON.parse((await runCli(['costs', 'list', '--json'], env)).stdout) as Array<{ id: string; amount: number; currency: string; period: string | null }>;
  expect(costs.filter((c) => c.id.startsWith('event-file:'))).toEqual([expect.objectContaining({ id: 'event-file:exec-roundtable-2027', amount: 180, currency: 'EUR', period: '2027-03' })]);
  const dearer = file('dearer.yaml', readFileSync(path.join('samples', 'events', 'exec-roundtable-2027.yaml'), 'utf8').replace('amount: 180', 'amount: 240'));
  expect(await runCli(['events', 'create', dearer], env)).toMatchObject({ code: 0 });
  expect(await t.db.cost.findMany({ where: { eventKey: 'exec-roundtable-2027' }, select: { amount: true } })).toEqual([{ amount: 240 }]);
  const removed = await runCli(['costs', 'remove', 'event-file:exec-roundtable-2027'], env);
  expect(removed.stderr).toContain('is the cost written in the event file of exec-roundtable-2027: remove its "cost" there');
  const usd = file('usd.yaml', readFileSync(path.join('samples', 'events', 'exec-roundtable-2027.yaml'), 'utf8').replace('currency: EUR', 'currency: USD').replace('exec-roundtable-2027', 'usd-roundtable'));
  const refused = await runCli(['events', 'create', usd], env);
  expect([refused.code, refused.stderr]).toEqual([1, "harpoon: cost.currency: amounts are kept in EUR; give the event's cost in EUR\n"]);
  expect(await t.db.event.count({ where: { key: 'usd-roundtable' } })).toBe(0);
});

it('lists every problem of an event file with its path, and stores nothing', async () => {
  const bad = file('bad.yaml', 'key: town-hall\nkind: party\nstart: "2027-01-01T10:00"\nend: "2027-01-01T09:00"\ntimezone: Mars/Olympus\nvenue: Hall\ncapacity: 0\n');
  const result = await runCli(['events', 'create', bad], env);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(
    [
      `harpoon: ${bad}: 4 problem(s), nothing stored`,
      'kind: "party" is not an event kind, expected one of webinar, summit, roundtable, workshop, training, trade_show, executive_club',
      'title: missing, expected a string',
      'timezone: "Mars/Olympus" is not an IANA time zone, expected e.g. Europe/Berlin',
      'capacity: expected at least 1 seat',
      '',
    ].join('\n'),
  );
  expect(await t.db.event.count({ where: { key: 'town-hall' } })).toBe(0);
  // A day the calendar does not have is refused, not rolled over into March.
  const feb30 = file('feb30.yaml', 'key: feb-30\nkind: webinar\ntitle: Leap\nstart: "2027-02-30T16:00"\nend: "2027-02-30T17:00"\ntimezone: UTC\nonline: https://meet.example/x\ncapacity: 10\n');
  const leap = await runCli(['events', 'create', feb30], env);
  expect([leap.code, leap.stderr]).toEqual([1, expect.stringContaining('start: "2027-02-30T16:00" is not a local date and time, expected YYYY-MM-DDTHH:MM')]);
});

it('imports attendance all or nothing for malformed rows, naming each bad row and column, and reports walk-ins', async () => {
  // Before the event has begun, its export is refused whole: most likely it is another event's.
  const early = await runCli(['events', 'attendance', 'line-feeding-webinar-2027', file('early.csv', 'Email,Attended\nana@gala.example,yes\n')], env);
  expect([early.code, early.stderr]).toEqual([1, expect.stringContaining('so nobody has attended it yet; import its attendance once it has begun')]);
  await eventTookPlace(t.db, 'line-feeding-webinar-2027');
  const bad = file('bad.csv', 'Email,Attended,Duration\nana@gala.example,maybe,40\nnobody@gala.example,yes,12\nben(at)gala.example,no,0\n');
  const refused = await runCli(['events', 'attendance', 'line-feeding-webinar-2027', bad], env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(new RegExp(`^harpoon: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 2 problem\\(s\\), nothing imported\nrow 2, column attended: "maybe" is not an answer, expected yes or no\nrow 4, column email: `));
  expect(await t.db.touch.count({ where: { type: { startsWith: 'event_' } } })).toBe(0);
  expect(await t.db.unmatchedAttendance.count()).toBe(0);

  const good = file('good.csv', 'Email,Attended,Duration\nana@gala.example,Yes,40\nben@gala.example,No,0\nnobody@gala.example,yes,12\n');
  const imported = await runCli(['events', 'attendance', 'line-feeding-webinar-2027', good], env);
  expect(imported.stdout).toBe(
    [
      'line-feeding-webinar-2027: 1 attended, 0 no-show, 0 unchanged, 1 absent without a seat; queued for 0 journey(s)',
      '1 row(s) not a contact, kept as unmatched attendance (import them with "harpoon contacts import" to see them on an account):',
      '  row 4: nobody@gala.example (attended)',
      '',
    ].join('\n'),
  );
  expect((await runCli(['events', 'show', 'line-feeding-webinar-2027'], env)).stdout).toContain('not contacts (kept as unmatched attendance): 1 attended, 0 absent');
  const touch = await t.db.touch.findFirstOrThrow({ where: { type: 'event_attended' } });
  expect(touch.detail).toMatchObject({ eventKey: 'line-feeding-webinar-2027', tag: 'line-feeding-webinar-2027' });
  const timeline = await runCli(['accounts', 'timeline', 'gala.example'], env);
  // Named as a person, as the console names them.
  expect(timeline.stdout).toMatch(/ Ana Gala: attended line-feeding-webinar-2027 \(attendance import\)/);
});

it('records engagement with `engagement send`, and still with `events send`, which names the new spelling', async () => {
  const now = await runCli(['engagement', 'send', 'clicked', '--contact', 'Ben@Gala.example', '--tag', 'pricing'], env);
  expect(now).toMatchObject({ code: 0, stderr: '' });
  // Named as it is stored, whatever case it was typed in.
  expect(now.stdout).toMatch(/^clicked recorded for ben@gala\.example; queued for/);
  const old = await runCli(['events', 'send', 'clicked', '--contact', 'ben@gala.example'], env);
  expect(old.code, old.stderr).toBe(0);
  expect(old.stderr).toBe('harpoon: "events send" is now "engagement send" (events are webinars and roundtables); this spelling still works.\n');
  expect(await t.db.touch.count({ where: { type: 'clicked' } })).toBe(2);
  // A contact without a name is named by address on the timeline.
  expect((await runCli(['accounts', 'timeline', 'gala.example'], env)).stdout).toMatch(/ ben@gala\.example: clicked \(pricing\) via /);
  // A programme-event answer has its own doors, which keep the seats and `programme-events show` true.
  const answer = await runCli(['engagement', 'send', 'event_registered', '--contact', 'ben@gala.example'], env);
  expect([answer.code, answer.stderr]).toEqual([1, expect.stringContaining('"event_registered" is a programme-event answer: registrations come through the invitation links')]);
  expect(await t.db.touch.count({ where: { type: 'event_registered' } })).toBe(0);
});
