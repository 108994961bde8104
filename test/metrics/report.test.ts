// computeReport on the fixed programme of fixture.ts in a real SQLite file: every figure worked out
// by hand, then the slices, the filters, the refusals, a live event, and the daily snapshots.
import { forCli } from '../../domain/fields/field-ref';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordEngagement } from '../../engagement/record-engagement';
import { UseCaseError } from '../../domain/use-case-error';
import { computeReport } from '../../metrics/report';
import { daysToSnapshot, snapshotTrend, startSnapshotJob, writeSnapshots } from '../../metrics/snapshots';
import { useFreshDb } from '../support/fresh-db';
import { until } from '../support/until';
import { october, seedMetricsFixture, type Fixture } from './fixture';

const t = useFreshDb();
let fx: Fixture;
const december = Date.parse('2026-12-05T00:00:00Z');
beforeAll(async () => {
  fx = await seedMetricsFixture(t.db);
});

describe('the October report of the whole target pool', () => {
  it('short term', async () => {
    const r = await computeReport(t.db, october, december);
    expect(r.shortTerm).toEqual({
      targetAccounts: 3, // alpha, beta, gamma; delta is a candidate
      contactsKnown: 6, // 3 + 2 + 1
      contactsPerAccount: 2, // 6 / 3
      contactsReached: 5, // alpha 2 (ada's email was skipped), beta 2, gamma 1 (twice in October, once in September)
      contactsEngaged: 4, // alice and arno (ada's click was a scanner's), bert (registered) and bea
      engagedAccounts: 2,
      engagementRate: 0.6667, // 2 / 3
      keyRoleSlots: 12, // 4 key roles × 3 accounts
      engagedKeyRoles: 4, // alpha: champion, budget holder; beta: problem owner, decision maker
      buyingGroupPenetration: 0.3333, // 4 / 12
    });
  });

  it('mid term', async () => {
    const r = await computeReport(t.db, october, december);
    expect(r.midTerm).toEqual({
      mqas: 2, // alpha and beta were handed off
      handoffs: 2,
      accepted: 1,
      rejected: 1,
      salesAcceptanceRate: 0.5, // 1 / (1 + 1)
      medianHoursToAccept: 4, // alpha: 10:00 → 14:00
      eventRegistrations: 2, // alice and bert for the summit
      eventAttended: 1,
      eventNoShows: 1,
      attendanceRate: 0.5, // 1 / (1 + 1)
      opportunities: 1,
      pipeline: 60_000,
      // alpha: exec's October 2,000 + half the summit's 600 + 2 emails × (100 / 1,000) = 2,300.2
      // beta: half of nurture's 1,000 + half the summit's 600 + 2 × 0.1 = 800.2
      // gamma: half of nurture's 1,000 + 2 October emails × 0.1 = 500.2
      cost: 3600.6, // 2,300.2 + 800.2 + 500.2 (exec's September 5,000 is not October's)
      costPerOpportunity: 3600.6, // 3,600.6 / 1
      allOpportunities: 2, // alpha's handoff + outside.example's CRM opportunity (alpha's CRM row is its task; crm-2 is September's)
      shareOfOpportunities: 0.5, // 1 / 2
    });
    expect(r.unallocatedCost).toBe(250); // the December webinar nobody registered for yet
    expect(r.currency).toBe('EUR');
  });

  it('long term and the funnel', async () => {
    const r = await computeReport(t.db, october, december);
    expect(r.longTerm).toEqual({
      won: 1,
      lost: 0,
      winRate: 1, // 1 / (1 + 0)
      wonRevenue: 60_000,
      averageContractValue: 60_000, // 60,000 / 1
      velocityDays: {
        engagedToMqa: 13.5, // alpha Oct 3 → Oct 8 = 5 d, beta Sep 20 → Oct 12 = 22 d: (5 + 22) / 2
        mqaToAccepted: 0.2, // 4 h = 0.167 d
        acceptedToOpportunity: 6.8, // Oct 8 14:00 → Oct 15 10:00 = 6 d 20 h = 6.83 d
        opportunityToWon: 13, // Oct 15 → Oct 28
      },
      revenueInfluenced: 60_000, // alpha's buying group engaged (Oct 3) before the win (Oct 28)
      roi: 15.6639, // (60,000 − 3,600.6) / 3,600.6
    });
    expect(r.funnel).toEqual([
      { stage: 'target', accounts: 3, conversion: null },
      { stage: 'engaged', accounts: 2, conversion: 0.6667 }, // 2 / 3
      { stage: 'mqa', accounts: 2, conversion: 1 }, // 2 / 2
      { stage: 'accepted', accounts: 1, conversion: 0.5 }, // 1 / 2
      { stage: 'opportunity', accounts: 1, conversion: 1 }, // 1 / 1
      { stage: 'won', accounts: 1, conversion: 1 }, // 1 / 1
    ]);
  });

  it('slices by tier, owner and journey, and says per account which key roles are missing', async () => {
    const r = await computeReport(t.db, october, december);
    expect(r.byTier.map((s) => [s.tier, s.shortTerm.targetAccounts, s.midTerm.cost])).toEqual([
      [1, 1, 2300.2],
      [2, 1, 800.2],
      [3, 1, 500.2],
    ]);
    expect(r.byOwner.map((s) => [s.owner, s.shortTerm.targetAccounts, s.shortTerm.engagedAccounts, s.midTerm.cost])).toEqual([
      ['anna@keelson.example', 2, 1, 2800.4], // alpha + gamma
      ['ben@keelson.example', 1, 1, 800.2],
    ]);
    // A journey's slice carries its own emails, handoffs and journey costs only, and the event shares of the accounts it invited.
    expect(r.byJourney.map((s) => [s.journey, s.shortTerm.targetAccounts, s.shortTerm.contactsReached, s.midTerm.mqas, s.midTerm.cost])).toEqual([
      ['exec', 1, 2, 1, 2300.2], // 2,000 + 300 + 0.2
      ['nurture', 2, 3, 1, 1300.4], // (500 + 300 + 0.2) + (500 + 0.2)
    ]);
    expect(r.accounts.map((a) => [a.domain, a.stage, a.missingKeyRoles])).toEqual([
      ['alpha.example', 'won', ['problem_owner', 'decision_maker']],
      ['beta.example', 'mqa', ['champion', 'budget_holder']],
      ['gamma.example', 'target', ['champion', 'problem_owner', 'budget_holder', 'decision_maker']],
    ]);
  });
});

