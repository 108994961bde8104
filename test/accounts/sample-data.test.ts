import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getAccountView, listAccounts } from '../../accounts/account-view';
import { accountImporter } from '../../accounts/import-accounts';
import { contactImporter } from '../../accounts/import-contacts';
import { sampleDir, seedSampleData } from '../../accounts/seed-sample-data';
import { useFreshDb } from '../support/fresh-db';
import { importError, importFile } from './helpers';

const t = useFreshDb();

describe('the shipped sample', () => {
  it('seeds an empty database through the regular imports, all valid', async () => {
    const result = await seedSampleData(t.db);
    expect(result.seeded).toBe(true);
    expect(await t.db.account.count()).toBeGreaterThanOrEqual(190);
    const perAccount = await t.db.contact.groupBy({ by: ['accountId'], _count: true });
    expect(perAccount.every((g) => g._count >= 3 && g._count <= 8)).toBe(true);
    expect(await t.db.account.count({ where: { name: { contains: '有限公司' } } })).toBeGreaterThan(5);
  });

  it('has the demo account the demo journey runs on: a tier-3 target with all key roles reachable, in UTC', async () => {
    const demo = await getAccountView(t.db, 'demo.harpoon.example');
    expect(demo).toMatchObject({ name: 'Demo Industrial Co.', timezone: 'UTC', tier: { tier: 3 }, pool: { status: 'target', eligibleForJourney: true } });
    expect(demo.coverage).toMatchObject({ ratio: 1, gaps: [] });
    expect(demo.buyingGroup.every((c) => c.reachable && c.timezone === 'UTC')).toBe(true);
  });

  it('shows the pool at work: excluded accounts, gaps in buying groups, and tier-1 candidates waiting for room', async () => {
    const all = await listAccounts(t.db);
    expect(all.filter((a) => a.status === 'excluded').map((a) => a.domain)).toEqual(expect.arrayContaining(['cn.rival-group.example', 'ironshield-defense.example']));
    expect(all.filter((a) => a.tier === 1 && a.status === 'target')).toHaveLength(20);
    expect(all.some((a) => a.tier === 1 && a.status === 'candidate')).toBe(true);
    expect(all.filter((a) => a.gaps.length > 0).length).toBeGreaterThan(20);
  });

  it('is not seeded twice', async () => {
    const before = await t.db.account.findMany({ orderBy: { domain: 'asc' } });
    expect(await seedSampleData(t.db)).toEqual({ seeded: false, reason: `the database already holds ${before.length} accounts` });
    expect(await t.db.account.findMany({ orderBy: { domain: 'asc' } })).toEqual(before);
  });

  it('keeps invalid files that demonstrate the errors, each rejected as a whole', async () => {
    const accounts = await importError(importFile(t.db, accountImporter, path.join(sampleDir, 'invalid', 'accounts.csv')));
    expect(accounts.details.length).toBeGreaterThanOrEqual(8);
    const contacts = await importError(importFile(t.db, contactImporter({ createAccounts: false }), path.join(sampleDir, 'invalid', 'contacts.csv')));
    expect(contacts.details).toContain(
      'row 3, column email: "mei.chen@huaxin-precision.example" repeats row 2 (emails match regardless of upper and lower case), expected each contact once per file',
    );
  });
});
