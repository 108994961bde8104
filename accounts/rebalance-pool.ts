// Applies the pool rules (domain/accounts/pool.ts) to every account and stores the outcome:
// after an import, a scoring run, a negative-list change or a user's decision. Only real changes
// are written, and each change of tier or status goes into the history.
import type { Tx } from '../db/client';
import { planPool, type Placement, type PoolMember } from '../domain/accounts/pool';
import type { NegativeRule } from '../domain/accounts/negative-list';
import type { PoolStatus } from '../domain/accounts/vocabulary';
import type { RunContext } from './import-table';
import { recordStatusChanges, type StatusChangeEntry } from './status-history';
import { batches } from '../db/transaction';

export type PoolChange = { domain: string; field: 'poolStatus' | 'tier'; from: string | null; to: string | null; reason: string };

export async function rebalancePool(tx: Tx, { actor, model }: RunContext): Promise<PoolChange[]> {
  const accounts = await tx.account.findMany({
    select: {
      id: true, domain: true, industry: true, poolStatus: true, poolReason: true, tier: true, tierOverride: true,
      tierReason: true, score: true, scoreConfidence: true, recommendedTier: true,
    },
  });
  const rules = (await tx.negativeRule.findMany()) as NegativeRule[];
  const plan = planPool(accounts.map((a) => ({ ...a, poolStatus: a.poolStatus as PoolStatus }) satisfies PoolMember), rules, model);

  const changes: PoolChange[] = [];
  const history: StatusChangeEntry[] = [];
  // Accounts that land in the same place for the same reason are written with one statement: a
  // first import of a thousand accounts is a few hundred updates, not a thousand.
  const updates = new Map<string, { data: Placement & { poolChangedAt?: Date }; ids: string[] }>();
  const now = new Date();
  for (const account of accounts) {
    const next = plan.get(account.id)!;
    const statusChanged = next.poolStatus !== account.poolStatus;
    const tierChanged = next.tier !== account.tier;
    if (!statusChanged && !tierChanged && next.poolReason === account.poolReason && next.tierReason === account.tierReason) continue;
    const data = { ...next, ...(statusChanged ? { poolChangedAt: now } : {}) };
    const key = JSON.stringify(data);
    const group = updates.get(key) ?? { data, ids: [] };
    group.ids.push(account.id);
    updates.set(key, group);
    if (statusChanged) {
      changes.push({ domain: account.domain, field: 'poolStatus', from: account.poolStatus, to: next.poolStatus, reason: next.poolReason });
      history.push({ accountId: account.id, field: 'poolStatus', oldValue: account.poolStatus, newValue: next.poolStatus, reason: next.poolReason, actor });
    }
    if (tierChanged) {
      const [from, to] = [account.tier, next.tier].map((t) => (t === null ? null : String(t)));
      changes.push({ domain: account.domain, field: 'tier', from: from ?? null, to: to ?? null, reason: next.tierReason });
      history.push({ accountId: account.id, field: 'tier', oldValue: account.tier, newValue: next.tier, reason: next.tierReason, actor });
    }
  }
  for (const { data, ids } of updates.values()) {
    for (const batch of batches(ids)) await tx.account.updateMany({ where: { id: { in: batch } }, data });
  }
  await recordStatusChanges(tx, history);
  return changes;
}

/** One line per kind of change, e.g. "12 accounts became targets"; empty when nothing moved. */
export function summarisePoolChanges(changes: readonly PoolChange[]): string[] {
  const statusTo = (status: string) => changes.filter((c) => c.field === 'poolStatus' && c.to === status).length;
  const tierChanges = changes.filter((c) => c.field === 'tier');
  const counted: [number, string, string][] = [
    [statusTo('target'), 'account became a target', 'accounts became targets'],
    [statusTo('candidate'), 'account went back to being a candidate', 'accounts went back to being candidates'],
    [statusTo('excluded'), 'account was excluded by the negative list', 'accounts were excluded by the negative list'],
    [statusTo('retired'), 'account was retired', 'accounts were retired'],
    [tierChanges.filter((c) => c.from === null).length, 'account was given a tier', 'accounts were given a tier'],
    [tierChanges.filter((c) => c.from !== null).length, 'account changed tier', 'accounts changed tier'],
  ];
  return counted.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
}
