// Scoring runs: assess accounts with the model in force, store score and breakdown, then let the
// pool rules act on the new scores (promotion, retirement, capacity).
import type { Db } from '../db/client';
import { assessAccount, type Assessment, type ScoringInput } from '../domain/accounts/score';
import type { ScoringModel } from '../domain/accounts/scoring-model';
import { notFound } from '../domain/use-case-error';
import { findAccountByDomain } from './find-account';
import type { RunContext } from './import-table';
import { rebalancePool, type PoolChange } from './rebalance-pool';
import { inTransaction } from '../db/transaction';

type ScoredFields = {
  industry: string | null;
  country: string | null;
  employeeCount: number | null;
  revenueBand: string | null;
  purchasePattern: string;
  attributes: unknown;
};

/** What the breakdown column holds: everything in the assessment but the top-line numbers. */
export type StoredBreakdown = Pick<Assessment, 'currentValue' | 'futureValue' | 'factors'>;

export function scoringInputOf(account: ScoredFields): ScoringInput {
  return {
    industry: account.industry,
    country: account.country,
    employee_count: account.employeeCount,
    revenue_band: account.revenueBand,
    purchase_pattern: account.purchasePattern,
    attributes: (account.attributes ?? null) as Record<string, unknown> | null,
  };
}

/** The account columns that store an assessment. */
export function assessmentColumns(account: ScoredFields, model: ScoringModel, scoredAt = new Date()) {
  const { score, confidence, recommendedTier, currentValue, futureValue, factors } = assessAccount(scoringInputOf(account), model);
  return {
    score,
    scoreConfidence: confidence,
    recommendedTier,
    scoreBreakdown: { currentValue, futureValue, factors } satisfies StoredBreakdown,
    scoredAt,
  };
}

export type ScoringRun = { scored: number; scoreChanged: number; changes: PoolChange[] };

/** Re-scores one account (by domain) or all, then rebalances the pool. */
export async function scoreAccounts(db: Db, target: { domain: string } | { all: true }, context: RunContext): Promise<ScoringRun> {
  return inTransaction(db, async (tx) => {
    let accounts;
    if ('domain' in target) {
      const account = await findAccountByDomain(tx, target.domain);
      if (!account) throw notFound(`No account has the domain ${JSON.stringify(target.domain)}; "harpoon accounts list" shows them all.`);
      accounts = [account];
    } else {
      accounts = await tx.account.findMany();
    }
    const scoredAt = new Date();
    let scoreChanged = 0;
    for (const account of accounts) {
      const columns = assessmentColumns(account, context.model, scoredAt);
      if (columns.score !== account.score || columns.recommendedTier !== account.recommendedTier) scoreChanged++;
      await tx.account.update({ where: { id: account.id }, data: columns });
    }
    return { scored: accounts.length, scoreChanged, changes: await rebalancePool(tx, context) };
  });
}
