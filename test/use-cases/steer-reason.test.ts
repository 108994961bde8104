// Stopping or pausing a journey says why on the account's timeline: a blank reason, which the CLI
// took (`--reason ""` printed "stop sent" and the timeline read "journey stopped: "), is refused at
// the use-case every door goes through, naming the field as each door spells it.
import type { Client } from '@temporalio/client';
import { expect, it } from 'vitest';
import { forCli } from '../../domain/fields/field-ref';
import { noJourneyToSteer, steerJourneys } from '../../use-cases/steer';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
const noTemporal = {} as Client; // never reached: the reason is checked first

it('refuses a blank reason and trims a padded one', async () => {
  const refusal = await steerJourneys(t.db, noTemporal, { accountId: 'any' }, 'stop', '   ').catch((err: Error) => forCli(err.message));
  expect(refusal).toBe('--reason: say why, for the timeline, e.g. "the customer asked us to stop"');
  // A padded reason is read trimmed; with no running journey nothing is steered.
  expect(await steerJourneys(t.db, noTemporal, { accountId: 'any' }, 'pause', '  customer asked  ')).toEqual({ steered: [], unchanged: [] });
});

it('says why an account has no journey to steer: held out, ended (how and when), or never launched', async () => {
  const account = await t.db.account.create({ data: { domain: 'steered.example', name: 'Steered AG', tier: 1, poolStatus: 'target' } });
  expect(await noJourneyToSteer(t.db, account)).toBe('steered.example has no journey yet: launch one ("harpoon journeys launch <journey> --account steered.example")');
  await t.db.journeyRun.create({
    data: { workflowId: `journey/nurture/${account.id}`, journeyKey: 'nurture', journeyVersion: 1, accountId: account.id, status: 'stopped', endedAt: new Date('2026-12-07T10:00:00Z'), exitReason: 'customer asked us to stop' },
  });
  expect(await noJourneyToSteer(t.db, account)).toBe('steered.example has no running journey: nurture stopped on 2026-12-07 (customer asked us to stop)');
  await t.db.holdoutAssignment.create({ data: { journeyKey: 'executive', accountId: account.id, group: 'held_out', stratum: 'tier 1', share: 0.1, seed: 's', launch: 'launch' } });
  expect(await noJourneyToSteer(t.db, account, 'executive')).toBe('steered.example has no running journey "executive": it is held out of executive (measured, not contacted)');
});
