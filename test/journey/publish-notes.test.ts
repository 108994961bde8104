// Publishing a journey whose invite step names an event that does not exist yet: published (the
// event may be created next), with a note naming the step and the event, which goes once it exists.
import { expect, it } from 'vitest';
import { publishJourney, validateJourneyDefinition } from '../../journeys/catalog';
import { saveEvent } from '../../programme-events/event-file';
import { useFreshDb } from '../support/fresh-db';
import { future } from '../support/invitees';

const t = useFreshDb();

const journey = {
  key: 'invites-ahead',
  name: 'Invites ahead',
  stages: [{ key: 'engage', steps: [{ id: 'invite', type: 'invite', event: 'roundtable-2027', audience: { roles: ['champion'] }, template: 'event-invitation' }] }],
};

it('notes an invite step whose event does not exist yet, and says nothing once it does', async () => {
  const checked = validateJourneyDefinition(journey);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const first = await publishJourney(t.db, checked.definition);
  expect(first).toMatchObject({ created: true, version: 1 });
  expect(first.notes).toEqual([
    'step engage/invite invites to roundtable-2027, which does not exist yet: create it ("harpoon programme-events create <file>") before an account reaches the step, which otherwise invites nobody',
  ]);

  await saveEvent(t.db, { key: 'roundtable-2027', kind: 'roundtable', title: 'Roundtable', start: future(30), end: future(31), timezone: 'UTC', venue: 'Board room' });
  expect(await publishJourney(t.db, checked.definition)).toMatchObject({ created: false, version: 1, notes: [] });
});
