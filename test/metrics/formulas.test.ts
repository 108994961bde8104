// Every metric formula with its arithmetic written out, then the summary of a small hand-made set of
// accounts, where each figure is worked out by hand from the facts.
import { describe, expect, it } from 'vitest';
import { allocateCosts, costInPeriod, costInputSchema } from '../../domain/metrics/costs';
import { filterProblems, inPeriod, metricsFilterSchema, periodOf } from '../../domain/metrics/filter';
import * as f from '../../domain/metrics/formulas';
import { funnelStep, missingKeyRoles, summarize, type AccountFacts, type TaskFacts } from '../../domain/metrics/summarize';

describe('formulas', () => {
  it('divides, and says "no data" rather than 0 % when there is nothing to divide by', () => {
    expect(f.engagementRate(5, 12)).toBe(0.4167); // 5 / 12 = 0.41666…
    expect(f.engagementRate(0, 0)).toBeNull();
    expect(f.contactsPerAccount(54, 12)).toBe(4.5); // 54 / 12
    expect(f.buyingGroupPenetration(10, 48)).toBe(0.2083); // 10 / (4 key roles × 12 accounts)
    expect(f.conversion(3, 5)).toBe(0.6); // 3 of the 5 at the step before
    expect(f.salesAcceptanceRate(2, 1)).toBe(0.6667); // 2 / (2 + 1)
    expect(f.salesAcceptanceRate(0, 0)).toBeNull();
    expect(f.attendanceRate(3, 1)).toBe(0.75); // 3 / (3 + 1)
    expect(f.costPerOpportunity(12_000, 3)).toBe(4000); // 12,000 / 3
    expect(f.costPerOpportunity(12_000, 0)).toBeNull();
    expect(f.shareOfOpportunities(2, 5)).toBe(0.4); // 2 / 5
    expect(f.winRate(1, 3)).toBe(0.25); // 1 / (1 + 3)
    expect(f.averageContractValue(150_000, 2)).toBe(75_000); // 150,000 / 2
    expect(f.roi(150_000, 12_000)).toBe(11.5); // (150,000 − 12,000) / 12,000
    expect(f.roi(1000, 0)).toBeNull();
    expect(f.costPerEmail(1200, 10_000)).toBe(0.12); // 1,200 / 10,000
  });

  it('takes the median (the mean of the middle two for an even count) and measures time', () => {
    expect(f.median([9, 1, 5])).toBe(5);
    expect(f.median([1, 2, 4, 10])).toBe(3); // (2 + 4) / 2
    expect(f.median([])).toBeNull();
    expect(f.daysBetween(0, 36 * 3_600_000)).toBe(1.5);
    expect(f.hoursBetween(0, 90 * 60_000)).toBe(1.5);
  });
});

describe('filter', () => {
  it('reads the CLI and query-string forms, and names each bad field', () => {
    expect(metricsFilterSchema.parse({ tier: '2', owner: 'Anna@Keelson.example', from: '2026-11-01', to: '2026-11-30' })).toEqual({
      tier: 2,
      owner: 'anna@keelson.example',
      from: '2026-11-01',
      to: '2026-11-30',
    });
    const bad = metricsFilterSchema.safeParse({ tier: '4', from: '2026-02-30', owner: 'anna' });
    expect(bad.success).toBe(false);
    expect(filterProblems(bad.error!)).toEqual([
      '--tier: expected 1, 2 or 3',
      "--owner: expected a sales rep's e-mail address",
      '--from: expected the first day of the period as YYYY-MM-DD, such as 2026-11-01',
    ]);
    const backwards = metricsFilterSchema.safeParse({ from: '2026-11-30', to: '2026-11-01' });
    expect(filterProblems(backwards.error!)).toEqual(['--to: expected a day on or after --from']);
  });

  it('includes the whole last day and nothing after it', () => {
    const p = periodOf({ from: '2026-11-01', to: '2026-11-30' }, Date.parse('2026-12-05T00:00:00Z'));
    expect(inPeriod(p, Date.parse('2026-11-01T00:00:00Z'))).toBe(true);
    expect(inPeriod(p, Date.parse('2026-11-30T23:59:59Z'))).toBe(true);
    expect(inPeriod(p, Date.parse('2026-12-01T00:00:00Z'))).toBe(false);
    expect(inPeriod(p, Date.parse('2026-10-31T23:59:59Z'))).toBe(false);
    expect(periodOf({}, 123)).toEqual({ fromMs: null, toMs: 123 });
    // A period that has not begun: every figure would be zero, as if nothing had happened.
    expect(() => periodOf({ from: '2026-12-06' }, Date.parse('2026-12-05T12:00:00Z'))).toThrow('{field:from}: 2026-12-06 has not begun yet');
  });
});

