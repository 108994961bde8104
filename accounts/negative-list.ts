// Changing the negative list by hand (`accounts exclude` / `accounts include` with a rule). Every
// change re-applies the list to the whole pool in the same transaction.
import type { Db } from '../db/client';
import { negativeReasons, type NegativeReason, type NegativeRuleKind } from '../domain/accounts/vocabulary';
import { negativeReasonLabels, parseRuleTarget, ruleLabel } from '../domain/accounts/negative-list';
import { invalid, notFound } from '../domain/use-case-error';
import type { RunContext } from './import-table';
import { rebalancePool, type PoolChange } from './rebalance-pool';
import { inTransaction } from '../db/transaction';

export type RuleKey = { kind: NegativeRuleKind; value: string };

export function parseRuleKey(target: string): RuleKey {
  const parsed = parseRuleTarget(target);
  if ('error' in parsed) throw invalid(parsed.error);
  return parsed;
}

export function parseNegativeReason(reason: string): NegativeReason {
  const key = reason.trim().toLowerCase().replace(/[\s'-]+/g, '_').replace("can_t", 'cant').replace("won_t", 'wont');
  if ((negativeReasons as readonly string[]).includes(key)) return key as NegativeReason;
  throw invalid(
    `${JSON.stringify(reason)} is not a negative-list reason, expected one of ${negativeReasons.map((r) => `${r} (${negativeReasonLabels[r]})`).join(', ')}`,
  );
}

export async function listNegativeRules(db: Db) {
  return db.negativeRule.findMany({ orderBy: [{ kind: 'asc' }, { value: 'asc' }] });
}

export type RuleChange = { rule: string; changes: PoolChange[] };

export async function addNegativeRule(db: Db, key: RuleKey, reason: NegativeReason, note: string | undefined, context: RunContext): Promise<RuleChange> {
  return inTransaction(db, async (tx) => {
    await tx.negativeRule.upsert({
      where: { kind_value: key },
      create: { ...key, reason, note: note ?? null },
      update: { reason, ...(note === undefined ? {} : { note }) },
    });
    return { rule: ruleLabel(key), changes: await rebalancePool(tx, context) };
  });
}

export async function removeNegativeRule(db: Db, key: RuleKey, context: RunContext): Promise<RuleChange> {
  return inTransaction(db, async (tx) => {
    const removed = await tx.negativeRule.deleteMany({ where: key });
    if (removed.count === 0) {
      throw notFound(`There is no negative-list rule ${ruleLabel(key)}; "harpoon accounts negative list" shows the rules.`);
    }
    return { rule: ruleLabel(key), changes: await rebalancePool(tx, context) };
  });
}
