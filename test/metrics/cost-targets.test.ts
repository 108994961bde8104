// `harpoon costs add` records a cost only for something Harpoon has: a mistyped event key, like a
// mistyped journey key, is refused in one line naming how to list the real ones, and nothing is kept.
import { beforeAll, expect, it } from 'vitest';
import { saveEvent } from '../../programme-events/event-file';
import { runCli } from '../support/cli';
import { useFreshDb } from '../support/fresh-db';
import { future } from '../support/invitees';

const t = useFreshDb();
let env: Record<string, string>;
beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir, TEMPORAL_ADDRESS: '127.0.0.1:1' };
  await saveEvent(t.db, { key: 'summit-2026', kind: 'summit', title: 'Summit', start: future(10), end: future(11), timezone: 'UTC', venue: 'Lisbon' });
});

it('refuses a cost for an event that does not exist, naming how to list events; records one for an event that does', async () => {
  const unknown = await runCli(['costs', 'add', '--amount', '100', '--currency', 'EUR', '--event', 'nope'], env);
  expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'harpoon: --event: no event "nope"; list them with "harpoon programme-events list"']);
  expect(await t.db.cost.count()).toBe(0);

  const known = await runCli(['costs', 'add', '--amount', '100', '--currency', 'EUR', '--event', 'summit-2026'], env);
  expect(known.code, known.stderr).toBe(0);
  expect(known.stdout).toMatch(/^recorded 100.00 EUR for event summit-2026 \(\w+\)/);
});
