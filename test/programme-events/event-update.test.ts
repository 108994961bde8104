// Saving an event file again stores what the file says now, and only that: a field the file no
// longer has (its audience, its cost) is gone from the event, and a file that says what is stored
// already writes nothing and is reported unchanged, not "updated".
import { expect, it } from 'vitest';
import { fileCostId, saveEvent } from '../../programme-events/event-file';
import { showEvent } from '../../programme-events/event-list';
import type { EventDefinition } from '../../domain/programme-events/event-definition';
import { useFreshDb } from '../support/fresh-db';
import { future } from '../support/invitees';

const fresh = useFreshDb();

const summit: EventDefinition = {
  key: 'cfo-summit',
  kind: 'summit',
  title: 'CFO summit',
  start: future(20),
  end: future(20.2),
  timezone: 'Europe/Berlin',
  venue: 'Hamburg',
  capacity: 40,
  audience: { roles: ['budget_holder', 'decision_maker'], seniority: ['executive'] },
  cost: { amount: 5000, currency: 'EUR' },
};

it('reports a file saved again unchanged, and writes nothing', async () => {
  const { db } = fresh;
  expect(await saveEvent(db, summit)).toEqual({ key: 'cfo-summit', created: true, changed: true, notes: [] });
  const before = await db.event.findUniqueOrThrow({ where: { key: 'cfo-summit' } });
  const costBefore = await db.cost.findUniqueOrThrow({ where: { id: fileCostId('cfo-summit') } });

  expect(await saveEvent(db, { ...summit })).toEqual({ key: 'cfo-summit', created: false, changed: false, notes: [] });
  expect((await db.event.findUniqueOrThrow({ where: { key: 'cfo-summit' } })).updatedAt).toEqual(before.updatedAt);
  expect(await db.cost.findUniqueOrThrow({ where: { id: fileCostId('cfo-summit') } })).toEqual(costBefore);

  // A change of cost alone is a change.
  expect((await saveEvent(db, { ...summit, cost: { amount: 6000, currency: 'EUR' } })).changed).toBe(true);
  expect((await db.cost.findUniqueOrThrow({ where: { id: fileCostId('cfo-summit') } })).amount).toBe(6000);
});

it('drops the audience and the cost a file no longer names', async () => {
  const { db } = fresh;
  await saveEvent(db, summit);
  expect((await showEvent(db, 'cfo-summit')).audience).toEqual({ roles: ['budget_holder', 'decision_maker'], seniority: ['executive'] });

  const { audience: _audience, cost: _cost, ...plain } = summit;
  expect(await saveEvent(db, plain)).toEqual({ key: 'cfo-summit', created: false, changed: true, notes: [] });
  const shown = await showEvent(db, 'cfo-summit');
  expect(shown.audience).toEqual({ roles: null, seniority: null });
  expect(shown.cost).toBeNull();
  expect(await db.cost.findUnique({ where: { id: fileCostId('cfo-summit') } })).toBeNull();
  // Saved again as it is now: nothing to change.
  expect((await saveEvent(db, plain)).changed).toBe(false);
});
