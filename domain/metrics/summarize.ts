// From what is known of each account (metrics/account-facts.ts reads it from the database) to the
// report's figures. Pure: the same function summarises the whole scope and each slice of it (a tier,
// an owner, one account), so every row of a report is computed the same way.
import { keyBuyingGroupRoles, type KeyBuyingGroupRole } from '../accounts/vocabulary';
import { inPeriod, type Period } from './filter';
import * as f from './formulas';

/** One handoff task, its milestones in epoch ms (null: not reached). */
export type TaskFacts = {
  createdAtMs: number;
  /** When pacing let it reach the owner; null: at once. */
  releasedAtMs: number | null;
  acceptedAtMs: number | null;
  opportunityAtMs: number | null;
  status: string;
  closedAtMs: number | null;
  /** The deal's latest amount: the opportunity's, then the won (or lost) one. */
  amount: number | null;
  /** The amount the opportunity was opened (or last revised) at: pipeline, which a won amount does not change after the fact. */
  opportunityAmount: number | null;
};

/** An account as the metrics see it. Counts of touches are already limited to the report's period. */
export type AccountFacts = {
  accountId: string;
  domain: string;
  name: string;
  tier: number | null;
  owner: string | null;
  contacts: number;
  /** Contacts an email was sent to in the period. */
  contactsReached: number;
  /** Contacts with a counted engagement in the period. */
  contactsEngaged: number;
  engagedKeyRoles: readonly KeyBuyingGroupRole[];
  /** The first counted engagement ever (up to the end of the period), for funnel velocity and influence. */
  firstEngagedAtMs: number | null;
  registrations: number;
  attended: number;
  noShows: number;
  tasks: readonly TaskFacts[];
  /** This account's share of the costs (domain/metrics/costs.ts). */
  cost: number;
};

/** Opportunities outside the slice, for the share of all opportunities that come from it. */
export type OpportunityUniverse = { targetAccounts: number; outsidePool: number };

export const funnelStages = ['target', 'engaged', 'mqa', 'accepted', 'opportunity', 'won'] as const;
export type FunnelStage = (typeof funnelStages)[number];

export type Metrics = {
  shortTerm: {
    targetAccounts: number;
    contactsKnown: number;
    contactsPerAccount: number | null;
    contactsReached: number;
    contactsEngaged: number;
    engagedAccounts: number;
    engagementRate: number | null;
    keyRoleSlots: number;
    engagedKeyRoles: number;
    buyingGroupPenetration: number | null;
  };
  midTerm: {
    mqas: number;
    handoffs: number;
    accepted: number;
    rejected: number;
    salesAcceptanceRate: number | null;
    medianHoursToAccept: number | null;
    eventRegistrations: number;
    eventAttended: number;
    eventNoShows: number;
    attendanceRate: number | null;
    opportunities: number;
    pipeline: number;
    cost: number;
    costPerOpportunity: number | null;
    allOpportunities: number;
    shareOfOpportunities: number | null;
  };
  longTerm: {
    won: number;
    lost: number;
    winRate: number | null;
    wonRevenue: number;
    averageContractValue: number | null;
    velocityDays: { engagedToMqa: number | null; mqaToAccepted: number | null; acceptedToOpportunity: number | null; opportunityToWon: number | null };
    revenueInfluenced: number;
    roi: number | null;
  };
  funnel: { stage: FunnelStage; accounts: number; conversion: number | null }[];
};

/** A deal won in the period: what won deals and won revenue count. */
export const wonIn = (t: TaskFacts, period: Period) => t.status === 'won' && inPeriod(period, t.closedAtMs);
const lostIn = (t: TaskFacts, period: Period) => t.status === 'lost' && inPeriod(period, t.closedAtMs);
const rejectedIn = (t: TaskFacts, period: Period) => t.status === 'rejected' && t.acceptedAtMs === null && inPeriod(period, t.closedAtMs);

/** The furthest funnel step an account reached in the period (0 = target … 5 = won). */
export function funnelStep(a: AccountFacts, period: Period): number {
  const reached = (pred: (t: TaskFacts) => boolean) => a.tasks.some(pred);
  if (reached((t) => wonIn(t, period))) return 5;
  if (reached((t) => inPeriod(period, t.opportunityAtMs))) return 4;
  if (reached((t) => inPeriod(period, t.acceptedAtMs))) return 3;
  if (reached((t) => inPeriod(period, t.createdAtMs))) return 2;
  if (a.contactsEngaged > 0) return 1;
  return 0;
}

