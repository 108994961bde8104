// Account import: upsert by domain. A new account joins the pool as a candidate, is scored, and the
// pool rules (negative list, promotion, capacity) run over the whole pool in the same transaction.
// Blank cells leave stored values alone; custom fields merge into the stored ones. A `tier` column
// fixes the account's tier the way a user's override does, and is recorded as coming from the import;
// it does not replace a tier a user or a review fixed; `auto` there releases a tier an import fixed.
// An `owner_email` of none leaves the account without an owner, its open work in the sales queue.
import type { Tx } from '../db/client';
import { accountRowSchema, type AccountRow } from '../domain/accounts/account-row';
import { customFieldColumn, readColumns, type RowIssue, type SourceRecord, type ValidRow } from '../domain/accounts/row-validation';
import type { Importer } from './import-table';
import { keyedColumns } from './keyed-columns';
import { moveOpenWorkToNewOwners, type MovedWork, type OwnerChange } from './owner-changes';
import { rebalancePool, summarisePoolChanges } from './rebalance-pool';
import { nonNumericCustomFields } from '../domain/accounts/score';
import { assessmentColumns } from './score-accounts';
import { recordStatusChanges, type StatusChangeEntry } from './status-history';
import { batches } from '../db/transaction';
import { plural } from '../domain/words/plural';
import { quoted } from '../domain/words/quoted';
import { ambiguousPoint, customAttributes, type CustomAttributes } from '../domain/accounts/fields';

async function ownerIdsByEmail(tx: Tx, rows: readonly ValidRow<Pick<AccountRow, 'owner_email'>>[]): Promise<Map<string, string>> {
  const emails = [...new Set(rows.flatMap((r) => (r.data.owner_email ? [r.data.owner_email] : [])))];
  const ids = new Map<string, string>();
  for (const batch of batches(emails)) {
    for (const rep of await tx.salesRep.findMany({ where: { email: { in: batch } }, select: { id: true, email: true } })) ids.set(rep.email, rep.id);
  }
  return ids;
}

async function accountsByDomain(tx: Tx, domains: string[]) {
  const found = new Map<string, Awaited<ReturnType<Tx['account']['findFirstOrThrow']>>>();
  for (const batch of batches(domains)) {
    for (const account of await tx.account.findMany({ where: { domain: { in: batch } } })) found.set(account.domain, account);
  }
  return found;
}

/**
 * A tier a user fixed (`accounts tier`) or a review decided stays until released with `auto`: the
 * next export of the CRM, imported again, would otherwise undo that decision without a word.
 */
const fixedByPerson = (fixedBy: string | null) => fixedBy === 'user' || fixedBy === 'review';

function keptTiersNote(kept: string[]): string[] {
  if (kept.length === 0) return [];
  const shown = kept.slice(0, 5).join(', ') + (kept.length > 5 ? ` and ${kept.length - 5} more` : '');
  const n = kept.length === 1 ? '1 account keeps the tier' : `${kept.length} accounts keep the tier`;
  return [`${n} a user or a review fixed: ${shown}; "harpoon accounts tier <domain> auto" lets the file set it`];
}

function movedWorkNote({ salesTasks, repTasks }: MovedWork): string[] {
  if (salesTasks + repTasks === 0) return [];
  return [`${plural(salesTasks, 'open sales task')} and ${plural(repTasks, 'open rep task')} went to their account's new owner`];
}

/** Said even with no work to move: from now on the account's handoffs and rep tasks have nobody's name on them. */
function ownerRemovedNote(accounts: number, { salesTasks, repTasks }: MovedWork): string[] {
  if (accounts === 0) return [];
  const work = salesTasks + repTasks === 0 ? '' : `; ${plural(salesTasks, 'open sales task')} and ${plural(repTasks, 'open rep task')} went to the sales queue`;
  return [`${plural(accounts, 'account')} no longer ${accounts === 1 ? 'has' : 'have'} an owner (owner_email none)${work}`];
}

