// Contact import at the size the issue names: 5,000 contacts across 500 accounts from one CSV,
// through the real import (validate every row, one transaction, batched writes), against the same
// validated rows written the obvious way: one upsert per contact in one transaction.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { contactImporter } from '../accounts/import-contacts';
import { accountImporter } from '../accounts/import-accounts';
import { importTable } from '../accounts/import-table';
import { readTable } from '../accounts/read-table';
import { inTransaction } from '../db/transaction';
import { loadScoringModel } from '../config/scoring';
import { contactRowSchema } from '../domain/accounts/contact-row';
import { validateRecords } from '../domain/accounts/row-validation';
import { elapsedMs, fmtMs, freshDb, scratchDir, type BenchResult } from './support';

const ACCOUNTS = 500;
const CONTACTS = 5000;
const GOAL_MS = 5000;
const roles = ['champion', 'problem_owner', 'budget_holder', 'decision_maker', 'user', 'technical_evaluator'];

function writeFiles(dir: string) {
  const accounts = ['domain,name,industry,revenue_band'];
  for (let i = 0; i < ACCOUNTS; i++) accounts.push(`bench${i}.example,"Bench ${i}, Ltd.",Packaging,50M-250M`);
  const contacts = ['email,account_domain,first_name,last_name,title,role,consent,consent_at'];
  for (let i = 0; i < CONTACTS; i++) {
    contacts.push(`person${i}@bench${i % ACCOUNTS}.example,bench${i % ACCOUNTS}.example,伟${i},王,"Engineer, plant ${i % 9}",${roles[i % roles.length]},subscribed,2025-06-01`);
  }
  const accountsFile = path.join(dir, 'accounts.csv');
  const contactsFile = path.join(dir, 'contacts.csv');
  writeFileSync(accountsFile, `${accounts.join('\r\n')}\r\n`);
  writeFileSync(contactsFile, `\uFEFF${contacts.join('\r\n')}\r\n`);
  return { accountsFile, contactsFile };
}

export async function run(): Promise<BenchResult> {
  const { accountsFile, contactsFile } = writeFiles(scratchDir('accounts-import'));
  const context = { actor: 'import' as const, model: loadScoringModel() };
  const importer = contactImporter({ createAccounts: false });

  const measured = await freshDb();
  const baseline = await freshDb();
  try {
    await importTable(measured.db, accountImporter, readTable(accountsFile), context);
    await importTable(baseline.db, accountImporter, readTable(accountsFile), context);

    let created = 0;
    const importMs = await elapsedMs(async () => {
      created = (await importTable(measured.db, importer, readTable(contactsFile), context)).created;
    });
    let unchanged = 0;
    const reimportMs = await elapsedMs(async () => {
      unchanged = (await importTable(measured.db, importer, readTable(contactsFile), context)).unchanged;
    });

    const rows = validateRecords(contactRowSchema, readTable(contactsFile).records).rows;
    const accountIds = new Map((await baseline.db.account.findMany({ select: { id: true, domain: true } })).map((a) => [a.domain, a.id]));
    const naiveMs = await elapsedMs(() =>
      inTransaction(baseline.db, async (tx) => {
        for (const { data } of rows) {
          const contact = {
            accountId: accountIds.get(data.account_domain)!,
            firstName: data.first_name,
            lastName: data.last_name,
            title: data.title,
            role: data.role,
            consent: data.consent,
            consentAt: data.consent_at,
          };
          await tx.contact.upsert({ where: { email: data.email }, create: { email: data.email, ...contact }, update: contact });
        }
      }),
    );

    const stored = await measured.db.contact.count();
    return {
      name: 'accounts-import',
      measurement: `${fmtMs(importMs)} for ${CONTACTS.toLocaleString('en-US')} contacts`,
      baseline: `${fmtMs(naiveMs)} (one upsert per row)`,
      ratio: naiveMs / importMs,
      goal: `whole import < ${fmtMs(GOAL_MS)}`,
      pass: importMs < GOAL_MS,
      notes: [
        `CSV with BOM, CRLF, quoted commas and Chinese names; ${ACCOUNTS} accounts imported first`,
        `re-import of the same file (nothing to write): ${fmtMs(reimportMs)}`,
        'the baseline skips parsing and validation (rows are validated before its clock starts)',
      ],
      checks: [
        { label: `${CONTACTS} contacts created and stored`, ok: created === CONTACTS && stored === CONTACTS },
        { label: 're-import changes nothing', ok: unchanged === CONTACTS },
      ],
    };
  } finally {
    await Promise.all([measured.db.$disconnect(), baseline.db.$disconnect()]);
  }
}
