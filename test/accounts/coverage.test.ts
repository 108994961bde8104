import { describe, expect, it } from 'vitest';
import { buyingGroupCoverage } from '../../domain/accounts/coverage';

describe('buying-group coverage', () => {
  it('counts a key role as covered only when someone in it may be contacted', () => {
    const coverage = buyingGroupCoverage([
      { role: 'champion', consent: 'subscribed' },
      { role: 'champion', consent: 'unsubscribed' },
      { role: 'budget_holder', consent: 'bounced' },
      { role: 'decision_maker', consent: 'do_not_contact' },
      { role: 'user', consent: 'subscribed' },
    ]);
    expect(coverage.ratio).toBe(0.25);
    expect(coverage.roles.find((r) => r.role === 'champion')).toEqual({ role: 'champion', contacts: 2, reachable: 1, covered: true });
    expect(coverage.gaps).toEqual([
      { role: 'problem_owner', why: 'no contact' },
      { role: 'budget_holder', why: 'no reachable contact' },
      { role: 'decision_maker', why: 'no reachable contact' },
    ]);
  });

  it('is full when all four key roles are reachable, and empty for an account with no contacts', () => {
    const all = ['champion', 'problem_owner', 'budget_holder', 'decision_maker'].map((role) => ({ role, consent: 'subscribed' }));
    expect(buyingGroupCoverage(all)).toMatchObject({ ratio: 1, gaps: [] });
    expect(buyingGroupCoverage([])).toMatchObject({ ratio: 0 });
    expect(buyingGroupCoverage([]).gaps).toHaveLength(4);
  });
});
