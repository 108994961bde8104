// The pure rules of a sales handoff: which actions a task allows, business days in a zone, where a
// won account goes and who waits first for a rep's capacity.
import { forCli } from '../../domain/fields/field-ref';
import { describe, expect, it } from 'vitest';
import { handoffPriority, lifecycleAfterWon } from '../../domain/sales/after-won';
import { addBusinessDays, localDay } from '../../domain/time/business-days';
import { buildEvidence } from '../../domain/sales/evidence';
import { checkSalesAction } from '../../domain/sales/vocabulary';

const created = { status: 'created' as const, ownerId: 'rep-1' };

describe('checkSalesAction', () => {
  it('allows accepting or rejecting a new task with a known reason', () => {
    expect(checkSalesAction(created, { kind: 'accept' })).toBeNull();
    expect(checkSalesAction(created, { kind: 'reject', reason: 'no_budget' })).toBeNull();
  });

  it('refuses, in one line, a rejection without or with an unknown reason', () => {
    expect(forCli(checkSalesAction(created, { kind: 'reject' })!)).toBe(
      'a rejection needs a reason: --reason bad_timing|no_budget|wrong_contact|not_icp|already_engaged|other',
    );
    expect(checkSalesAction(created, { kind: 'reject', reason: 'meh' })).toMatch(/^"meh" is not a rejection reason, expected one of bad_timing/);
  });

  it('refuses won, lost or an opportunity on a task never accepted', () => {
    for (const kind of ['won', 'lost'] as const) expect(checkSalesAction(created, { kind })).toMatch(/never accepted: accept it first/);
  });

  it("refuses another rep's task and a closed task", () => {
    expect(checkSalesAction(created, { kind: 'accept', actorId: 'rep-2' })).toMatch(/belongs to another rep/);
    expect(checkSalesAction({ status: 'won', ownerId: 'rep-1' }, { kind: 'accept' })).toBe('cannot accept a task that is won');
  });

  it('needs amount, currency and close date for an opportunity', () => {
    const accepted = { ...created, status: 'accepted' as const };
    expect(checkSalesAction(accepted, { kind: 'opportunity', amount: 100, currency: 'EUR', closeDate: '2027-01-31' })).toBeNull();
    expect(forCli(checkSalesAction(accepted, { kind: 'opportunity', currency: 'EUR', closeDate: '2027-01-31' })!)).toMatch(/--amount/);
    expect(forCli(checkSalesAction(accepted, { kind: 'opportunity', amount: 1, currency: 'euro', closeDate: '2027-01-31' })!)).toMatch(/--currency/);
    expect(forCli(checkSalesAction(accepted, { kind: 'opportunity', amount: 1, currency: 'EUR', closeDate: '31.01.2027' })!)).toMatch(/--close/);
    // A day the calendar does not have is refused, not rolled over into March.
    expect(forCli(checkSalesAction(accepted, { kind: 'opportunity', amount: 1, currency: 'EUR', closeDate: '2027-02-30' })!)).toMatch(/--close/);
    expect(checkSalesAction(accepted, { kind: 'opportunity', amount: 1, currency: 'EUR', closeDate: '2028-02-29' })).toBeNull();
    // With the validator's clock, the range every door keeps: a year back, ten years ahead.
    const now = Date.parse('2026-12-07T12:00:00Z');
    const at = (closeDate: string) => checkSalesAction(accepted, { kind: 'opportunity', amount: 1, currency: 'EUR', closeDate }, now);
    expect([at('2025-12-07'), at('2036-12-07')]).toEqual([null, null]);
    expect(forCli(at('1970-01-01')!)).toBe('--close 1970-01-01 is more than a year ago, expected the expected close date from 2025-12-07 to 2036-12-07');
    expect(forCli(at('2036-12-08')!)).toMatch(/^--close 2036-12-08 is more than 10 years ahead/);
  });

  it('keeps only amounts a report can add up: positive, whole cents, at most a trillion', () => {
    const accepted = { ...created, status: 'accepted' as const };
    const rule = 'expected a positive amount with at most 2 decimals, at most 1,000,000,000,000, such as 48000 or 48000.50';
    expect(forCli(checkSalesAction(accepted, { kind: 'won', amount: 1e308 })!)).toBe(`--amount 1e+308 is too large, ${rule}`);
    expect(forCli(checkSalesAction(accepted, { kind: 'lost', amount: 0.001 })!)).toBe(`--amount 0.001 has more than 2 decimals, ${rule}`);
    expect(forCli(checkSalesAction(accepted, { kind: 'opportunity', amount: -5, currency: 'EUR', closeDate: '2027-01-31' })!)).toBe(`--amount -5 is not positive, ${rule}`);
    expect(checkSalesAction(accepted, { kind: 'won', amount: 1_000_000_000_000 })).toBeNull();
    expect(checkSalesAction(accepted, { kind: 'lost', amount: 48000.5, currency: 'EUR' })).toBeNull();
    expect(forCli(checkSalesAction(accepted, { kind: 'lost', amount: 1, currency: 'euro' })!)).toBe('--currency must be a three-letter ISO code such as EUR');
  });

  it('says to mark an open opportunity lost instead of rejecting it', () => {
    expect(checkSalesAction({ ...created, status: 'opportunity' }, { kind: 'reject', reason: 'no_budget' })).toBe(
      'cannot reject a task that is an opportunity: mark it lost instead, with the reason',
    );
  });
});

