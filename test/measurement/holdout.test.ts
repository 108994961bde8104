// Stratified, seeded, sticky holdout assignment.
import { expect, it } from 'vitest';
import { assignHoldout, countByStratum, heldOutCount, holdoutNote, holdoutSummaryLine, type Assigned } from '../../domain/measurement/holdout';
import { holdoutSettingsSchema, holdoutShareTextSchema } from '../../domain/measurement/holdout-settings';

const accounts = (tier: number | null, n: number, prefix = `t${tier}`) => Array.from({ length: n }, (_, i) => ({ accountId: `${prefix}-${i}`, tier }));
const heldIds = (a: Assigned[]) => a.filter((x) => x.group === 'held_out').map((x) => x.accountId).sort();

it('holds out round(share × n) of each tier, no tier being a stratum of its own', () => {
  // 10 % of 20 tier-1 = 2, of 35 tier-3 = 3.5 → 4, of 4 without a tier = 0.4 → 0
  const assigned = assignHoldout([...accounts(1, 20), ...accounts(3, 35), ...accounts(null, 4)], 0.1, 'seed', []);
  expect(countByStratum(assigned)).toEqual([
    { stratum: 'tier 1', heldOut: 2, treated: 18 },
    { stratum: 'tier 3', heldOut: 4, treated: 31 },
    { stratum: 'no tier', heldOut: 0, treated: 4 },
  ]);
});

it('gives the same groups for the same seed, whatever the order of the accounts, and other groups for another seed', () => {
  const pool = accounts(2, 50);
  const first = heldIds(assignHoldout(pool, 0.2, 'spring', []));
  expect(heldIds(assignHoldout([...pool].reverse(), 0.2, 'spring', []))).toEqual(first);
  expect(heldIds(assignHoldout(pool, 0.2, 'autumn', []))).not.toEqual(first);
});

it('keeps an earlier assignment and keeps the stratum at the share as accounts arrive one at a time', () => {
  const earlier = assignHoldout(accounts(1, 10), 0.2, 's', []); // 2 of 10
  const again = assignHoldout(accounts(1, 10), 0.2, 's', earlier);
  expect(again).toEqual(earlier);
  let all = earlier;
  for (let i = 0; i < 15; i++) {
    const [one] = assignHoldout([{ accountId: `late-${i}`, tier: 1 }], 0.2, 's', all);
    all = [...all, one!];
    // After each arrival the stratum holds out round(0.2 × its accounts): never more than half an account off.
    expect(all.filter((a) => a.group === 'held_out').length).toBe(Math.round(0.2 * all.length));
  }
  expect(all.filter((a) => a.group === 'held_out')).toHaveLength(5); // 0.2 × 25
});

it('reads the share from a journey file or a launch option, with errors a user can act on', () => {
  expect(holdoutSettingsSchema.parse({ share: 0.1 })).toEqual({ share: 0.1 });
  expect(holdoutSettingsSchema.safeParse({ share: 0.6 }).error?.issues[0]?.message).toBe('expected a share of at most 0.5: holding out more than half leaves the journey itself too few accounts');
  expect(holdoutSettingsSchema.safeParse({ share: 0 }).error?.issues[0]?.message).toBe('expected a share above 0 (no holdout: leave the holdout out)');
  expect(holdoutShareTextSchema.parse('10%')).toBe(0.1);
  expect(holdoutShareTextSchema.parse('12.5 %')).toBe(0.125);
  expect(holdoutShareTextSchema.parse('0.2')).toBe(0.2);
  expect(holdoutShareTextSchema.safeParse('ten').error?.issues[0]?.message).toBe('expected a share such as 10% or 0.1, not "ten"');
  expect(holdoutShareTextSchema.safeParse('60%').success).toBe(false);
  // "10" as the form's placeholder (10%) suggests: said to be 1,000 %, not "at most 0.5".
  expect(holdoutShareTextSchema.safeParse('10').error?.issues[0]?.message).toBe('"10" without % is a share of 10 (1000 %); write 10% or 0.1');
});

it('words the timeline note', () => {
  expect(holdoutNote('tier1-executive', 'tier 1', 0.1, 'tier1-executive')).toBe('held out of tier1-executive: 10% of tier 1 accounts, seed "tier1-executive"; measured, not contacted');
});

it('never holds out more than half of a stratum, as a share of at most 0.5 promises', () => {
  const three = ['a', 'b', 'c'].map((id) => ({ accountId: id, tier: 1 }));
  expect(assignHoldout(three, 0.5, 'odd', []).filter((a) => a.group === 'held_out')).toHaveLength(1);
  expect([1, 2, 3, 4, 5].map((n) => heldOutCount(0.5, n))).toEqual([0, 1, 1, 2, 2]);
  expect(heldOutCount(0.1, 20)).toBe(2);
});

it('sums up a launch’s holdout in one line', () => {
  const line = holdoutSummaryLine({ share: 0.2, seed: 'spring', heldOut: ['a.example', 'b.example', 'c.example'], byStratum: [{ stratum: 'tier 1', heldOut: 2, treated: 8 }, { stratum: 'tier 2', heldOut: 1, treated: 4 }] });
  expect(line).toBe('held out 3 (20% of each tier, seed "spring"; measured, not contacted): tier 1: 2 of 10, tier 2: 1 of 5');
  // Nothing eligible: said, not a line that ends in a colon.
  expect(holdoutSummaryLine({ share: 0.5, seed: 'x', heldOut: [], byStratum: [] })).toBe('held out 0 (50% of each tier, seed "x"; measured, not contacted): no eligible account to divide');
});
