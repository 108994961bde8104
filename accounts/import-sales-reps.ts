// Sales-rep import: the account owners that handoffs go to, and their managers for escalations.
// Upsert by email; a manager must be in the same file or already known.
import type { Tx } from '../db/client';
import type { RowIssue } from '../domain/accounts/row-validation';
import { salesRepRowSchema } from '../domain/accounts/sales-rep-row';
import type { Importer } from './import-table';
import { keyedColumns } from './keyed-columns';
import { batches } from '../db/transaction';

async function repsByEmail(tx: Tx, emails: string[]) {
  const found = new Map<string, { id: string; email: string; name: string; managerId: string | null; timezone: string | null; dailyCapacity: number | null }>();
  for (const batch of batches([...new Set(emails)])) {
    for (const rep of await tx.salesRep.findMany({ where: { email: { in: batch } } })) found.set(rep.email, rep);
  }
  return found;
}

export const salesRepImporter: Importer<typeof salesRepRowSchema> = {
  what: 'sales reps',
  ...keyedColumns(salesRepRowSchema, ['email', 'name'], { key: 'email', one: 'sales rep', comparison: 'emails match regardless of upper and lower case' }),

  async databaseIssues(tx, rows) {
    const inFile = new Set(rows.map((r) => r.data.email));
    const known = await repsByEmail(tx, rows.flatMap((r) => (r.data.manager_email ? [r.data.manager_email] : [])));
    return rows.flatMap(({ row, data }): RowIssue[] => {
      const manager = data.manager_email;
      if (!manager) return [];
      if (manager === data.email) return [{ row, column: 'manager_email', message: 'is the rep themself, expected the email of their manager or nothing' }];
      if (inFile.has(manager) || known.has(manager)) return [];
      return [{ row, column: 'manager_email', message: `no sales rep has the email ${JSON.stringify(manager)}, expected a rep in this file or one imported before` }];
    });
  },

  async write(tx, rows) {
    const existing = await repsByEmail(tx, rows.map((r) => r.data.email));
    const creates = rows.filter((r) => !existing.has(r.data.email)).map((r) => ({ email: r.data.email, name: r.data.name }));
    for (const batch of batches(creates)) await tx.salesRep.createMany({ data: batch });

    const reps = await repsByEmail(tx, [...rows.map((r) => r.data.email), ...rows.flatMap((r) => (r.data.manager_email ? [r.data.manager_email] : []))]);
    let updated = 0;
    for (const { data } of rows) {
      const rep = reps.get(data.email)!;
      const before = existing.get(data.email);
      const managerId = data.manager_email ? reps.get(data.manager_email)!.id : rep.managerId;
      // Columns left empty keep what the rep has; the service level and pacing read these two.
      const timezone = data.timezone ?? rep.timezone;
      const dailyCapacity = data.daily_capacity ?? rep.dailyCapacity;
      if (rep.name === data.name && rep.managerId === managerId && rep.timezone === timezone && rep.dailyCapacity === dailyCapacity) continue;
      await tx.salesRep.update({ where: { id: rep.id }, data: { name: data.name, managerId, timezone, dailyCapacity } });
      if (before) updated++;
    }
    return { created: creates.length, updated, unchanged: rows.length - creates.length - updated, notes: [] };
  },
};