describe('costs', () => {
  const nov = periodOf({ from: '2026-11-01', to: '2026-11-30' }, Date.parse('2026-12-05T00:00:00Z'));

  it('accepts one thing a cost paid for, and says so when it gets none or two', () => {
    expect(costInputSchema.parse({ amount: '1200', currency: 'eur', journey: 'tier3-nurture', period: '2026-11' })).toMatchObject({ amount: 1200, currency: 'EUR' });
    const none = costInputSchema.safeParse({ amount: '5', currency: 'EUR' });
    expect(none.error?.issues[0]?.message).toBe('say what the cost paid for: exactly one of --journey <key>, --event <key> or --emails <count>');
    expect(costInputSchema.safeParse({ amount: '5', currency: 'EUR', journey: 'a', emails: '10' }).success).toBe(false);
    const amountError = (amount: string) => costInputSchema.safeParse({ amount, currency: 'EUR', journey: 'a' }).error?.issues[0]?.message;
    expect(amountError('-5')).toBe('"-5" is not an amount, expected a positive amount such as 48000 or 48,000.50');
    // As every amount: a point before three digits could be thousands, a third decimal is no cent, and there is a ceiling.
    expect(amountError('250.000')).toMatch(/^"250\.000" could mean 250 or 250,000/);
    expect(amountError('10.005')).toMatch(/^"10\.005" could mean 10.005 or 10,005/);
    expect(amountError('12.3456')).toMatch(/^12\.3456 has more than 2 decimals/);
    expect(amountError('99999999999999999999')).toMatch(/is too large/);
    expect(costInputSchema.parse({ amount: '1,200', currency: 'EUR', journey: 'a' }).amount).toBe(1200);
    expect(costInputSchema.safeParse({ amount: '5', currency: 'EUR', journey: 'a', period: '2026-13' }).success).toBe(false);
  });

  it('counts a cost in a report whose period overlaps its month', () => {
    expect(costInPeriod('2026-11', nov)).toBe(true);
    expect(costInPeriod('2026-10', nov)).toBe(false);
    expect(costInPeriod('2026-12', nov)).toBe(false);
    expect(costInPeriod(null, nov)).toBe(true);
    expect(costInPeriod('2026-12', periodOf({ from: '2026-11-15', to: '2026-12-01' }, Date.parse('2026-12-05T00:00:00Z')))).toBe(true);
  });

  it('shares journey and event costs equally, charges emails at their rate, and keeps what reaches nobody apart', () => {
    const basis = {
      journeyAccounts: new Map([['nurture', ['a', 'b', 'c']]]),
      eventAccounts: new Map([['summit', ['a', 'b']]]),
      // The summit's registrants: a's came through nurture's invitation, b's through another journey's.
      eventInviters: new Map([['summit', new Map([['a', 'nurture'], ['b', 'tier1-executive']])]]),
      emailsByAccountMonth: new Map([
        ['a', new Map([['2026-11', 100]])],
        ['c', new Map([['2026-11', 50], ['2026-10', 10]])],
      ]),
    };
    const costs = [
      { amount: 3000, journeyKey: 'nurture', eventKey: null, emails: null, period: '2026-11' },
      { amount: 1000, journeyKey: null, eventKey: 'summit', emails: null, period: null },
      { amount: 120, journeyKey: null, eventKey: null, emails: 1000, period: '2026-11' }, // 0.12 an email
      { amount: 700, journeyKey: 'tier1-executive', eventKey: null, emails: null, period: null }, // nobody ran it
      { amount: 9999, journeyKey: 'nurture', eventKey: null, emails: null, period: '2026-10' }, // another month
    ];
    const { byAccount, unallocated } = allocateCosts(costs, basis, nov);
    expect(byAccount.get('a')).toBeCloseTo(1000 + 500 + 12); // 3000/3 + 1000/2 + 100 × 0.12
    expect(byAccount.get('b')).toBeCloseTo(1000 + 500); // 3000/3 + 1000/2
    expect(byAccount.get('c')).toBeCloseTo(1000 + 6); // 3000/3 + 50 × 0.12 (October's 10 emails are not November's)
    expect(unallocated).toBe(700);
    // A report of one journey carries no other journey's costs, and of an event's only the shares of
    // the accounts it invited: journeys' rows never add up to more than what was spent.
    expect(allocateCosts(costs, basis, nov, 'other').byAccount.get('b')).toBeUndefined();
    const nurture = allocateCosts(costs, basis, nov, 'nurture');
    expect([nurture.byAccount.get('a'), nurture.byAccount.get('b')]).toEqual([1000 + 500 + 12, 1000]);
    const executive = allocateCosts(costs, basis, nov, 'tier1-executive');
    expect([executive.byAccount.get('b'), executive.unallocated]).toEqual([500, 700]);
  });
});

