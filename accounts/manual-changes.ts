// A user's decisions about single accounts: fix or release a tier, retire, bring back. Each is
// recorded with the user and their reason, and the pool rules run again in the same transaction
// (a retirement frees room for the next candidate; a tier change competes for that tier's budget).
import type { Db, Tx } from '../db/client';
import { negativeListMatcher, ruleLabel, type NegativeRule } from '../domain/accounts/negative-list';
import type { Actor, Tier } from '../domain/accounts/vocabulary';
import { conflict, invalid, notFound } from '../domain/use-case-error';
import { field } from '../domain/fields/field-ref';
import { findAccountByDomain } from './find-account';
import type { RunContext } from './import-table';
import { parseRuleKey, removeNegativeRule } from './negative-list';
import { rebalancePool, type PoolChange } from './rebalance-pool';
import { recordStatusChanges } from './status-history';
import { inTransaction } from '../db/transaction';

export type ManualChange = { domain: string; outcome: string; changes: PoolChange[] };

const who = (actor: Actor) => actor.replace(/^user:/, '');

/** Each decision is kept in the status history with its reason: a blank one would explain nothing. */
function requireReason(reason: string): void {
  if (reason.trim() === '') throw invalid(`${field('reason')}: say why, e.g. "pilot first" or "bought from a competitor"; it is kept in the account's status history`);
}

async function requireAccount(tx: Tx, domain: string) {
  const account = await findAccountByDomain(tx, domain);
  if (!account) throw notFound(`No account has the domain ${JSON.stringify(domain)}; "harpoon accounts list" shows them all.`);
  return account;
}

/** Fixes the account's tier (it sticks through re-scoring) or, with `null`, hands it back to the score. */
export async function setTierOverride(db: Db, domain: string, tier: Tier | null, reason: string, context: RunContext): Promise<ManualChange> {
  requireReason(reason);
  return inTransaction(db, async (tx) => {
    const account = await requireAccount(tx, domain);
    if (account.tierOverride === tier) {
      const outcome = tier === null ? 'its tier already follows its score' : `its tier is already fixed at ${tier}`;
      return { domain: account.domain, outcome, changes: [] };
    }
    const tierReason = tier === null ? null : `${who(context.actor)} fixed it at tier ${tier}: ${reason}`;
    await tx.account.update({ where: { id: account.id }, data: { tierOverride: tier, tierFixedBy: tier === null ? null : 'user', tierReason } });
    await recordStatusChanges(tx, [
      {
        accountId: account.id,
        field: 'tierOverride',
        oldValue: account.tierOverride,
        newValue: tier,
        reason: tierReason ?? `${who(context.actor)} let its tier follow the score again: ${reason}`,
        actor: context.actor,
      },
    ]);
    const outcome = tier === null ? 'its tier follows its score again' : `its tier is fixed at ${tier} until released with "auto"`;
    return { domain: account.domain, outcome, changes: await rebalancePool(tx, context) };
  });
}

export async function retireAccount(db: Db, domain: string, reason: string, context: RunContext): Promise<ManualChange> {
  requireReason(reason);
  return inTransaction(db, async (tx) => {
    const account = await requireAccount(tx, domain);
    if (account.poolStatus === 'retired') return { domain: account.domain, outcome: 'it was already retired', changes: [] };
    if (account.poolStatus === 'excluded') {
      throw conflict(`${account.domain} is excluded by the negative list (${account.poolReason}); retiring does not apply to it.`);
    }
    const poolReason = `${who(context.actor)} retired it: ${reason}`;
    await tx.account.update({ where: { id: account.id }, data: { poolStatus: 'retired', poolReason, poolChangedAt: new Date() } });
    await recordStatusChanges(tx, [
      { accountId: account.id, field: 'poolStatus', oldValue: account.poolStatus, newValue: 'retired', reason: poolReason, actor: context.actor },
    ]);
    return { domain: account.domain, outcome: 'it is retired until someone includes it again', changes: await rebalancePool(tx, context) };
  });
}

/**
 * `accounts include`: with a rule ("suffix:gov.cn"), removes it from the negative list; with a
 * domain, removes that domain's own rule and brings a retired account back as a candidate. An
 * account still caught by a broader rule is an error that names the rule to remove instead.
 */
export async function includeAccount(db: Db, target: string, reason: string, context: RunContext): Promise<ManualChange> {
  requireReason(reason);
  if (/^(domain|suffix|industry):/i.test(target.trim())) {
    const { rule, changes } = await removeNegativeRule(db, parseRuleKey(target), context);
    return { domain: rule, outcome: `rule ${rule} is off the negative list`, changes };
  }
  const key = parseRuleKey(target);
  return inTransaction(db, async (tx) => {
    const removed = await tx.negativeRule.deleteMany({ where: key });
    const account = await tx.account.findUnique({ where: { domain: key.value } });
    if (!account) {
      if (removed.count === 0) throw notFound(`No account has the domain ${JSON.stringify(target)} and no negative-list rule names it.`);
      return { domain: key.value, outcome: `rule ${ruleLabel(key)} is off the negative list`, changes: await rebalancePool(tx, context) };
    }
    const stillExcludedBy = negativeListMatcher((await tx.negativeRule.findMany()) as NegativeRule[])(account);
    if (stillExcludedBy) {
      throw conflict(
        `${account.domain} is still excluded by the rule ${ruleLabel(stillExcludedBy)} (${stillExcludedBy.reason}); ` +
          `remove that rule with "harpoon accounts include ${ruleLabel(stillExcludedBy)}" if it should go for every account it matches.`,
      );
    }
    if (account.poolStatus === 'retired') {
      const poolReason = `${who(context.actor)} brought it back: ${reason}`;
      await tx.account.update({ where: { id: account.id }, data: { poolStatus: 'candidate', poolReason, poolChangedAt: new Date() } });
      await recordStatusChanges(tx, [
        { accountId: account.id, field: 'poolStatus', oldValue: 'retired', newValue: 'candidate', reason: poolReason, actor: context.actor },
      ]);
    } else if (removed.count === 0) {
      return { domain: account.domain, outcome: `it is already in the pool (${account.poolStatus})`, changes: [] };
    }
    return { domain: account.domain, outcome: 'it is back in the pool', changes: await rebalancePool(tx, context) };
  });
}
