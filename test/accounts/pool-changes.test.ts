import { beforeEach, describe, expect, it } from 'vitest';
import { UseCaseError } from '../../domain/use-case-error';
import { accountImporter } from '../../accounts/import-accounts';
import { getAccountView } from '../../accounts/account-view';
import { includeAccount, retireAccount, setTierOverride } from '../../accounts/manual-changes';
import { addNegativeRule, parseRuleKey } from '../../accounts/negative-list';
import { scoreAccounts } from '../../accounts/score-accounts';
import type { ScoringModel } from '../../domain/accounts/scoring-model';
import { useFreshDb } from '../support/fresh-db';
import { defaultModel, importFile, writeLines } from './helpers';

const t = useFreshDb({ each: true });

// Under the default model: strong 98, rival 96, good 85 (all tier 1), fair 52 (tier 3).
const accountsFile = () =>
  writeLines(t.dir, 'accounts.csv', [
    'domain,name,industry,revenue_band,purchase_pattern,attr.category_spend_usd,attr.winnable_share_pct,attr.credit_rating,attr.growth_pct,attr.reference_value',
    'strong.example,Strong AG,Medical Devices,1B+,continuous,6000000,60,AAA,30,high',
    'good.example,Good GmbH,Medical Devices,1B+,continuous,1000000,30,AA,20,medium',
    'fair.example,Fair Ltd,Packaging,50M-250M,periodic,250000,15,BBB,5,low',
    'eu.rival.example,Rival Europe,Automation Equipment,1B+,continuous,6000000,60,AAA,30,high',
  ]);
const user = { actor: 'user:alice', model: defaultModel } as const;
const account = (domain: string) => t.db.account.findUniqueOrThrow({ where: { domain } });

beforeEach(async () => {
  await importFile(t.db, accountImporter, accountsFile());
});

