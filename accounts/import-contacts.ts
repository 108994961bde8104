// Contact import: upsert by email (stored lower-case, so "Li.Wei@X.com" and "li.wei@x.com" are one
// person, within a file and against the database). Each contact belongs to the account named by
// its domain; an unknown domain is an error, or with `createAccounts` a new candidate account.
// Consent only ever tightens on import: a file saying "subscribed" cannot undo an unsubscribe,
// bounce or do-not-contact unless it carries a newer consent_at (a fresh, dated opt-in). A new
// contact without a consent value is subscribed: B2B email under legitimate interest is the
// product's assumption (README, `contacts import`); the import counts them, so a file that forgot
// its consent column is noticed.
import type { Tx } from '../db/client';
import { field } from '../domain/fields/field-ref';
import { contactRowSchema, type ContactRow } from '../domain/accounts/contact-row';
import { isReachable } from '../domain/accounts/eligibility';
import { readColumns, type RowIssue, type ValidRow } from '../domain/accounts/row-validation';
import type { ImportContext, Importer, WriteCounts } from './import-table';
import { keyedColumns } from './keyed-columns';
import { rebalancePool, summarisePoolChanges } from './rebalance-pool';
import { assessmentColumns } from './score-accounts';
import { recordStatusChanges } from './status-history';
import { suppressedAddresses } from './suppression';
import { batches } from '../db/transaction';
import type { ConsentState } from '../domain/accounts/vocabulary';
import { attachUnmatchedEvents } from '../engagement/unmatched-events';
import { attachUnmatchedAttendance } from '../programme-events/attendance';
import { cancelRepTasksAboutUnreachable } from '../use-cases/cancel-rep-tasks';
import { plural } from '../domain/words/plural';

async function accountIdsByDomain(tx: Tx, domains: Iterable<string>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const batch of batches([...new Set(domains)])) {
    for (const a of await tx.account.findMany({ where: { domain: { in: batch } }, select: { id: true, domain: true } })) ids.set(a.domain, a.id);
  }
  return ids;
}

async function createMissingAccounts(tx: Tx, rows: ValidRow<ContactRow>[], known: Map<string, string>, { source, actor, model }: ImportContext) {
  const nameByDomain = new Map<string, string>();
  for (const { data } of rows) {
    if (!known.has(data.account_domain) && !nameByDomain.has(data.account_domain)) nameByDomain.set(data.account_domain, data.account_name ?? data.account_domain);
  }
  const reason = `the contact import of ${source} named its domain, so it was added as a candidate`;
  const accounts = [...nameByDomain].map(([domain, name]) => {
    const account = { domain, name, poolStatus: 'candidate', poolReason: reason, purchasePattern: 'unknown' };
    return { ...account, ...assessmentColumns({ industry: null, country: null, employeeCount: null, revenueBand: null, attributes: null, ...account }, model) };
  });
  for (const batch of batches(accounts)) {
    const created = await tx.account.createManyAndReturn({ data: batch, select: { id: true, domain: true } });
    for (const { id, domain } of created) known.set(domain, id);
    await recordStatusChanges(tx, created.map(({ id }) => ({ accountId: id, field: 'poolStatus', oldValue: null, newValue: 'candidate', reason, actor })));
  }
  return accounts.length;
}

type StoredContact = Awaited<ReturnType<Tx['contact']['findFirstOrThrow']>>;

/**
 * The consent columns a row sets on an existing contact, or "kept" when it may not lift a
 * suppression. A consent's date never moves back: a suppression dated before the answer held is
 * honoured all the same but keeps that answer's date, since otherwise the older file, imported
 * again, would count as newer than the suppression and lift it.
 */
