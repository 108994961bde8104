import { describe, expect, it } from 'vitest';
import { entrySchema } from '../../domain/journey/definition';
import { checkEntry, type EntryCandidate } from '../../domain/journey/entry';

const account: EntryCandidate = { poolStatus: 'target', tier: 1, industry: 'Automotive', country: 'DE', score: 72 };
const entry = entrySchema.parse({ tiers: [1, 2], industries: ['automotive', 'machinery'], countries: ['de', 'CN'], minScore: 60 });

describe('checkEntry', () => {
  it('admits a target account that meets every criterion, ignoring case', () => {
    expect(checkEntry(entry, account)).toEqual({ admitted: true });
  });

  it('admits any target when the journey sets no criteria', () => {
    expect(checkEntry(entrySchema.parse({}), { ...account, tier: null, industry: null, country: null, score: null })).toEqual({ admitted: true });
  });

  it.each<[Partial<EntryCandidate>, RegExp]>([
    [{ poolStatus: 'candidate' }, /pool status is candidate, only targets enter journeys/],
    [{ poolStatus: 'retired' }, /pool status is retired/],
    [{ tier: 3 }, /tier 3 is not one of 1, 2/],
    [{ tier: null }, /tier unset/],
    [{ industry: 'Retail' }, /industry Retail is not one of automotive, machinery/],
    [{ country: 'US' }, /country US is not one of de, CN/],
    [{ score: 59 }, /score 59 is below the minimum 60/],
    [{ score: null }, /score unset/],
  ])('refuses %j with a reason', (change, reason) => {
    const decision = checkEntry(entry, { ...account, ...change });
    expect(decision.admitted).toBe(false);
    expect(decision.admitted ? '' : decision.reason).toMatch(reason);
  });
});