describe('changing the pool', () => {
  it('scores imported accounts and promotes those above the threshold', async () => {
    expect(await account('strong.example')).toMatchObject({ score: 98, scoreConfidence: 1, tier: 1, poolStatus: 'target' });
    expect(await account('good.example')).toMatchObject({ score: 85, tier: 1, poolStatus: 'target' });
    expect(await account('fair.example')).toMatchObject({ score: 52, tier: 3, poolStatus: 'target' });
  });

  it('excludes matching accounts at once when a rule is added, and takes them back when it is removed', async () => {
    const added = await addNegativeRule(t.db, parseRuleKey('suffix:rival.example'), 'competitor', 'Rival Group', user);
    expect(added.changes).toEqual([
      { domain: 'eu.rival.example', field: 'poolStatus', from: 'target', to: 'excluded', reason: 'it is on the negative list: they are a competitor (rule suffix:rival.example, Rival Group)' },
    ]);
    const history = await t.db.statusChange.findMany({ where: { account: { domain: 'eu.rival.example' }, newValue: 'excluded' } });
    expect(history).toMatchObject([{ field: 'poolStatus', oldValue: 'target', actor: 'user:alice' }]);

    // Re-importing does not bring an excluded account back.
    await importFile(t.db, accountImporter, accountsFile());
    expect(await account('eu.rival.example')).toMatchObject({ poolStatus: 'excluded' });

    // Including the domain alone is refused while the broader rule still matches; the error names it.
    await expect(includeAccount(t.db, 'eu.rival.example', 'partner now', user)).rejects.toThrow(
      'eu.rival.example is still excluded by the rule suffix:rival.example (competitor); remove that rule with "harpoon accounts include suffix:rival.example"',
    );
    const included = await includeAccount(t.db, 'suffix:rival.example', 'acquired by us', user);
    expect(included.changes).toMatchObject([{ domain: 'eu.rival.example', from: 'excluded', to: 'target' }]);
  });

  it('shows what a rule would take out of the pool without changing it, and asks to confirm one that takes out more than a handful', async () => {
    // Eleven more accounts of one suffix: with the four above, a rule on it would take out more than ten.
    await importFile(t.db, accountImporter, writeLines(t.dir, 'many.csv', ['domain,name', ...Array.from({ length: 11 }, (_, i) => `shop${i}.many.example,Shop ${i}`)]));
    const before = await t.db.account.findMany({ orderBy: { domain: 'asc' }, select: { domain: true, poolStatus: true } });
    const look = await addNegativeRule(t.db, parseRuleKey('suffix:example'), 'legal', undefined, user, { dryRun: true });
    expect(look.applied).toBe(false);
    expect(look.changes.filter((c) => c.to === 'excluded')).toHaveLength(15);
    expect(await t.db.account.findMany({ orderBy: { domain: 'asc' }, select: { domain: true, poolStatus: true } })).toEqual(before);
    expect(await t.db.negativeRule.count()).toBe(0);

    const unconfirmed = await addNegativeRule(t.db, parseRuleKey('suffix:example'), 'legal', undefined, user).then(() => null, (err: UseCaseError) => err.message);
    expect(unconfirmed).toBe('suffix:example would take 15 accounts out of the pool and end their journeys; nothing was changed. See which with --dry-run, and run it again with --yes to apply it');
    expect(await t.db.negativeRule.count()).toBe(0);

    const confirmed = await addNegativeRule(t.db, parseRuleKey('suffix:example'), 'legal', undefined, user, { confirmed: true });
    expect(confirmed.applied).toBe(true);
    expect(await t.db.account.count({ where: { poolStatus: 'excluded' } })).toBe(15);
  });

  it('applies negative rules that exist before the accounts are imported', async () => {
    await addNegativeRule(t.db, parseRuleKey('industry:packaging'), 'cant_serve', undefined, user);
    const report = await importFile(t.db, accountImporter, writeLines(t.dir, 'more.csv', ['domain,name,industry,timezone', 'boxes.example,Boxes Ltd,Packaging,Europe/London']));
    expect(report.notes).toEqual(['1 account was excluded by the negative list', '1 account was given a tier']);
    expect(await account('boxes.example')).toMatchObject({ poolStatus: 'excluded', poolReason: "it is on the negative list: we can't serve them (rule industry:packaging)" });
  });

  it('keeps the lowest scorers waiting as candidates when a tier is over capacity', async () => {
    const tight: ScoringModel = { ...defaultModel, pool: { ...defaultModel.pool, capacity: { '1': 1, '2': 100, '3': 100 } } };
    const run = await scoreAccounts(t.db, { all: true }, { actor: 'system', model: tight });
    const waiting = expect.stringContaining('the tier-1 budget of 1 targets is taken');
    expect(run.changes).toEqual([
      expect.objectContaining({ domain: 'good.example', from: 'target', to: 'candidate', reason: waiting }),
      expect.objectContaining({ domain: 'eu.rival.example', from: 'target', to: 'candidate', reason: waiting }),
    ]);
    expect(await account('strong.example')).toMatchObject({ poolStatus: 'target' });
  });

  it('keeps a tier fixed by hand through re-scoring and re-import, records who and why, and releases it on "auto"', async () => {
    // A decision without a reason explains nothing in the history: refused.
    await expect(setTierOverride(t.db, 'strong.example', 3, '  ', user)).rejects.toThrow(/{field:reason}: say why/);
    await expect(retireAccount(t.db, 'strong.example', '', user)).rejects.toThrow(/{field:reason}: say why/);
    const fixed = await setTierOverride(t.db, 'https://strong.example', 3, 'pilot first', user);
    expect(fixed.changes).toMatchObject([{ domain: 'strong.example', field: 'tier', from: '1', to: '3', reason: 'alice fixed it at tier 3: pilot first' }]);

    await scoreAccounts(t.db, { all: true }, { actor: 'system', model: defaultModel });
    await importFile(t.db, accountImporter, accountsFile());
    expect(await account('strong.example')).toMatchObject({ tier: 3, tierOverride: 3, recommendedTier: 1 });

    await setTierOverride(t.db, 'strong.example', null, 'pilot done', user);
    expect(await account('strong.example')).toMatchObject({ tier: 1, tierOverride: null });
    const history = await t.db.statusChange.findMany({ where: { account: { domain: 'strong.example' }, field: 'tierOverride' }, orderBy: { at: 'asc' } });
    expect(history.map((h) => [h.oldValue, h.newValue, h.actor, h.reason])).toEqual([
      [null, '3', 'user:alice', 'alice fixed it at tier 3: pilot first'],
      ['3', null, 'user:alice', 'alice let its tier follow the score again: pilot done'],
    ]);
  });

  it("keeps a tier a user fixed when an import's tier column says another, says so, and lets the file set it after \"auto\"", async () => {
    const tiers = (strong: number, good: number) => writeLines(t.dir, `tiers-${strong}-${good}.csv`, ['domain,name,tier', `strong.example,Strong AG,${strong}`, `good.example,Good GmbH,${good}`]);
    await importFile(t.db, accountImporter, tiers(2, 2));
    await setTierOverride(t.db, 'strong.example', 3, 'pilot first', user);

    // The CRM's next export: a tier the file set before follows the file; the one alice fixed stays.
    const again = await importFile(t.db, accountImporter, tiers(2, 3));
    expect(again.notes).toContain('1 account keeps the tier a user or a review fixed: strong.example (3, the file says 2); "harpoon accounts tier <domain> auto" lets the file set it');
    expect(await account('strong.example')).toMatchObject({ tier: 3, tierOverride: 3, tierReason: 'alice fixed it at tier 3: pilot first' });
    expect(await account('good.example')).toMatchObject({ tier: 3, tierOverride: 3, tierReason: 'the import of tiers-2-3.csv set it to tier 3' });
    expect((await getAccountView(t.db, 'good.example'))?.tier).toMatchObject({ fixedByHand: false, fixedByImport: true });
    expect((await getAccountView(t.db, 'strong.example'))?.tier).toMatchObject({ fixedByHand: true, fixedByImport: false });

    await setTierOverride(t.db, 'strong.example', null, 'pilot done', user);
    const released = await importFile(t.db, accountImporter, tiers(2, 3));
    expect(released.notes.join(' ')).not.toContain('keeps the tier');
    expect(await account('strong.example')).toMatchObject({ tier: 2, tierOverride: 2, tierReason: 'the import of tiers-2-3.csv set it to tier 2' });
  });

  it('retires an account on request until it is included again, freeing its place', async () => {
    const retired = await retireAccount(t.db, 'good.example', 'bought from a competitor for 5 years', user);
    expect(retired.outcome).toBe('it is retired until someone includes it again');
    await scoreAccounts(t.db, { all: true }, { actor: 'system', model: defaultModel });
    expect(await account('good.example')).toMatchObject({ poolStatus: 'retired', poolReason: 'alice retired it: bought from a competitor for 5 years' });

    await includeAccount(t.db, 'good.example', 'new plant announced', user);
    expect(await account('good.example')).toMatchObject({ poolStatus: 'target' });
  });

  it('refuses to score or change an account that does not exist, saying so in one line', async () => {
    await expect(scoreAccounts(t.db, { domain: 'nope.example' }, user)).rejects.toThrow(UseCaseError);
    await expect(setTierOverride(t.db, 'nope.example', 1, 'x', user)).rejects.toThrow('No account has the domain "nope.example"');
  });
});
