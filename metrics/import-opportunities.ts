// `harpoon opportunities import <file>`: the CRM's opportunities, all-or-nothing. Keyed by the CRM's
// ID, so importing a newer export of the same file updates the rows instead of adding them twice.
import { invalid } from '../domain/use-case-error';
import { readTable } from '../accounts/read-table';
import type { Db } from '../db/client';
import { checkColumns, findRepeatedKeys, formatRowIssue, validateRecords, type RowIssue, type ValidRow } from '../domain/accounts/row-validation';
import { crmOpportunityColumns, crmOpportunityRowSchema, requiredCrmOpportunityColumns, type CrmOpportunityRow } from '../domain/metrics/crm-opportunity-row';
import { currencyInUse, currencyMismatch } from './amounts-currency';

export async function importCrmOpportunities(db: Db, file: string): Promise<{ imported: number; outsidePool: number }> {
  const table = readTable(file);
  const { rows, issues } = validateRecords(crmOpportunityRowSchema, table.records);
  const problems = [
    ...checkColumns(table.columns, crmOpportunityColumns, requiredCrmOpportunityColumns),
    ...table.issues,
    ...issues,
    ...findRepeatedKeys(rows, (r) => r.id, 'id', 'opportunity'),
    ...(await otherCurrencies(db, rows)),
  ];
  if (problems.length) {
    throw invalid(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing imported`, problems.map(formatRowIssue));
  }
  await db.$transaction(
    rows.map(({ data: r }) => {
      const fields = {
        accountDomain: r.account_domain,
        amount: r.amount ?? null,
        currency: r.currency?.toUpperCase() ?? null,
        openedAt: r.opened_at,
        status: r.status ?? 'open',
        closedAt: r.closed_at ?? null,
      };
      return db.crmOpportunity.upsert({ where: { id: r.id }, create: { id: r.id, ...fields }, update: fields });
    }),
  );
  const targets = new Set((await db.account.findMany({ where: { poolStatus: 'target' }, select: { domain: true } })).map((a) => a.domain));
  return { imported: rows.length, outsidePool: rows.filter((r) => !targets.has(r.data.account_domain)).length };
}

/**
 * Amounts in another currency than the one every amount is kept in (metrics/amounts-currency.ts), row
 * by row; before any amount is kept, the file's first amount sets it, so one file cannot mix two.
 */
async function otherCurrencies(db: Db, rows: readonly ValidRow<CrmOpportunityRow>[]): Promise<RowIssue[]> {
  const firstInFile = rows.find((r) => r.data.amount !== undefined && r.data.currency !== undefined)?.data.currency?.toUpperCase() ?? null;
  const inUse = (await currencyInUse(db)) ?? firstInFile;
  return rows.flatMap(({ row, data }) => {
    const mismatch = data.amount !== undefined && data.currency !== undefined ? currencyMismatch(inUse, data.currency.toUpperCase()) : null;
    return mismatch ? [{ row, column: 'currency', message: mismatch }] : [];
  });
}