describe('summarize', () => {
  const h = 3_600_000;
  const d = 24 * h;
  const t0 = Date.parse('2026-11-01T00:00:00Z');
  const period = { fromMs: t0, toMs: t0 + 30 * d };
  const task = (over: Partial<TaskFacts>): TaskFacts => ({
    createdAtMs: t0 + 5 * d,
    releasedAtMs: null,
    acceptedAtMs: null,
    opportunityAtMs: null,
    status: 'created',
    closedAtMs: null,
    amount: null,
    opportunityAmount: null,
    ...over,
  });
  const account = (over: Partial<AccountFacts>): AccountFacts => ({
    accountId: over.domain ?? 'x',
    domain: 'x.example',
    name: 'X',
    tier: 1,
    owner: 'anna@keelson.example',
    contacts: 5,
    contactsReached: 0,
    contactsEngaged: 0,
    engagedKeyRoles: [],
    firstEngagedAtMs: null,
    registrations: 0,
    attended: 0,
    noShows: 0,
    tasks: [],
    cost: 0,
    ...over,
  });
  const accounts = [
    // Won: engaged day 1, handed off day 5, accepted 6 h later, opportunity day 10 at 55,000, won day 20 at 60,000.
    account({
      domain: 'won.example',
      contactsReached: 4,
      contactsEngaged: 3,
      engagedKeyRoles: ['champion', 'budget_holder', 'decision_maker'],
      firstEngagedAtMs: t0 + d,
      registrations: 2,
      attended: 1,
      noShows: 1,
      tasks: [task({ acceptedAtMs: t0 + 5 * d + 6 * h, opportunityAtMs: t0 + 10 * d, status: 'won', closedAtMs: t0 + 20 * d, amount: 60_000, opportunityAmount: 55_000 })],
      cost: 1500,
    }),
    // Opportunity, still open: engaged day 2, handed off day 4, released day 5 (pacing), accepted 2 h after.
    account({
      domain: 'opp.example',
      tier: 2,
      contactsReached: 3,
      contactsEngaged: 1,
      engagedKeyRoles: ['champion'],
      firstEngagedAtMs: t0 + 2 * d,
      registrations: 1,
      attended: 1,
      tasks: [task({ createdAtMs: t0 + 4 * d, releasedAtMs: t0 + 5 * d, acceptedAtMs: t0 + 5 * d + 2 * h, opportunityAtMs: t0 + 8 * d, status: 'opportunity', amount: 30_000, opportunityAmount: 30_000 })],
      cost: 1000,
    }),
    // Rejected MQA: engaged day 3, handed off day 6, rejected.
    account({
      domain: 'rejected.example',
      tier: 2,
      owner: null,
      contactsReached: 2,
      contactsEngaged: 2,
      engagedKeyRoles: ['problem_owner'],
      firstEngagedAtMs: t0 + 3 * d,
      tasks: [task({ createdAtMs: t0 + 6 * d, status: 'rejected', closedAtMs: t0 + 7 * d })],
      cost: 500,
    }),
    // Lost (accepted last month, lost in this one).
    account({ domain: 'lost.example', tier: 3, contactsReached: 1, tasks: [task({ createdAtMs: t0 - 20 * d, acceptedAtMs: t0 - 19 * d, status: 'lost', closedAtMs: t0 + 2 * d })] }),
    // Reached, never engaged.
    account({ domain: 'quiet.example', tier: 3, contactsReached: 2, contacts: 3 }),
  ];
  const m = summarize(accounts, period, { targetAccounts: 3, outsidePool: 2 });

  it('short term: reach, engagement and penetration', () => {
    expect(m.shortTerm).toEqual({
      targetAccounts: 5,
      contactsKnown: 23, // 5 + 5 + 5 + 5 + 3
      contactsPerAccount: 4.6, // 23 / 5
      contactsReached: 12, // 4 + 3 + 2 + 1 + 2
      contactsEngaged: 6, // 3 + 1 + 2
      engagedAccounts: 3,
      engagementRate: 0.6, // 3 / 5
      keyRoleSlots: 20, // 4 key roles × 5 accounts
      engagedKeyRoles: 5, // 3 + 1 + 1
      buyingGroupPenetration: 0.25, // 5 / 20
    });
  });

  it('mid term: MQAs, acceptance, events, opportunities and their cost', () => {
    expect(m.midTerm).toEqual({
      mqas: 3, // won, opp, rejected were handed off this month; lost's task is from last month
      handoffs: 3,
      accepted: 2, // won's and opp's; lost's acceptance was last month
      rejected: 1,
      salesAcceptanceRate: 0.6667, // 2 / (2 + 1)
      medianHoursToAccept: 4, // median of 6 h (from handoff) and 2 h (from release) = (2 + 6) / 2
      eventRegistrations: 3, // 2 + 1
      eventAttended: 2, // 1 + 1
      eventNoShows: 1,
      attendanceRate: 0.6667, // 2 / (2 + 1)
      opportunities: 2,
      pipeline: 85_000, // 55,000 + 30,000: won.example's opportunity as opened, not the 60,000 it was won at
      cost: 3000, // 1,500 + 1,000 + 500
      costPerOpportunity: 1500, // 3,000 / 2
      allOpportunities: 5, // 3 handoff opportunities in the whole pool + 2 outside it
      shareOfOpportunities: 0.4, // 2 / 5
    });
  });

  it('long term: wins, value, velocity, influence and ROI', () => {
    expect(m.longTerm).toEqual({
      won: 1,
      lost: 1,
      winRate: 0.5, // 1 / (1 + 1)
      wonRevenue: 60_000,
      averageContractValue: 60_000, // 60,000 / 1
      velocityDays: {
        engagedToMqa: 3, // won 1→5 = 4 d, opp 2→4 = 2 d, rejected 3→6 = 3 d: median 3
        mqaToAccepted: 0.7, // won 6 h = 0.25 d, opp day 4 → day 5 + 2 h = 1.083 d: (0.25 + 1.083) / 2 = 0.667
        acceptedToOpportunity: 3.8, // won 5.25 → 10 = 4.75 d, opp 5.083 → 8 = 2.917 d: (4.75 + 2.917) / 2 = 3.833
        opportunityToWon: 10, // 10 → 20
      },
      revenueInfluenced: 60_000, // its buying group engaged (day 1) before the win (day 20)
      roi: 19, // (60,000 − 3,000) / 3,000
    });
  });

  it('the funnel counts each account at the furthest step it reached, and every step before', () => {
    expect(m.funnel).toEqual([
      { stage: 'target', accounts: 5, conversion: null },
      // won, opp and rejected engaged this month; lost's deal was lost this month, but losing is no
      // funnel step and its earlier steps were last month, so it stays at target for this period.
      { stage: 'engaged', accounts: 3, conversion: 0.6 }, // 3 / 5
      { stage: 'mqa', accounts: 3, conversion: 1 }, // 3 / 3
      { stage: 'accepted', accounts: 2, conversion: 0.6667 }, // 2 / 3
      { stage: 'opportunity', accounts: 2, conversion: 1 }, // 2 / 2
      { stage: 'won', accounts: 1, conversion: 0.5 }, // 1 / 2
    ]);
    expect(funnelStep(accounts[4]!, period)).toBe(0);
    expect(missingKeyRoles(accounts[0]!)).toEqual(['problem_owner']);
  });
});