describe('filters', () => {
  it('narrows to a tier, an owner, a journey or another period', async () => {
    const tier2 = await computeReport(t.db, { ...october, tier: 2 }, december);
    expect([tier2.shortTerm.targetAccounts, tier2.midTerm.mqas, tier2.midTerm.rejected, tier2.midTerm.cost]).toEqual([1, 1, 1, 800.2]);
    // The share of all opportunities keeps its denominator: tier 2 brought none of the 2.
    expect([tier2.midTerm.allOpportunities, tier2.midTerm.shareOfOpportunities]).toEqual([2, 0]);
    const anna = await computeReport(t.db, { ...october, owner: 'anna@keelson.example' }, december);
    expect(anna.accounts.map((a) => a.domain)).toEqual(['alpha.example', 'gamma.example']);
    const exec = await computeReport(t.db, { ...october, journey: 'exec' }, december);
    expect(exec.byJourney).toEqual([]);
    expect(exec.longTerm.wonRevenue).toBe(60_000);
    const november = await computeReport(t.db, { from: '2026-11-01', to: '2026-11-30' }, december);
    expect([november.shortTerm.engagedAccounts, november.midTerm.mqas, november.longTerm.won, november.midTerm.cost]).toEqual([0, 0, 0, 1600]);
    // No costs dated November; the undated ones count in every period: nurture's 1,000 + the summit's 600.
  });

  it('ends a period whose last day is ahead now: 9999-12-31 is the report to date', async () => {
    const openEnd = await computeReport(t.db, { to: '9999-12-31' }, december);
    const toDate = await computeReport(t.db, {}, december);
    expect(openEnd.period).toEqual({ from: null, to: new Date(december).toISOString() });
    expect([openEnd.shortTerm, openEnd.midTerm, openEnd.longTerm]).toEqual([toDate.shortTerm, toDate.midTerm, toDate.longTerm]);
  });

  it('charges a journey no cost in a period before it began, in its own report as in the programme\'s', async () => {
    // Every journey began in October: in September nobody had run one or registered for the summit.
    const september = { from: '2026-09-01', to: '2026-09-30' };
    const programme = await computeReport(t.db, september, december);
    expect([programme.midTerm.cost, programme.byJourney, programme.unallocatedCost]).toEqual([0, [], 6850]); // 1,000 + 600 + 250 + 5,000
    const nurture = await computeReport(t.db, { ...september, journey: 'nurture' }, december);
    expect([nurture.midTerm.cost, nurture.unallocatedCost]).toEqual([0, 1000]);
  });

  it('refuses an unknown journey or rep, and amounts in two currencies, in one line', async () => {
    await expect(computeReport(t.db, { journey: 'nope' }, december)).rejects.toThrow('No journey "nope": list the published ones with "harpoon journeys list".');
    await expect(computeReport(t.db, { owner: 'nobody@keelson.example' }, december)).rejects.toThrow(UseCaseError);
    const usd = await t.db.cost.create({ data: { amount: 10, currency: 'USD', emails: 10 } });
    try {
      // Said through the CLI (the API names querystring fields instead: test/api/ingestion.test.ts).
      const refusal = await computeReport(t.db, october, december).then(() => null, (err: Error) => forCli(err.message));
      expect(refusal).toBe(
        'this report would add up amounts in EUR and USD: Harpoon does not convert currencies, so record costs in the currency of the deals (convert them first) or narrow the report with --journey, --tier, --owner or --from/--to',
      );
    } finally {
      await t.db.cost.delete({ where: { id: usd.id } });
    }
  });
});

