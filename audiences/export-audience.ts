// An ad audience as a file: the buying-group contacts of a tier's accounts or of a journey's, less
// everyone the exclusions leave out (domain/audiences/exclusions.ts), laid out in the platform's
// CSV format. The CLI, the API, the console and the scheduled exports all make it here, so the same
// data gives the same bytes through every door.
import type { Db } from '../db/client';
import { batches } from '../db/transaction';
import type { ConsentState, PoolStatus } from '../domain/accounts/vocabulary';
import { negativeListMatcher, type NegativeRule } from '../domain/accounts/negative-list';
import { countExclusions, exclusionOf } from '../domain/audiences/exclusions';
import { selectionLabel, type AudienceSelection } from '../domain/audiences/selection';
import type { AudienceSummary } from '../domain/audiences/summary';
import { audienceCsv, type AudiencePerson } from '../domain/audiences/upload-formats';
import { notFound } from '../domain/use-case-error';
import { suppressedAddresses } from '../accounts/suppression';

export type AudienceExport = { summary: AudienceSummary; csv: string };

const openStatuses = ['running', 'paused'];

/** The accounts the selection names: a tier's, or a journey's open runs and its held-out group (so those are counted as left out). */
async function selectedAccountIds(db: Db, s: AudienceSelection): Promise<string[]> {
  if (s.tier !== undefined) {
    return (await db.account.findMany({ where: { tier: s.tier }, select: { id: true } })).map((a) => a.id);
  }
  const key = s.journey!;
  if (!(await db.journeyVersion.findFirst({ where: { key }, select: { id: true } }))) {
    throw notFound(`no journey "${key}": give a journey's key, as "harpoon journeys list" shows it`);
  }
  const [runs, heldOut] = await Promise.all([
    db.journeyRun.findMany({ where: { journeyKey: key, status: { in: openStatuses } }, select: { accountId: true } }),
    db.holdoutAssignment.findMany({ where: { journeyKey: key, group: 'held_out' }, select: { accountId: true } }),
  ]);
  return [...new Set([...runs, ...heldOut].map((r) => r.accountId))];
}

export async function exportAudience(db: Db, s: AudienceSelection): Promise<AudienceExport> {
  const ids = await selectedAccountIds(db, s);
  const accounts = [];
  for (const batch of batches(ids)) {
    accounts.push(
      ...(await db.account.findMany({
        where: { id: { in: batch } },
        select: {
          id: true, domain: true, name: true, industry: true, country: true, poolStatus: true,
          contacts: { select: { email: true, firstName: true, lastName: true, title: true, consent: true, erasedAt: true } },
        },
      })),
    );
  }
  // The order of the file: by account domain, then address, whatever order the database returns.
  accounts.sort((a, b) => a.domain.localeCompare(b.domain));
  const [rules, heldOut] = await Promise.all([
    db.negativeRule.findMany({ select: { kind: true, value: true, reason: true } }),
    db.holdoutAssignment.findMany({ where: { group: 'held_out', accountId: { in: ids } }, select: { accountId: true } }),
  ]);
  const onNegativeList = negativeListMatcher(rules as NegativeRule[]);
  const heldOutIds = new Set(heldOut.map((h) => h.accountId));
  const contacts = accounts.flatMap((a) => [...a.contacts].sort((x, y) => x.email.localeCompare(y.email)).map((c) => ({ ...c, account: a })));
  const suppressed = await suppressedAddresses(db, contacts.map((c) => c.email));

  const reasons = contacts.map((c) =>
    exclusionOf({
      erased: c.erasedAt !== null,
      suppressed: suppressed.has(c.email.trim().toLowerCase()),
      consent: c.consent as ConsentState,
      onNegativeList: onNegativeList(c.account) !== undefined,
      poolStatus: c.account.poolStatus as PoolStatus,
      heldOut: heldOutIds.has(c.account.id),
    }),
  );
  const people: AudiencePerson[] = contacts
    .filter((_, i) => reasons[i] === null)
    .map((c) => ({ email: c.email, firstName: c.firstName, lastName: c.lastName, title: c.title, company: c.account.name, country: c.account.country }));
  const { csv, rows, duplicates } = audienceCsv(s.format, people);
  return {
    csv,
    summary: { audience: selectionLabel(s), format: s.format, accounts: accounts.length, contacts: contacts.length, rows, excluded: countExclusions(reasons), duplicates },
  };
}
