// Negative-list import: many rules at once (e.g. the lost-customer list from finance). Upsert by
// kind and value; the pool rules then run, so matching accounts are excluded in the same transaction.
import { negativeRuleRowSchema, ruleLabel } from '../domain/accounts/negative-list';
import { findRepeatedKeys } from '../domain/accounts/row-validation';
import type { Importer } from './import-table';
import { rebalancePool, summarisePoolChanges } from './rebalance-pool';

export const negativeRuleImporter: Importer<typeof negativeRuleRowSchema> = {
  what: 'negative-list rules',
  schema: negativeRuleRowSchema,
  columns: ['kind', 'value', 'reason', 'note'],
  requiredColumns: ['kind', 'value', 'reason'],

  crossRowIssues: (rows) => findRepeatedKeys(rows, ruleLabel, 'value', 'rule'),

  databaseIssues: async () => [],

  async write(tx, rows, context) {
    let created = 0;
    let updated = 0;
    for (const { data } of rows) {
      const key = { kind: data.kind, value: data.value };
      const current = await tx.negativeRule.findUnique({ where: { kind_value: key } });
      const note = data.note ?? current?.note ?? null;
      if (!current) created++;
      else if (current.reason !== data.reason || current.note !== note) updated++;
      else continue;
      await tx.negativeRule.upsert({ where: { kind_value: key }, create: { ...key, reason: data.reason, note }, update: { reason: data.reason, note } });
    }
    const notes = created + updated > 0 ? summarisePoolChanges(await rebalancePool(tx, context)) : [];
    return { created, updated, unchanged: rows.length - created - updated, notes };
  },
};
