import { beforeEach, describe, expect, it } from 'vitest';
import { getAccountView } from '../../accounts/account-view';
import { describeAccount } from '../../accounts/describe-account';
import { accountImporter } from '../../accounts/import-accounts';
import { contactImporter } from '../../accounts/import-contacts';
import { salesRepImporter } from '../../accounts/import-sales-reps';
import { setTierOverride } from '../../accounts/manual-changes';
import { useFreshDb } from '../support/fresh-db';
import { contactHeader, defaultModel, importFile, writeLines } from './helpers';

const t = useFreshDb({ each: true });
beforeEach(async () => {
  await importFile(t.db, salesRepImporter, writeLines(t.dir, 'reps.csv', ['email,name,manager_email', 'boss@keelson.example,Anna Boss,', 'rep@keelson.example,Rita Rep,boss@keelson.example']));
  await importFile(
    t.db,
    accountImporter,
    writeLines(t.dir, 'accounts.csv', [
      'domain,name,industry,country,revenue_band,owner_email',
      'thin.example,Thin Data GmbH,Packaging,DE,250M-1B,rep@keelson.example',
    ]),
  );
  await importFile(
    t.db,
    contactImporter({ createAccounts: false }),
    writeLines(t.dir, 'contacts.csv', [
      contactHeader,
      'champ@thin.example,thin.example,Chris,Champ,Engineer,champion,individual,,subscribed,,',
      'money@thin.example,thin.example,Mona,Money,CFO,budget_holder,executive,,unsubscribed,,',
    ]),
  );
});

describe('accounts show', () => {
  it('explains status, tier, score, unknowns, coverage and history in plain words', async () => {
    await setTierOverride(t.db, 'thin.example', 2, 'key logo in packaging', { actor: 'user:alice', model: defaultModel });
    const text = describeAccount(await getAccountView(t.db, 'thin.example'));

    expect(text).toContain('Thin Data GmbH (thin.example)');
    expect(text).toContain('Sales owner: Rita Rep <rep@keelson.example>, manager Anna Boss');
    expect(text).toContain('Pool: CANDIDATE (not in journeys yet) since');
    expect(text).toContain('because its score rests on only 40% of the model, and at least 50% must be known before it can become a target.');
    expect(text).toContain('Tier 2 (one-to-few), because alice fixed it at tier 2: key logo in packaging; it stays until released');
    expect(text).toContain("Value: 62/100, recommends tier 2; it rests on 40% of the model's weight; the rest is unknown.");
    expect(text).toMatch(/Share we could win +weight +15 +unknown +\(no attr\.winnable_share_pct\)/);
    expect(text).toMatch(/Spend in our category +weight +25 +75 pts +revenue_band = 250M-1B, estimated from annual revenue/);
    expect(text).toContain('Buying group: 1 of 4 key roles reachable (25%).');
    expect(text).toContain('Gaps: problem owner (no contact), budget holder (no reachable contact), decision maker (no contact).');
    expect(text).toContain('Budget holder       Mona Money <money@thin.example> (CFO, executive), NOT reachable: unsubscribed');
    expect(text).toMatch(/fixed tier: \(none\) -> 2 +by alice: alice fixed it at tier 2: key logo in packaging/);
  });

  it('suggests similar domains when the one asked for does not exist', async () => {
    await expect(getAccountView(t.db, 'thin-data.example')).rejects.toThrow('No account has the domain "thin-data.example"; did you mean thin.example?');
  });
});
