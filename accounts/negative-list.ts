// Changing the negative list by hand (`accounts exclude` / `accounts include` with a rule). Every
// change re-applies the list to the whole pool in the same transaction.
import type { Db } from '../db/client';
import { negativeReasons, type NegativeReason, type NegativeRuleKind } from '../domain/accounts/vocabulary';
import { negativeReasonLabels, parseRuleTarget, ruleLabel } from '../domain/accounts/negative-list';
import { conflict, invalid, notFound } from '../domain/use-case-error';
import { plural } from '../domain/words/plural';
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

/**
 * More accounts than this leaving the pool at once takes a confirmation: one rule typed in a hurry
 * (`suffix:com`, `suffix:example`) took every account out of the pool, and ended their journeys, at once.
 */
export const excludedWithoutConfirmation = 10;

/** `dryRun`: say what the rule would change and change nothing; `confirmed`: apply it however many accounts it takes out. */
export type RuleOptions = { dryRun?: boolean; confirmed?: boolean };

/** Thrown to roll back a change that was only to be looked at. */
class OnlyLooked extends Error {
  constructor(readonly result: RuleChange) {
    super('rolled back: only looked at');
  }
}

export async function addNegativeRule(db: Db, key: RuleKey, reason: NegativeReason, note: string | undefined, context: RunContext, options: RuleOptions = {}): Promise<RuleChange & { applied: boolean }> {
  // The rule is applied and, for a look, rolled back: what a look shows is exactly what applying does.
  const applied = await inTransaction(db, async (tx) => {
    await tx.negativeRule.upsert({
      where: { kind_value: key },
      create: { ...key, reason, note: note ?? null },
      update: { reason, ...(note === undefined ? {} : { note }) },
    });
    const result = { rule: ruleLabel(key), changes: await rebalancePool(tx, context) };
    if (options.dryRun || (excludedBy(result) > excludedWithoutConfirmation && !options.confirmed)) throw new OnlyLooked(result);
    return result;
  }).catch((err: unknown) => {
    if (err instanceof OnlyLooked) return err.result;
    throw err;
  });
  const looked = options.dryRun || (excludedBy(applied) > excludedWithoutConfirmation && !options.confirmed);
  if (looked && !options.dryRun) {
    throw conflict(
      `${applied.rule} would take ${plural(excludedBy(applied), 'account')} out of the pool and end their journeys; nothing was changed. ` +
        'See which with --dry-run, and run it again with --yes to apply it',
    );
  }
  return { ...applied, applied: !looked };
}

const excludedBy = (result: RuleChange) => result.changes.filter((c) => c.field === 'poolStatus' && c.to === 'excluded').length;

export async function removeNegativeRule(db: Db, key: RuleKey, context: RunContext): Promise<RuleChange> {
  return inTransaction(db, async (tx) => {
    const removed = await tx.negativeRule.deleteMany({ where: key });
    if (removed.count === 0) {
      throw notFound(`There is no negative-list rule ${ruleLabel(key)}; "harpoon accounts negative list" shows the rules.`);
    }
    return { rule: ruleLabel(key), changes: await rebalancePool(tx, context) };
  });
}
