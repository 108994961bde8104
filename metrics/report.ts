// The metrics report: one framework-free entry point for `harpoon report` and `GET /v1/metrics`.
// Computed from the database on demand, so a figure reflects an event as soon as it is recorded.
import type { Db } from '../db/client';
import { periodOf, type MetricsFilter } from '../domain/metrics/filter';
import { money } from '../domain/metrics/formulas';
import { funnelStages, funnelStep, missingKeyRoles, summarize, type AccountFacts, type Metrics } from '../domain/metrics/summarize';
import type { Deliverability } from '../domain/metrics/deliverability';
import { collectFacts, type Facts, type Scope } from './account-facts';
import { collectDeliverability } from './deliverability';
import { notFound } from '../domain/use-case-error';

export type AccountRow = {
  domain: string;
  name: string;
  tier: number | null;
  owner: string | null;
  /** The furthest funnel step reached in the period. */
  stage: (typeof funnelStages)[number];
  contacts: number;
  contactsReached: number;
  contactsEngaged: number;
  engagedKeyRoles: string[];
  missingKeyRoles: string[];
  cost: number;
};

export type Report = Metrics & {
  filter: MetricsFilter;
  period: { from: string | null; to: string };
  generatedAt: string;
  /** The one currency of every amount in the report; null when it holds none. */
  currency: string | null;
  /** Costs that count in the period but reach no account yet (a journey nobody ran, an event nobody registered for). */
  unallocatedCost: number;
  byTier: ({ tier: number | null } & Metrics)[];
  byOwner: ({ owner: string | null } & Metrics)[];
  /** Per journey; only in a report not already narrowed to one journey. */
  byJourney: ({ journey: string } & Metrics)[];
  /** Bounce and spam-complaint rates of the emails to the report's accounts, with the providers' limits. */
  deliverability: Deliverability;
  accounts: AccountRow[];
};

/** The report's scope for a filter, refusing an unknown journey or rep (also metrics/lift.ts and metrics/attribution.ts). */
export async function resolveScope(db: Db, filter: MetricsFilter): Promise<Scope> {
  if (filter.journey !== undefined && !(await db.journeyVersion.findFirst({ where: { key: filter.journey }, select: { id: true } }))) {
    throw notFound(`No journey "${filter.journey}": list the published ones with "harpoon journeys list".`);
  }
  let ownerId: string | undefined;
  if (filter.owner !== undefined) {
    const rep = await db.salesRep.findUnique({ where: { email: filter.owner }, select: { id: true } });
    if (!rep) throw notFound(`No sales rep with e-mail "${filter.owner}". List them with "harpoon accounts reps list".`);
    ownerId = rep.id;
  }
  return { journey: filter.journey, tier: filter.tier, ownerId };
}

function groupsOf<K>(accounts: readonly AccountFacts[], key: (a: AccountFacts) => K): [K, AccountFacts[]][] {
  const groups = new Map<K, AccountFacts[]>();
  for (const a of accounts) groups.set(key(a), [...(groups.get(key(a)) ?? []), a]);
  return [...groups];
}

/** The headline figures alone (no slices), e.g. for a daily snapshot. */
export async function computeMetrics(db: Db, filter: MetricsFilter, nowMs = Date.now()): Promise<Metrics & { currency: string | null }> {
  const period = periodOf(filter, nowMs);
  const facts = await collectFacts(db, await resolveScope(db, filter), period);
  return { currency: facts.currency, ...summarize(facts.accounts, period, facts.universe) };
}

/** The whole report for `filter` (already validated with metricsFilterSchema), as plain JSON. */
export async function computeReport(db: Db, filter: MetricsFilter, nowMs = Date.now()): Promise<Report> {
  const period = periodOf(filter, nowMs);
  const scope = await resolveScope(db, filter);
  const facts: Facts = await collectFacts(db, scope, period);
  const slice = (accounts: readonly AccountFacts[]) => summarize(accounts, period, facts.universe);

  const byJourney: Report['byJourney'] = [];
  if (filter.journey === undefined) {
    const keys = await db.journeyRun.findMany({ where: { startedAt: { lt: new Date(period.toMs) } }, select: { journeyKey: true }, distinct: ['journeyKey'], orderBy: { journeyKey: 'asc' } });
    for (const { journeyKey } of keys) {
      const journey = await collectFacts(db, { ...scope, journey: journeyKey }, period);
      byJourney.push({ journey: journeyKey, ...summarize(journey.accounts, period, journey.universe) });
    }
  }

  return {
    filter,
    period: { from: period.fromMs === null ? null : new Date(period.fromMs).toISOString(), to: new Date(period.toMs).toISOString() },
    generatedAt: new Date(nowMs).toISOString(),
    currency: facts.currency,
    ...slice(facts.accounts),
    unallocatedCost: money(facts.unallocatedCost),
    byTier: groupsOf(facts.accounts, (a) => a.tier)
      .sort(([a], [b]) => (a ?? 9) - (b ?? 9))
      .map(([tier, accounts]) => ({ tier, ...slice(accounts) })),
    byOwner: groupsOf(facts.accounts, (a) => a.owner)
      .sort(([a], [b]) => (a ?? '~').localeCompare(b ?? '~'))
      .map(([owner, accounts]) => ({ owner, ...slice(accounts) })),
    byJourney,
    deliverability: await collectDeliverability(db, facts.accounts.map((a) => a.accountId), period, filter.journey),
    accounts: facts.accounts.map((a) => ({
      domain: a.domain,
      name: a.name,
      tier: a.tier,
      owner: a.owner,
      stage: funnelStages[funnelStep(a, period)]!,
      contacts: a.contacts,
      contactsReached: a.contactsReached,
      contactsEngaged: a.contactsEngaged,
      engagedKeyRoles: [...a.engagedKeyRoles],
      missingKeyRoles: missingKeyRoles(a),
      cost: money(a.cost),
    })),
  };
}