export function summarize(accounts: readonly AccountFacts[], period: Period, universe: OpportunityUniverse): Metrics {
  const sum = (pick: (a: AccountFacts) => number) => accounts.reduce((n, a) => n + pick(a), 0);
  const tasks = accounts.flatMap((a) => a.tasks.map((t) => ({ t, a })));
  const count = (pred: (t: TaskFacts) => boolean) => tasks.filter(({ t }) => pred(t)).length;

  const targetAccounts = accounts.length;
  const contactsKnown = sum((a) => a.contacts);
  const engagedAccounts = accounts.filter((a) => a.contactsEngaged > 0).length;
  const keyRoleSlots = targetAccounts * keyBuyingGroupRoles.length;
  const engagedKeyRoles = sum((a) => a.engagedKeyRoles.length);

  const mqas = accounts.filter((a) => a.tasks.some((t) => inPeriod(period, t.createdAtMs))).length;
  const accepted = tasks.filter(({ t }) => inPeriod(period, t.acceptedAtMs));
  const rejected = count((t) => rejectedIn(t, period));
  const opportunities = tasks.filter(({ t }) => inPeriod(period, t.opportunityAtMs));
  const won = tasks.filter(({ t }) => wonIn(t, period));
  const lost = count((t) => lostIn(t, period));
  const cost = f.money(sum((a) => a.cost));
  const wonRevenue = f.money(won.reduce((n, { t }) => n + (t.amount ?? 0), 0));
  // Influenced: the buying group engaged with the programme before the deal was won.
  const revenueInfluenced = f.money(
    won.filter(({ t, a }) => a.firstEngagedAtMs !== null && a.firstEngagedAtMs <= t.closedAtMs!).reduce((n, { t }) => n + (t.amount ?? 0), 0),
  );

  const steps = accounts.map((a) => funnelStep(a, period));
  const atLeast = funnelStages.map((_, i) => steps.filter((s) => s >= i).length);

  return {
    shortTerm: {
      targetAccounts,
      contactsKnown,
      contactsPerAccount: f.contactsPerAccount(contactsKnown, targetAccounts),
      contactsReached: sum((a) => a.contactsReached),
      contactsEngaged: sum((a) => a.contactsEngaged),
      engagedAccounts,
      engagementRate: f.engagementRate(engagedAccounts, targetAccounts),
      keyRoleSlots,
      engagedKeyRoles,
      buyingGroupPenetration: f.buyingGroupPenetration(engagedKeyRoles, keyRoleSlots),
    },
    midTerm: {
      mqas,
      handoffs: count((t) => inPeriod(period, t.createdAtMs)),
      accepted: accepted.length,
      rejected,
      salesAcceptanceRate: f.salesAcceptanceRate(accepted.length, rejected),
      medianHoursToAccept: f.median(accepted.map(({ t }) => f.hoursBetween(t.releasedAtMs ?? t.createdAtMs, t.acceptedAtMs!))),
      eventRegistrations: sum((a) => a.registrations),
      eventAttended: sum((a) => a.attended),
      eventNoShows: sum((a) => a.noShows),
      attendanceRate: f.attendanceRate(sum((a) => a.attended), sum((a) => a.noShows)),
      opportunities: opportunities.length,
      pipeline: f.money(opportunities.reduce((n, { t }) => n + (t.opportunityAmount ?? 0), 0)),
      cost,
      costPerOpportunity: f.costPerOpportunity(cost, opportunities.length),
      allOpportunities: universe.targetAccounts + universe.outsidePool,
      shareOfOpportunities: f.shareOfOpportunities(opportunities.length, universe.targetAccounts + universe.outsidePool),
    },
    longTerm: {
      won: won.length,
      lost,
      winRate: f.winRate(won.length, lost),
      wonRevenue,
      averageContractValue: f.averageContractValue(wonRevenue, won.filter(({ t }) => t.amount !== null).length),
      velocityDays: {
        engagedToMqa: f.median(
          tasks
            .filter(({ t, a }) => inPeriod(period, t.createdAtMs) && a.firstEngagedAtMs !== null && a.firstEngagedAtMs <= t.createdAtMs)
            .map(({ t, a }) => f.daysBetween(a.firstEngagedAtMs!, t.createdAtMs)),
        ),
        mqaToAccepted: f.median(accepted.map(({ t }) => f.daysBetween(t.createdAtMs, t.acceptedAtMs!))),
        acceptedToOpportunity: f.median(opportunities.filter(({ t }) => t.acceptedAtMs !== null).map(({ t }) => f.daysBetween(t.acceptedAtMs!, t.opportunityAtMs!))),
        opportunityToWon: f.median(won.filter(({ t }) => t.opportunityAtMs !== null).map(({ t }) => f.daysBetween(t.opportunityAtMs!, t.closedAtMs!))),
      },
      revenueInfluenced,
      roi: f.roi(revenueInfluenced, cost),
    },
    funnel: funnelStages.map((stage, i) => ({ stage, accounts: atLeast[i]!, conversion: i === 0 ? null : f.conversion(atLeast[i]!, atLeast[i - 1]!) })),
  };
}

/** Key roles without an engaged contact in the period: whom marketing should reach next. */
export const missingKeyRoles = (a: AccountFacts): KeyBuyingGroupRole[] => keyBuyingGroupRoles.filter((r) => !a.engagedKeyRoles.includes(r));