describe('near real time and the daily trend', () => {
  it('counts an event the moment it is recorded', async () => {
    const before = await computeReport(t.db, {});
    expect(before.accounts.find((a) => a.domain === 'gamma.example')?.stage).toBe('target');
    await recordEngagement(t.db, { type: 'clicked', contact: { id: fx.contacts.gus! }, source: 'test' });
    const after = await computeReport(t.db, {});
    expect(after.accounts.find((a) => a.domain === 'gamma.example')).toMatchObject({ stage: 'engaged', engagedKeyRoles: ['champion'] });
    expect(after.shortTerm.engagedAccounts).toBe(before.shortTerm.engagedAccounts + 1);
  });

  it('writes each day and scope once, as the figures stood at the end of that day', async () => {
    // all, tier:1, tier:2, tier:3, journey:exec, journey:nurture
    expect(await writeSnapshots(t.db, '2026-10-31')).toBe(6);
    expect(await writeSnapshots(t.db, '2026-10-31')).toBe(0);
    expect(await writeSnapshots(t.db, '2026-10-10')).toBe(6);
    const trend = await snapshotTrend(t.db, 'all');
    expect(trend.map((row) => [row.day, row.metrics.shortTerm.engagedAccounts, row.metrics.longTerm.won])).toEqual([
      ['2026-10-10', 2, 0], // by Oct 10: alpha and beta engaged, nothing won yet
      ['2026-10-31', 2, 1], // gamma's click came later (today), so it is in neither
    ]);
    expect((await snapshotTrend(t.db, 'tier:1', { from: '2026-10-11' })).map((row) => row.day)).toEqual(['2026-10-31']);
    // A journey that was never published is not a journey without snapshots yet.
    await expect(snapshotTrend(t.db, 'journey:nope')).rejects.toThrow('No journey "nope": list the published ones with "harpoon journeys list".');
    expect(daysToSnapshot(Date.parse('2026-11-08T03:00:00Z'))).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07']);
  });

  it('the worker\'s job fills in the week that ended, skipping the days already written', async () => {
    const lines: string[] = [];
    const job = startSnapshotJob(t.db, (line) => lines.push(line), { firstAfterMs: 0, now: () => Date.parse('2026-11-02T01:00:00Z') });
    await until('the snapshots of the week', async () => lines.length >= 6);
    await job.stop();
    // Oct 26 … Nov 1; Oct 31 was written above.
    expect(lines).toEqual(['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30', '2026-11-01'].map((day) => `metrics: wrote 6 daily snapshots for ${day}`));
  });

  it('writes no snapshots of days before the first account existed', async () => {
    const lines: string[] = [];
    // The fixture's accounts were created on Sep 1: of Aug 27 … Sep 2 only Sep 1 and 2 have a history.
    const job = startSnapshotJob(t.db, (line) => lines.push(line), { firstAfterMs: 0, now: () => Date.parse('2026-09-03T01:00:00Z') });
    await until('the snapshots of Sep 1 and 2', async () => lines.length >= 2);
    await job.stop();
    expect(lines).toEqual(['metrics: wrote 6 daily snapshots for 2026-09-01', 'metrics: wrote 6 daily snapshots for 2026-09-02']);
  });
});
