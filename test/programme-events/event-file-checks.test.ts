// What `harpoon events create` makes of an event file the invitation would otherwise get wrong: a
// time the clocks skip that night, a line break in a one-line field, a time zone typed in lower
// case. Through the real CLI against a fresh database file, and the invitation built from what it stored.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { beforeAll, expect, it } from 'vitest';
import { loadInvitation } from '../../activities/invitation-data';
import { runCli } from '../support/cli';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let env: Record<string, string>;
const eventFile = (name: string, fields: string) => {
  const at = path.join(t.dir, `${name}.yaml`);
  writeFileSync(at, `key: ${name}\nkind: roundtable\n${fields}\n`);
  return at;
};
beforeAll(() => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
});

it('refuses a start or end the clocks skip that night, naming the field and the times that exist, and stores nothing', async () => {
  const springForward = eventFile('spring-forward', 'title: Night shift\nstart: "2027-03-28T02:30"\nend: "2027-03-28T03:15"\ntimezone: Europe/Berlin\nvenue: Hall');
  const refused = await runCli(['events', 'create', springForward], env);
  expect([refused.code, refused.stderr]).toEqual([
    1,
    [
      `harpoon: ${springForward}: 1 problem(s), nothing stored`,
      'start: "2027-03-28T02:30" does not exist in Europe/Berlin (clocks go forward from 02:00 to 03:00), expected a time before 02:00 or from 03:00',
      '',
    ].join('\n'),
  ]);
  const endSkipped = eventFile('end-skipped', 'title: Night shift\nstart: "2027-03-28T01:30"\nend: "2027-03-28T02:15"\ntimezone: Europe/Berlin\nvenue: Hall');
  expect((await runCli(['events', 'create', endSkipped], env)).stderr).toContain(
    'end: "2027-03-28T02:15" does not exist in Europe/Berlin (clocks go forward from 02:00 to 03:00), expected a time before 02:00 or from 03:00',
  );
  expect(await t.db.event.count()).toBe(0);
  // Either side of the jump is a time of that night.
  const around = eventFile('around-the-jump', 'title: Night shift\nstart: "2027-03-28T01:30"\nend: "2027-03-28T03:15"\ntimezone: Europe/Berlin\nvenue: Hall');
  expect(await runCli(['events', 'create', around], env)).toMatchObject({ code: 0 });
  const stored = await t.db.event.findUniqueOrThrow({ where: { key: 'around-the-jump' } });
  expect([stored.startsAt.toISOString(), stored.endsAt.toISOString()]).toEqual(['2027-03-28T00:30:00.000Z', '2027-03-28T01:15:00.000Z']);
});

it('refuses a line break or control character in the title or the venue, naming each field', async () => {
  const broken = eventFile('broken-lines', 'title: "Supply risk\\nroundtable"\nstart: "2027-03-04T17:00"\nend: "2027-03-04T19:00"\ntimezone: Europe/Berlin\nvenue: "Am Sandtorkai 50\\tHamburg"');
  const refused = await runCli(['events', 'create', broken], env);
  expect([refused.code, refused.stderr]).toEqual([
    1,
    [
      `harpoon: ${broken}: 2 problem(s), nothing stored`,
      'title: "Supply risk\\nroundtable" contains a line break, expected the title invitees will see, on one line',
      'venue: "Am Sandtorkai 50\\tHamburg" contains a control character (a tab), expected the address invitees will see, without it',
      '',
    ].join('\n'),
  ]);
  expect(await t.db.event.count({ where: { key: 'broken-lines' } })).toBe(0);
});

it('stores a time zone typed in lower case as the zone spells itself, so the calendar entry carries its definition', async () => {
  const lower = eventFile('lower-case-zone', 'title: Supply risk\nstart: "2027-03-04T17:00"\nend: "2027-03-04T19:00"\ntimezone: europe/berlin\nvenue: Hamburg');
  expect(await runCli(['events', 'create', lower], env)).toMatchObject({ code: 0 });
  const shown = JSON.parse((await runCli(['events', 'show', 'lower-case-zone', '--json'], env)).stdout);
  expect(shown).toMatchObject({ timezone: 'Europe/Berlin', startsAt: '2027-03-04T16:00:00.000Z' });

  const contact = { id: 'contact-1', email: 'ceo@castell.example', firstName: 'Laura', lastName: 'Johnson' };
  const invitation = await loadInvitation(t.db, 'lower-case-zone', contact, 'Harpoon Events <events@harpoon.example>', new Date('2026-11-23T10:00:00Z'));
  expect(invitation?.event.timezone).toBe('Europe/Berlin');
  const calendar = new ICAL.Component(ICAL.parse(invitation!.ics));
  expect(new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!).tzid).toBe('Europe/Berlin');
  expect(invitation!.ics).toContain('DTSTART;TZID=Europe/Berlin:20270304T170000');
});
