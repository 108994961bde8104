// Domains as people read and type them at the CLI: an internationalised one in its own letters
// where a person reads it (punycode stays in --json), and "did you mean" only for a domain that is
// close to the one typed.
import { beforeAll, describe, expect, it } from 'vitest';
import { getAccountView } from '../../accounts/account-view';
import { accountImporter } from '../../accounts/import-accounts';
import { contactImporter } from '../../accounts/import-contacts';
import { runCli } from '../support/cli';
import { useFreshDb } from '../support/fresh-db';
import { contactHeader, importFile, writeLines } from './helpers';

const t = useFreshDb();
let env: Record<string, string>;
beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  await importFile(
    t.db,
    accountImporter,
    writeLines(t.dir, 'accounts.csv', [
      'domain,name',
      'münchen-tech.example,München Tech GmbH',
      'alpen-components.example,Alpen Components AG',
      'keystone-fabrication.example,Keystone Fabrication Inc.',
    ]),
  );
  await importFile(t.db, contactImporter({ createAccounts: false }), writeLines(t.dir, 'contacts.csv', [contactHeader, 'hans@münchen-tech.example,münchen-tech.example,Hans,Huber,CTO,decision_maker,,,,,']));
});

describe('an internationalised domain', () => {
  it('is shown in its own letters by accounts list and accounts show, and in punycode in their --json', async () => {
    const list = await runCli(['accounts', 'list'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/ münchen-tech\.example {2}München Tech GmbH\n/);
    expect(list.stdout).not.toContain('xn--');

    // Typed in punycode, it is the same account, shown in its own letters.
    const show = await runCli(['accounts', 'show', 'xn--mnchen-tech-thb.example'], env);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('München Tech GmbH (münchen-tech.example)');
    expect(show.stdout).toContain('Hans Huber <hans@münchen-tech.example> (CTO)');
    expect(show.stdout).not.toContain('xn--');
    const shown = JSON.parse((await runCli(['accounts', 'show', 'münchen-tech.example', '--json'], env)).stdout);
    expect(shown).toMatchObject({ domain: 'xn--mnchen-tech-thb.example', buyingGroup: [{ email: 'hans@xn--mnchen-tech-thb.example' }] });
  });
});

describe('accounts show of a domain no account has', () => {
  it('suggests no account that merely shares a word with it, and says how to list them', async () => {
    const run = await runCli(['accounts', 'show', 'rj-one.example'], env);
    expect([run.code, run.stderr.trim()]).toEqual([1, 'harpoon: No account has the domain "rj-one.example"; "harpoon accounts list" shows them all.']);
  });

  it('suggests a domain a typo or a missing accent away', async () => {
    // The CLI says what the use case throws (above); the suggestions themselves need no process each.
    await expect(getAccountView(t.db, 'keystone-fabricaton.example')).rejects.toThrow('No account has the domain "keystone-fabricaton.example"; did you mean keystone-fabrication.example?');
    await expect(getAccountView(t.db, 'munchen-tech.example')).rejects.toThrow('No account has the domain "munchen-tech.example"; did you mean münchen-tech.example?');
  });
});
