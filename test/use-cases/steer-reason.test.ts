// Stopping or pausing a journey says why on the account's timeline: a blank reason, which the CLI
// took (`--reason ""` printed "stop sent" and the timeline read "journey stopped: "), is refused at
// the use-case every door goes through, naming the field as each door spells it.
import type { Client } from '@temporalio/client';
import { expect, it } from 'vitest';
import { forCli } from '../../domain/fields/field-ref';
import { steerJourneys } from '../../use-cases/steer';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
const noTemporal = {} as Client; // never reached: the reason is checked first

it('refuses a blank reason and trims a padded one', async () => {
  const refusal = await steerJourneys(t.db, noTemporal, { accountId: 'any' }, 'stop', '   ').catch((err: Error) => forCli(err.message));
  expect(refusal).toBe('--reason: say why, for the timeline, e.g. "the customer asked us to stop"');
  // A padded reason is read trimmed; with no running journey nothing is steered.
  expect(await steerJourneys(t.db, noTemporal, { accountId: 'any' }, 'pause', '  customer asked  ')).toEqual({ steered: [], unchanged: [] });
});
