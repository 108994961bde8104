// Sales-rep import: the account owners that handoffs go to, and their managers for escalations.
// Upsert by email; a manager must be in the same file or already known, and no rep may end up
// above themself: an escalation follows the chain of managers, which must end with someone.
import type { Tx } from '../db/client';
import { readColumns, type RowIssue, type ValidRow } from '../domain/accounts/row-validation';
import { salesRepRowSchema, type SalesRepRow } from '../domain/accounts/sales-rep-row';
import type { Importer } from './import-table';
import { keyedColumns } from './keyed-columns';
import { batches } from '../db/transaction';
import { quoted } from '../domain/words/quoted';

/** What the manager checks read of a row: also of one the schema refused, when these two columns read. */
type RepRow = ValidRow<Pick<SalesRepRow, 'email' | 'manager_email'>>;
/** Each rep's manager by email; null: none. */
type Managers = Map<string, string | null>;

async function repsByEmail(tx: Tx, emails: string[]) {
  const found = new Map<string, { id: string; email: string; name: string; managerId: string | null; timezone: string | null; dailyCapacity: number | null }>();
  for (const batch of batches([...new Set(emails)])) {
    for (const rep of await tx.salesRep.findMany({ where: { email: { in: batch } } })) found.set(rep.email, rep);
  }
  return found;
}

/** The stored managers of these reps and of everyone above them, as far as the chains go. */
async function storedManagers(tx: Tx, emails: string[]): Promise<Managers> {
  const managers: Managers = new Map();
  const asked = new Set<string>();
  for (let wanted = [...new Set(emails)]; wanted.length > 0; ) {
    wanted.forEach((e) => asked.add(e));
    const next: string[] = [];
    for (const batch of batches(wanted)) {
      for (const rep of await tx.salesRep.findMany({ where: { email: { in: batch } }, select: { email: true, manager: { select: { email: true } } } })) {
        managers.set(rep.email, rep.manager?.email ?? null);
        if (rep.manager && !asked.has(rep.manager.email)) next.push(rep.manager.email);
      }
    }
    wanted = [...new Set(next)];
  }
  return managers;
}

/** Each rep's manager once these rows are written: a blank manager_email keeps the stored one, `none` clears it. */
function managersAfter(stored: Managers, rows: readonly RepRow[]): Managers {
  const managers: Managers = new Map(stored);
  const written = new Set<string>();
  for (const { data } of rows) {
    // A repeated rep's later rows are refused: the first is the one written.
    if (written.has(data.email)) continue;
    written.add(data.email);
    managers.set(data.email, data.manager_email === undefined ? (stored.get(data.email) ?? null) : data.manager_email);
  }
  return managers;
}

/**
 * The loop of managers `email` is in, from it back to it ("a", "b", "a"), if it is in one; `manager`:
 * the rep's manager if not the one in `managers` (a row that is not written, checked as it would be).
 */
export function managerLoop(email: string, managers: ReadonlyMap<string, string | null>, manager = managers.get(email)): string[] | undefined {
  const chain = [email];
  for (let next = manager; next; next = managers.get(next)) {
    if (next === email) return [...chain, email];
    // Led into a loop of others: that loop is reported on their rows.
    if (chain.includes(next)) return undefined;
    chain.push(next);
  }
  return undefined;
}

/** A row's manager on its own: the rep themself, or nobody known. */
function managerIssue({ row, data }: RepRow, known: ReadonlySet<string>): RowIssue[] {
  const manager = data.manager_email;
  if (!manager) return [];
  if (manager === data.email) return [{ row, column: 'manager_email', message: 'is the rep themself, expected the email of their manager, or none' }];
  if (known.has(manager)) return [];
  return [{ row, column: 'manager_email', message: `no sales rep has the email ${quoted(manager)}, expected a rep in this file or one imported before` }];
}

/** A row against the others that would be written with it: a manager in a refused row, or a loop. */
function chainIssues({ row, data }: RepRow, managers: Managers, written: ReadonlySet<string>, stored: Managers, rowOf: ReadonlyMap<string, number>): RowIssue[] {
  const manager = data.manager_email;
  if (manager && !written.has(manager) && !stored.has(manager)) {
    return [{ row, column: 'manager_email', message: `${quoted(manager)} is new in row ${rowOf.get(manager)}, which is refused, expected a manager who is imported too (fix row ${rowOf.get(manager)})` }];
  }
  return loopIssue(row, managerLoop(data.email, managers));
}

