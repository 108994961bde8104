// `harpoon opportunities import <file>`: the CRM's opportunities, all-or-nothing. Keyed by the CRM's
// ID, so importing a newer export of the same file updates the rows instead of adding them twice.
import { invalid } from '../domain/use-case-error';
import { readTable } from '../accounts/read-table';
import type { Db } from '../db/client';
import { checkColumns, findRepeatedKeys, formatRowIssue, validateRecords } from '../domain/accounts/row-validation';
import { crmOpportunityColumns, crmOpportunityRowSchema, requiredCrmOpportunityColumns } from '../domain/metrics/crm-opportunity-row';

export async function importCrmOpportunities(db: Db, file: string): Promise<{ imported: number; outsidePool: number }> {
  const table = readTable(file);
  const { rows, issues } = validateRecords(crmOpportunityRowSchema, table.records);
  const problems = [
    ...checkColumns(table.columns, crmOpportunityColumns, requiredCrmOpportunityColumns),
    ...table.issues,
    ...issues,
    ...findRepeatedKeys(rows, (r) => r.id, 'id', 'opportunity'),
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