/**
 * The custom fields of a row the schema refused that read on their own, for the scoring model's
 * check: one bad value (a revenue band, another custom field) does not hide a number it cannot read.
 */
function readableAttributes({ values }: SourceRecord): CustomAttributes {
  const given = values[customFieldColumn];
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return {};
  return Object.fromEntries(Object.entries(given).flatMap(([name, value]) => Object.entries(customAttributes.safeParse({ [name]: value }).data ?? {})));
}

/** Key-order-insensitive equality of JSON values. */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)).map(([k, val]) => [k, canonical(val)]))
      : v;
  return JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));
}

/** The columns a row sets; absent (blank) cells are left out so they change nothing. `ownerId` null: no owner. */
function givenColumns(row: AccountRow, ownerId: string | null | undefined) {
  const columns = {
    name: row.name,
    industry: row.industry,
    country: row.country,
    employeeCount: row.employee_count,
    revenueBand: row.revenue_band,
    timezone: row.timezone,
    purchasePattern: row.purchase_pattern,
    ownerId,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined)) as Partial<typeof columns>;
}

export const accountImporter: Importer<typeof accountRowSchema> = {
  what: 'accounts',
  ...keyedColumns(accountRowSchema, ['domain', 'name'], { key: 'domain', one: 'account', comparison: 'domains match however they are written' }),

  modelIssues(rows, unreadable, model) {
    const attributes = [
      ...rows.map(({ row, data }) => ({ row, attributes: data.attributes })),
      ...unreadable.map((record) => ({ row: record.row, attributes: readableAttributes(record) })),
    ];
    return attributes.flatMap(({ row, attributes }): RowIssue[] =>
      nonNumericCustomFields(model, attributes).map(({ field, value, factor }) => ({
        row,
        column: field,
        message: ambiguousPoint(String(value).trim()) ?? `${quoted(value)} is not a number, expected a number such as 2500000, 1,200,000 or 12.5 (a point before decimals, commas only between thousands; the scoring model's factor "${factor}" reads it in bands), or unknown if not known (a blank keeps the value already stored)`,
      })),
    );
  },

  async databaseIssues(tx, rows, unreadable) {
    const owned = [...rows, ...unreadable.flatMap((record) => readColumns(accountRowSchema, record, ['owner_email']) ?? [])];
    const owners = await ownerIdsByEmail(tx, owned);
    return owned.flatMap(({ row, data }): RowIssue[] =>
      data.owner_email && !owners.has(data.owner_email)
        ? [{
            row,
            column: 'owner_email',
            message: `no sales rep has the email ${quoted(data.owner_email)}, expected the email of a rep imported with "harpoon accounts reps import"`,
          }]
        : [],
    );
  },

  async write(tx, rows, { source, actor, model }) {
    const owners = await ownerIdsByEmail(tx, rows);
    const existing = await accountsByDomain(tx, rows.map((r) => r.data.domain));
    const history: StatusChangeEntry[] = [];
    const creates = [];
    let updated = 0;
    const tierReason = (tier: number) => `the import of ${source} set it to tier ${tier}`;
    const tierReleased = `the import of ${source} let its tier follow the score again`;
    /** Accounts whose tier a user or a review fixed, kept although the file gives another. */
    const tiersKept: string[] = [];
    const ownerChanges: OwnerChange[] = [];
    let withoutZone = 0;

    for (const { data: row } of rows) {
      // A blank owner_email (undefined) changes nothing, none (null) takes the owner away.
      const given = givenColumns(row, row.owner_email ? owners.get(row.owner_email) : row.owner_email);
      const current = existing.get(row.domain);
      if (!current) {
        if (row.timezone === undefined) withoutZone++;
        const account = {
          domain: row.domain,
          timezone: 'UTC',
          purchasePattern: 'unknown',
          ...given,
          name: row.name,
          attributes: row.attributes,
          tierOverride: row.tier ?? null,
          tierFixedBy: row.tier ? 'import' : null,
          tierReason: row.tier ? tierReason(row.tier) : null,
          poolStatus: 'candidate',
          poolReason: `the import of ${source} added it`,
        };
        creates.push({ ...account, ...assessmentColumns({ industry: null, country: null, employeeCount: null, revenueBand: null, ...account }, model) });
        continue;
      }
      const changed: Record<string, unknown> = Object.fromEntries(
        Object.entries(given).filter(([column, value]) => current[column as keyof typeof current] !== value),
      );
      const attributes = row.attributes ? { ...((current.attributes as object | null) ?? {}), ...row.attributes } : current.attributes;
      if (!sameJson(attributes, current.attributes)) changed.attributes = attributes;
      if (row.tier !== undefined && row.tier !== current.tierOverride && fixedByPerson(current.tierFixedBy)) {
        tiersKept.push(`${current.domain} (${current.tierOverride}, the file says ${row.tier ?? 'auto'})`);
      } else if (row.tier === null && current.tierOverride !== null) {
        Object.assign(changed, { tierOverride: null, tierFixedBy: null, tierReason: null });
        history.push({ accountId: current.id, field: 'tierOverride', oldValue: current.tierOverride, newValue: null, reason: tierReleased, actor });
      } else if (row.tier && row.tier !== current.tierOverride) {
        Object.assign(changed, { tierOverride: row.tier, tierFixedBy: 'import', tierReason: tierReason(row.tier) });
        history.push({ accountId: current.id, field: 'tierOverride', oldValue: current.tierOverride, newValue: row.tier, reason: tierReason(row.tier), actor });
      }
      if (Object.keys(changed).length === 0) continue;
      if (changed.ownerId !== undefined) ownerChanges.push({ accountId: current.id, to: changed.ownerId as string | null });
      updated++;
      await tx.account.update({
        where: { id: current.id },
        data: { ...changed, ...assessmentColumns({ ...current, ...changed } as typeof current, model) },
      });
    }

    for (const batch of batches(creates)) {
      for (const created of await tx.account.createManyAndReturn({ data: batch, select: { id: true, tierOverride: true, poolReason: true } })) {
        history.push({ accountId: created.id, field: 'poolStatus', oldValue: null, newValue: 'candidate', reason: created.poolReason!, actor });
        if (created.tierOverride !== null) {
          history.push({ accountId: created.id, field: 'tierOverride', oldValue: null, newValue: created.tierOverride, reason: tierReason(created.tierOverride), actor });
        }
      }
    }
    await recordStatusChanges(tx, history);
    const removed = ownerChanges.filter((c) => c.to === null);
    const moved = await moveOpenWorkToNewOwners(tx, ownerChanges.filter((c) => c.to !== null), `the account's owner changed in the import of ${source}`);
    const queued = await moveOpenWorkToNewOwners(tx, removed, `the import of ${source} left the account without an owner`);
    const poolChanges = await rebalancePool(tx, { actor, model });
    return {
      created: creates.length,
      updated,
      unchanged: rows.length - creates.length - updated,
      notes: [
        ...keptTiersNote(tiersKept),
        ...movedWorkNote(moved),
        ...ownerRemovedNote(removed.length, queued),
        ...inUtcNote(withoutZone),
        ...summarisePoolChanges(poolChanges),
      ],
    };
  },
};

/**
 * New accounts the file gave no time zone: their contacts' quiet hours are judged in UTC unless a
 * contact has a zone of their own, so a New York account's email went out at 03:00 its time, unsaid.
 */
function inUtcNote(count: number): string[] {
  if (count === 0) return [];
  return [`${plural(count, 'new account')} without a time zone: quiet hours are judged in UTC for ${count === 1 ? 'it' : 'them'} (and contacts without a zone of their own); give a timezone column such as America/New_York`];
}