function consentUpdate(row: ContactRow, current: StoredContact, source: string, now: Date) {
  const later = (at: Date) => (current.consentAt !== null && current.consentAt > at ? current.consentAt : at);
  if (row.consent === undefined || row.consent === current.consent) {
    const given = { consentSource: row.consent_source, consentAt: row.consent_at && later(row.consent_at) };
    return Object.fromEntries(
      Object.entries(given).filter(([k, v]) => v !== undefined && String(v) !== String(current[k as keyof StoredContact])),
    );
  }
  const lifts = isReachable({ consent: row.consent }) && !isReachable(current);
  const newer = row.consent_at !== undefined && (current.consentAt === null || row.consent_at > current.consentAt);
  if (lifts && !newer) return 'kept' as const;
  return { consent: row.consent, consentSource: row.consent_source ?? `import of ${source}`, consentAt: later(row.consent_at ?? now) };
}

/**
 * The contacts a file moved to another account, by address with both domains (the first ten): a
 * changed domain in a CRM export is as often a mistake as a move, and their journeys at the old
 * account send them nothing more.
 */
async function movesNote(tx: Tx, moved: { email: string; from: string; to: string }[]): Promise<string> {
  const domains = new Map<string, string>();
  for (const batch of batches([...new Set(moved.map((m) => m.from))])) {
    for (const a of await tx.account.findMany({ where: { id: { in: batch } }, select: { id: true, domain: true } })) domains.set(a.id, a.domain);
  }
  const shown = moved.slice(0, 10).map((m) => `${m.email} (${domains.get(m.from) ?? m.from} → ${m.to})`);
  const more = moved.length > shown.length ? `, and ${moved.length - shown.length} more` : '';
  return `${plural(moved.length, 'contact')} moved to another account: ${shown.join(', ')}${more}; the journeys of the old account send ${moved.length === 1 ? 'it' : 'them'} nothing more`;
}

/** What a contact import counts besides the shared counts: new contacts subscribed because their row gave no consent. */
export type ContactWriteCounts = WriteCounts & { subscribedByDefault: number };

function subscribedByDefaultNote(subscribed: number, created: number): string[] {
  if (subscribed === 0) return [];
  return [
    `${plural(subscribed, 'contact')} of ${created} created ${subscribed === 1 ? 'has' : 'have'} no consent value and ${subscribed === 1 ? 'was' : 'were'} recorded as subscribed: ` +
      'mailable under legitimate interest; give consent unsubscribed or do_not_contact for those who must not be mailed',
  ];
}