function loopIssue(row: number, loop: string[] | undefined): RowIssue[] {
  if (!loop) return [];
  return [{
    row,
    column: 'manager_email',
    message: `makes a loop of managers (${loop.join(' → ')}), expected a chain of managers that ends with a rep who has none; give one of them another manager or none`,
  }];
}

const byRow = (a: { row: number }, b: { row: number }) => a.row - b.row;

export const salesRepImporter: Importer<typeof salesRepRowSchema> = {
  what: 'sales reps',
  ...keyedColumns(salesRepRowSchema, ['email', 'name'], { key: 'email', one: 'sales rep', comparison: 'emails match regardless of upper and lower case' }),

  async databaseIssues(tx, rows, unreadable) {
    // A row the schema refused still names its rep, and often a manager, when those columns read:
    // the rep is in the file, and the manager is checked beside the row's other problems.
    const named = unreadable.flatMap((record) => readColumns(salesRepRowSchema, record, ['email']) ?? []);
    const managed = unreadable.flatMap((record) => readColumns(salesRepRowSchema, record, ['email', 'manager_email']) ?? []);
    const all = [...rows, ...managed].sort(byRow);
    const stored = await storedManagers(tx, all.flatMap((r) => [r.data.email, ...(r.data.manager_email ? [r.data.manager_email] : [])]));
    const rowOf = new Map<string, number>();
    for (const { row, data } of [...rows, ...named].sort(byRow)) if (!rowOf.has(data.email)) rowOf.set(data.email, row);
    const known = new Set([...rowOf.keys(), ...stored.keys()]);
    const issues = all.flatMap((r) => managerIssue(r, known));
    // A repeated rep's later rows are never written, whatever the database says (crossRowIssues
    // refuses them), nor is a row the schema refused: a rep only they name is no manager to rely on.
    const repeats = rows.filter((r) => rowOf.get(r.data.email) !== r.row);
    // A refused row keeps its rep's stored manager, and a new rep in one is not created: the rows
    // left are checked again until none is refused anew, so what is written has no loop and no
    // manager missing, with --partial too.
    for (;;) {
      const refused = new Set([...repeats.map((r) => r.row), ...issues.map((i) => i.row)]);
      const accepted = rows.filter((r) => !refused.has(r.row));
      const written = new Set(accepted.map((r) => r.data.email));
      const managers = managersAfter(stored, accepted);
      const more = accepted.flatMap((r) => chainIssues(r, managers, written, stored, rowOf));
      if (more.length === 0) break;
      issues.push(...more);
    }
    // The rows never written are checked once, against every row as the file gives it: a loop their
    // manager would close once the rest of the row is fixed is said now, not on the next import.
    const flagged = new Set(issues.map((i) => i.row));
    const intended = managersAfter(stored, all);
    const unwritten = [...managed, ...repeats].filter((r) => r.data.manager_email && !flagged.has(r.row));
    issues.push(...unwritten.flatMap(({ row, data }) => loopIssue(row, managerLoop(data.email, intended, data.manager_email))));
    return issues;
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
      const managerId = data.manager_email === undefined ? rep.managerId : data.manager_email === null ? null : reps.get(data.manager_email)!.id;
      // Columns left empty keep what the rep has, `none` clears it; the service level and pacing read these two.
      const timezone = data.timezone === undefined ? rep.timezone : data.timezone;
      const dailyCapacity = data.daily_capacity === undefined ? rep.dailyCapacity : data.daily_capacity;
      if (rep.name === data.name && rep.managerId === managerId && rep.timezone === timezone && rep.dailyCapacity === dailyCapacity) continue;
      await tx.salesRep.update({ where: { id: rep.id }, data: { name: data.name, managerId, timezone, dailyCapacity } });
      if (before) updated++;
    }
    return { created: creates.length, updated, unchanged: rows.length - creates.length - updated, notes: [] };
  },
};
