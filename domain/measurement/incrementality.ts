// The incrementality of a journey: its treated and held-out accounts side by side, each outcome
// defined exactly as `harpoon report` defines it (domain/metrics/summarize.ts), so "engaged" or
// "MQA" means the same here as on the dashboard:
//   engaged      accounts with a counted engagement in the period (the engagement rate's numerator)
//   MQA          accounts handed off to sales in the period (MQAs)
//   opportunity  accounts at the funnel's opportunity step or beyond in the period
//   won          accounts at the funnel's won step in the period
//   pipeline     each account's opportunity amounts in the period (pipeline), per account
import type { Period } from '../metrics/filter';
import { funnelStages, summarize, type AccountFacts, type Metrics } from '../metrics/summarize';
import { meanLift, rateLift, smallGroupsWarning, type MeanLift, type RateLift } from './lift';

export const liftOutcomes = ['engaged', 'mqa', 'opportunity', 'won'] as const;
export type LiftOutcome = (typeof liftOutcomes)[number];

export type Incrementality = {
  treatedAccounts: number;
  heldOutAccounts: number;
  rates: Record<LiftOutcome, RateLift>;
  pipelinePerAccount: MeanLift;
  /** The plain warning when either group is too small; null when both are large enough. */
  warning: string | null;
};

// Only the figures below are read, none of which needs the opportunities outside the scope.
const noUniverse = { targetAccounts: 0, outsidePool: 0 };

const atStep = (m: Metrics, stage: (typeof funnelStages)[number]) => m.funnel.find((f) => f.stage === stage)!.accounts;

function events(accounts: readonly AccountFacts[], period: Period): Record<LiftOutcome, number> {
  const m = summarize(accounts, period, noUniverse);
  return { engaged: m.shortTerm.engagedAccounts, mqa: m.midTerm.mqas, opportunity: atStep(m, 'opportunity'), won: atStep(m, 'won') };
}

const pipelines = (accounts: readonly AccountFacts[], period: Period) => accounts.map((a) => summarize([a], period, noUniverse).midTerm.pipeline);

export function incrementality(treated: readonly AccountFacts[], heldOut: readonly AccountFacts[], period: Period): Incrementality {
  const t = events(treated, period);
  const h = events(heldOut, period);
  return {
    treatedAccounts: treated.length,
    heldOutAccounts: heldOut.length,
    rates: Object.fromEntries(liftOutcomes.map((o) => [o, rateLift({ events: t[o], accounts: treated.length }, { events: h[o], accounts: heldOut.length })])) as Record<LiftOutcome, RateLift>,
    pipelinePerAccount: meanLift(pipelines(treated, period), pipelines(heldOut, period)),
    warning: smallGroupsWarning(treated.length, heldOut.length),
  };
}