export function contactImporter({ createAccounts }: { createAccounts: boolean }): Importer<typeof contactRowSchema, ContactWriteCounts> {
  return {
    what: 'contacts',
    ...keyedColumns(contactRowSchema, ['email', 'account_domain'], { key: 'email', one: 'contact', comparison: 'emails match regardless of upper and lower case' }),

    async databaseIssues(tx, rows, unreadable) {
      if (createAccounts) return [];
      const named = [...rows, ...unreadable.flatMap((record) => readColumns(contactRowSchema, record, ['account_domain']) ?? [])];
      const known = await accountIdsByDomain(tx, named.map((r) => r.data.account_domain));
      return named.flatMap(({ row, data }): RowIssue[] =>
        known.has(data.account_domain)
          ? []
          : [{
              row,
              column: 'account_domain',
              message: `no account has the domain ${JSON.stringify(data.account_domain)}, expected the domain of an imported account (import the account first, or use ${field('createAccounts')} to add it as a candidate)`,
            }],
      );
    },

    async write(tx, rows, context) {
      const { source, actor, model } = context;
      const now = new Date();
      const accountIds = await accountIdsByDomain(tx, rows.map((r) => r.data.account_domain));
      const accountsCreated = createAccounts ? await createMissingAccounts(tx, rows, accountIds, context) : 0;

      const existing = new Map<string, StoredContact>();
      for (const batch of batches(rows.map((r) => r.data.email))) {
        for (const c of await tx.contact.findMany({ where: { email: { in: batch } } })) existing.set(c.email, c);
      }

      const creates = [];
      let subscribedByDefault = 0;
      /** Contacts whose consent this file changes: open rep tasks about those it makes unreachable are taken back. */
      const consentChanged: { id: string; consent: ConsentState }[] = [];
      let updated = 0;
      let keptSuppressed = 0;
      /** Contacts the file puts in another account than the stored one: said, not only counted as updated. */
      const moved: { email: string; from: string; to: string }[] = [];
      // People erased on request stay out, whatever a later file says (only a hash of them is kept).
      const erased = await suppressedAddresses(tx, rows.map((r) => r.data.email).filter((e) => !existing.has(e)));
      for (const { data: row } of rows) {
        if (erased.has(row.email)) continue;
        const given = Object.fromEntries(
          Object.entries({
            accountId: accountIds.get(row.account_domain)!,
            firstName: row.first_name,
            lastName: row.last_name,
            title: row.title,
            role: row.role,
            seniority: row.seniority,
            timezone: row.timezone,
          }).filter(([, v]) => v !== undefined),
        );
        const current = existing.get(row.email);
        if (!current) {
          if (row.consent === undefined) subscribedByDefault++;
          creates.push({
            ...given,
            accountId: accountIds.get(row.account_domain)!,
            email: row.email,
            consent: row.consent ?? 'subscribed',
            consentSource: row.consent_source ?? `import of ${source}`,
            consentAt: row.consent_at ?? now,
          });
          continue;
        }
        const consent = consentUpdate(row, current, source, now);
        if (consent === 'kept') keptSuppressed++;
        const changed = {
          ...Object.fromEntries(Object.entries(given).filter(([k, v]) => current[k as keyof StoredContact] !== v)),
          ...(consent === 'kept' ? {} : consent),
        };
        if (Object.keys(changed).length === 0) continue;
        updated++;
        if (changed.accountId !== undefined) moved.push({ email: row.email, from: current.accountId, to: row.account_domain });
        await tx.contact.update({ where: { id: current.id }, data: changed });
        if (consent !== 'kept' && row.consent !== undefined && row.consent !== current.consent) consentChanged.push({ id: current.id, consent: row.consent });
      }
      const created: { id: string; email: string; accountId: string; role: string }[] = [];
      for (const batch of batches(creates)) {
        created.push(...(await tx.contact.createManyAndReturn({ data: batch, select: { id: true, email: true, accountId: true, role: true } })));
      }
      await cancelRepTasksAboutUnreachable(tx, consentChanged, now);
      // Engagement an outside system sent about these people before they were known reaches them now,
      // and so does their attendance at programme events they came to as walk-ins.
      const attached = await attachUnmatchedEvents(tx, created);
      const attendance = await attachUnmatchedAttendance(tx, rows.map((r) => r.data.email));

      const notes = subscribedByDefaultNote(subscribedByDefault, creates.length);
      if (accountsCreated > 0) {
        const one = accountsCreated === 1;
        notes.push(`${plural(accountsCreated, 'new account domain')} ${one ? 'was' : 'were'} added as ${one ? 'a candidate account' : 'candidate accounts'}`);
      }
      if (keptSuppressed > 0) {
        notes.push(
          `${keptSuppressed} ${keptSuppressed === 1 ? 'contact stays' : 'contacts stay'} unsubscribed, bounced or do-not-contact although the file says subscribed: only a consent_at newer than the stored one can re-subscribe someone`,
        );
      }
      if (moved.length > 0) notes.push(await movesNote(tx, moved));
      if (erased.size > 0) {
        notes.push(`${erased.size} ${erased.size === 1 ? 'row names a person' : 'rows name people'} erased on their request: left out, and never mailed again`);
      }
      if (attached > 0) {
        notes.push(`${attached} engagement ${attached === 1 ? 'event' : 'events'} received before ${attached === 1 ? 'its person was' : 'their people were'} known (unmatched) now on their timelines and with their accounts' running journeys`);
      }
      if (attendance > 0) {
        notes.push(`${plural(attendance, 'programme-event attendance')} of walk-ins, kept until they were contacts, now on their timelines and events and with their accounts' running journeys`);
      }
      if (accountsCreated > 0) notes.push(...summarisePoolChanges(await rebalancePool(tx, { actor, model })));
      return { created: creates.length, updated, unchanged: rows.length - creates.length - updated - erased.size, notes, subscribedByDefault };
    },
  };
}