describe('addBusinessDays', () => {
  const zone = 'Europe/Berlin';
  it('skips the weekend: Friday 15:00 plus one business day is Monday 15:00 local', () => {
    const friday = Date.parse('2026-11-27T14:00:00Z'); // 15:00 in Berlin
    expect(new Date(addBusinessDays(friday, 1, zone)).toISOString()).toBe('2026-11-30T14:00:00.000Z');
    expect(new Date(addBusinessDays(friday, 3, zone)).toISOString()).toBe('2026-12-02T14:00:00.000Z');
  });

  it('counts a weekend handoff from Monday 09:00', () => {
    const saturday = Date.parse('2026-11-28T20:00:00Z');
    expect(new Date(addBusinessDays(saturday, 1, zone)).toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });

  it('uses the owner zone calendar day', () => {
    expect(localDay(Date.parse('2026-11-27T23:30:00Z'), zone)).toBe('2026-11-28');
  });
});

describe('after a won deal and in the queue', () => {
  it('delivers to project buyers and expands the others', () => {
    expect(lifecycleAfterWon('project')).toBe('deliver');
    expect(lifecycleAfterWon('continuous')).toBe('expand');
    expect(lifecycleAfterWon('periodic')).toBe('expand');
  });

  it('puts tier 1 before tier 3, then the higher score first', () => {
    const order = [
      ['t3-high', handoffPriority(3, 90)],
      ['t1-low', handoffPriority(1, 20)],
      ['t1-high', handoffPriority(1, 80)],
    ].sort((a, b) => (a[1] as number) - (b[1] as number));
    expect(order.map((o) => o[0])).toEqual(['t1-high', 't1-low', 't3-high']);
  });
});

describe('buildEvidence', () => {
  it('lists engaged contacts with what they did, the missing key roles and a next action', () => {
    const at = new Date('2026-11-20T10:00:00Z');
    const evidence = buildEvidence({
      why: 'the MQA rule holds',
      score: 42,
      byRole: { decision_maker: 15 },
      contacts: [
        { id: 'c1', name: 'Ada Boss', role: 'decision_maker', seniority: 'executive' },
        { id: 'c2', name: 'Bo Champ', role: 'champion', seniority: 'manager' },
      ],
      events: [
        { contactId: 'c1', type: 'inquiry', at },
        { contactId: 'c1', type: 'clicked', tag: 'pricing', at },
      ],
      timeline: [{ at, what: 'Ada Boss: inquiry via api' }],
    });
    expect(evidence.engagedContacts).toEqual([{ contactId: 'c1', name: 'Ada Boss', role: 'decision_maker', did: ['inquiry', 'clicked (pricing)'] }]);
    expect(evidence.gaps).toEqual(['champion not engaged', 'no problem_owner known', 'no budget_holder known']);
    expect(evidence.nextAction).toBe('answer the inquiry of Ada Boss within a day');
  });
});
