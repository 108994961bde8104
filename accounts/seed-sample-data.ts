// `npm start` on an empty database: import the shipped fictional sample (sales reps, negative
// list, ~200 accounts, their contacts) in one transaction, through the same imports users run.
// Does nothing when accounts already exist, so it is safe to call on every start.
import path from 'node:path';
import { loadScoringModel } from '../config/scoring';
import { projectRoot } from '../config/env';
import type { Db } from '../db/client';
import type { ScoringModel } from '../domain/accounts/scoring-model';
import { accountImporter } from './import-accounts';
import { contactImporter } from './import-contacts';
import { importTableIn, type ImportReport } from './import-table';
import { negativeRuleImporter } from './import-negative-rules';
import { salesRepImporter } from './import-sales-reps';
import { readTable } from './read-table';
import { inTransaction } from '../db/transaction';

export const sampleDir = path.join(projectRoot, 'samples');

export type SeedResult = { seeded: false; reason: string } | { seeded: true; reports: ImportReport[] };

export async function seedSampleData(db: Db, model: ScoringModel = loadScoringModel()): Promise<SeedResult> {
  const existing = await db.account.count();
  if (existing > 0) return { seeded: false, reason: `the database already holds ${existing} accounts` };
  const context = { actor: 'import', model } as const;
  const file = (name: string) => readTable(path.join(sampleDir, name));
  return inTransaction(db, async (tx) => ({
    seeded: true,
    reports: [
      await importTableIn(tx, salesRepImporter, file('sales-reps.csv'), context),
      await importTableIn(tx, negativeRuleImporter, file('negative-list.csv'), context),
      await importTableIn(tx, accountImporter, file('accounts.csv'), context),
      await importTableIn(tx, contactImporter({ createAccounts: false }), file('contacts.csv'), context),
    ],
  }));
}
