// A journey with a holdout, launched for real (time-skipping Temporal, real worker, database and SMTP
// sink): each tier holds out exactly round(share × its eligible accounts), the held-out accounts get
// no journey and no email, only a note on their timeline saying why, a relaunch keeps every
// account's group, and auto-enrolment holds out newcomers at the same share.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reconcileAutoEnrolment } from '../../client/auto-enrol';
import { assignHoldout } from '../../domain/measurement/holdout';
import { launchForAccounts } from '../../use-cases/launch';
import { createJourneyHarness, type JourneyHarness } from '../support/journey-harness';

let h: JourneyHarness;
beforeAll(async () => {
  h = await createJourneyHarness();
});
afterAll(async () => {
  await h?.teardown();
});

const noQuietHours = { quietHours: { start: '00:00', end: '00:00', weekends: false } };
const hello = [{ key: 'engage', steps: [{ id: 'hello', type: 'email', template: 'intro', audience: { roles: ['champion'] } }] }];

async function accounts(prefix: string, tier: number, n: number) {
  return Promise.all(Array.from({ length: n }, (_, i) => h.account({ domain: `${prefix}-${i}.example`, tier, contacts: [{ email: `champ@${prefix}-${i}.example`, role: 'champion' }] })));
}

it('holds out round(share × n) per tier, starts nothing for them, and keeps the groups on a relaunch', async () => {
  await h.publish({ key: 'exec-holdout', name: 'Exec', policy: noQuietHours, entry: { tiers: [1, 2] }, holdout: { share: 0.2, seed: 'spring' }, stages: hello });
  const tier1 = await accounts('one', 1, 10);
  const tier2 = await accounts('two', 2, 5);
  const all = [...tier1, ...tier2];

  const summary = await launchForAccounts(h.db, h.env.client, h.taskQueue, 'exec-holdout', all);
  // 0.2 × 10 = 2 of tier 1; 0.2 × 5 = 1 of tier 2.
  expect(summary.holdout?.byStratum).toEqual([
    { stratum: 'tier 1', heldOut: 2, treated: 8 },
    { stratum: 'tier 2', heldOut: 1, treated: 4 },
  ]);
  expect(summary.started).toHaveLength(12);
  const held = summary.holdout!.heldOut;
  expect(held).toHaveLength(3);
  // The seed decides: the same pure assignment, given the same accounts and seed, picks the same ones.
  const expected = assignHoldout(all.map((a) => ({ accountId: a.id, tier: a.tier })), 0.2, 'spring', []).filter((a) => a.group === 'held_out').map((a) => a.accountId);
  expect(all.filter((a) => held.includes(a.domain)).map((a) => a.id).sort()).toEqual(expected.sort());

  for (const a of all) {
    const run = await h.db.journeyRun.findFirst({ where: { accountId: a.id } });
    if (held.includes(a.domain)) expect(run).toBeNull();
    else await h.env.client.workflow.getHandle(run!.workflowId).result();
  }
  for (const a of all.filter((x) => held.includes(x.domain))) {
    const touches = await h.db.touch.findMany({ where: { accountId: a.id } });
    expect(touches.map((t) => [t.type, (t.detail as { text: string }).text])).toEqual([
      ['journey_held_out', `held out of exec-holdout: 20% of tier ${a.tier} accounts, seed "spring"; measured, not contacted`],
    ]);
    expect(await h.sends(a.id)).toEqual([]);
  }
  const treated = all.find((a) => !held.includes(a.domain))!;
  expect((await h.sends(treated.id)).map((s) => s.status)).toEqual(['sent']);

  // A relaunch, even with another share, keeps every account's group and records nothing new: the
  // treated accounts enter again (their runs ended, and re-entry allows it), the held-out ones stay out.
  const again = await launchForAccounts(h.db, h.env.client, h.taskQueue, 'exec-holdout', all, undefined, { holdoutShare: 0.5 });
  expect(again.holdout?.heldOut.sort()).toEqual([...held].sort());
  expect(again.started.sort()).toEqual(all.map((a) => a.domain).filter((d) => !held.includes(d)).sort());
  expect(await h.db.holdoutAssignment.count({ where: { journeyKey: 'exec-holdout' } })).toBe(15);
  expect(await h.db.touch.count({ where: { type: 'journey_held_out' } })).toBe(3);
});

it('holds out auto-enrolled accounts at the journey’s share, one round after another', async () => {
  await h.publish({ key: 'auto-holdout', name: 'Auto', policy: noQuietHours, entry: { tiers: [3] }, autoEnrol: true, holdout: { share: 0.5 }, stages: hello });
  await accounts('first', 3, 2);
  const round = await reconcileAutoEnrolment(h.db, h.env.client, h.taskQueue);
  // round(0.5 × 2) = 1 of the two tier-3 targets; the seed is the journey key.
  const launched = round.launched.find((s) => s.journeyKey === 'auto-holdout')!;
  expect([launched.started.length, launched.holdout?.heldOut.length, launched.holdout?.seed]).toEqual([1, 1, 'auto-holdout']);
  await accounts('later', 3, 2);
  const next = (await reconcileAutoEnrolment(h.db, h.env.client, h.taskQueue)).launched.find((s) => s.journeyKey === 'auto-holdout')!;
  // Two more: round(0.5 × 4) − 1 = 1 more held out; the first held-out account is not offered again.
  expect([next.started.length, next.holdout?.heldOut.length]).toEqual([1, 1]);
  const groups = await h.db.holdoutAssignment.groupBy({ by: ['group', 'launch'], where: { journeyKey: 'auto-holdout' }, _count: true });
  expect(groups.every((g) => g.launch.startsWith('auto-enrol '))).toBe(true);
  expect(await h.db.holdoutAssignment.count({ where: { journeyKey: 'auto-holdout', group: 'held_out' } })).toBe(2);
  expect(await h.db.journeyRun.count({ where: { journeyKey: 'auto-holdout' } })).toBe(2);
});

it('keeps a holdout given at launch when the journey is launched again without one: held-out accounts never start', async () => {
  // The journey declares no holdout; the first launch names one (`--holdout 50%`).
  await h.publish({ key: 'given-holdout', name: 'Given', policy: noQuietHours, entry: { tiers: [2] }, stages: hello });
  const first = await accounts('given', 2, 4);
  const summary = await launchForAccounts(h.db, h.env.client, h.taskQueue, 'given-holdout', first, undefined, { holdoutShare: 0.5 });
  const held = summary.holdout!.heldOut;
  expect(held).toHaveLength(2);

  // Launched again for one held-out account and two newcomers, with no share: the held-out one stays
  // out, and the newcomers are assigned at the share the journey was launched with.
  const newcomers = await accounts('given-later', 2, 2);
  const heldAccount = first.find((a) => a.domain === held[0])!;
  const again = await launchForAccounts(h.db, h.env.client, h.taskQueue, 'given-holdout', [heldAccount, ...newcomers]);
  expect(again.holdout).toMatchObject({ share: 0.5, seed: 'given-holdout' });
  expect(again.started).not.toContain(heldAccount.domain);
  expect(await h.db.journeyRun.findFirst({ where: { accountId: heldAccount.id } })).toBeNull();
  expect(await h.db.holdoutAssignment.count({ where: { journeyKey: 'given-holdout' } })).toBe(6);
  // round(0.5 × 6) = 3 held out in all: one of the two newcomers.
  expect(again.holdout!.heldOut).toHaveLength(2);
});
