// `POST /v1/events`: a batch of engagement events from outside systems. Each item is checked on its
// own (a bad one is rejected with its reason, the rest go in); events for known contacts take the
// same path as tracked clicks (timeline touch + engagement outbox, one transaction for the batch),
// so journeys hear of them even when Temporal is away; events for contacts Harpoon does not know
// are kept in their own table, matched to an account by domain where possible. Both kinds share one
// id space (IngestedEventId), claimed in the same transaction as what the event writes.
import { suppressedAddresses } from '../accounts/suppression';
import type { Db, Tx } from '../db/client';
import { insertRowsReturning } from '../db/insert-rows';
import { normaliseDomain } from '../domain/accounts/domain-name';
import { checkOccurredAt, ingestedEvent, type IngestedEvent, type IngestReport } from '../domain/engagement/ingested-event';
import type { EventType } from '../domain/journey/vocabulary';
import { recordEngagementsIn, type ResolvedEngagementInput } from './record-engagement';

/** Ingested ids live in their own namespace, apart from the ids Harpoon makes for tracked hits. */
export const ingestedEventId = (id: string) => `api:${id}`;

type Valid = { index: number; event: IngestedEvent; at: Date };

export async function ingestEvents(db: Db, items: unknown[], now: Date = new Date()): Promise<IngestReport> {
  const report: IngestReport = { accepted: 0, duplicated: 0, rejected: [], unmatched: 0, queued: 0 };
  const valid: Valid[] = [];
  const ids = new Set<string>();
  items.forEach((item, index) => {
    const id = idAsSent(item);
    const parsed = ingestedEvent.safeParse(item);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ');
      return void report.rejected.push({ index, id, reason });
    }
    const at = new Date(parsed.data.occurredAt);
    const problem = checkOccurredAt(at, now.getTime());
    if (problem) return void report.rejected.push({ index, id, reason: problem });
    // The first of repeated ids in a batch is the one kept.
    if (ids.has(parsed.data.id)) return void report.duplicated++;
    ids.add(parsed.data.id);
    valid.push({ index, event: parsed.data, at });
  });
  if (valid.length === 0) return report;

  return storeBatch(db, valid, report);
}

/** The item's id as the sender sent it (a number too, which is refused), so they can match a rejection to their event. */
function idAsSent(item: unknown): string | number | null {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/**
 * The report's counts are made inside the transaction and added to the caller's only when it
 * commits: on PostgreSQL a serialization failure runs the whole callback again, and an attempt
 * that rolled back must not leave its counts behind.
 */
async function storeBatch(db: Db, valid: Valid[], report: IngestReport): Promise<IngestReport> {
  const stored = await db.$transaction(async (tx) => {
    const counts = { accepted: 0, duplicated: 0, unmatched: 0, queued: 0 };
    const matched = await matchContacts(tx, valid);
    // A contradicting event is refused before its id is claimed: corrected, it can be sent again.
    const fresh = new Set((await claimIds(tx, [...matched.known, ...matched.unknown])).map((v) => v.event.id));
    counts.duplicated += matched.known.length + matched.unknown.length - fresh.size;
    const known = matched.known.filter((v) => fresh.has(v.event.id));
    const unknown = matched.unknown.filter((v) => fresh.has(v.event.id));
    const results = await recordEngagementsIn(tx, known.map(engagementOf), { idsClaimed: true });
    for (const r of results) {
      if (r.outcome === 'duplicate') counts.duplicated++;
      else counts.accepted++;
      counts.queued += r.queued.length;
    }
    await storeUnmatched(tx, unknown.map((u) => u.event));
    counts.accepted += unknown.length;
    counts.unmatched = unknown.length;
    return { ...counts, rejected: matched.contradicting };
  });
  return {
    ...report,
    rejected: [...report.rejected, ...stored.rejected].sort((a, b) => a.index - b.index),
    accepted: report.accepted + stored.accepted,
    duplicated: report.duplicated + stored.duplicated,
    unmatched: report.unmatched + stored.unmatched,
    queued: report.queued + stored.queued,
  };
}

/**
 * The events whose id no earlier batch took, matched or not; their ids are taken now. Where writers
 * run side by side (PostgreSQL, several API servers), a batch carrying an id another batch is
 * inserting at the same moment waits for that one to commit and then finds the id taken, so it
 * counts the event a duplicate, as the sender's own retry would.
 */
async function claimIds(tx: Tx, valid: Valid[]): Promise<Valid[]> {
  const receivedAt = new Date();
  // In id order, so two batches sharing ids take their locks in the same order and cannot deadlock.
  const ids = valid.map((v) => v.event.id).sort();
  const claimed = await insertRowsReturning(
    tx,
    { table: 'IngestedEventId', columns: ['id', 'receivedAt'], rows: ids.map((id) => [id, receivedAt]), onConflict: 'ON CONFLICT ("id") DO NOTHING' },
    'id',
  );
  const taken = new Set(claimed);
  return valid.filter((v) => taken.has(v.event.id));
}

type Contact = { id: string; email: string; accountId: string; role: string };
type Matched = Valid & { contact: Contact };
type Rejection = IngestReport['rejected'][number];

/**
 * Splits events into those of known contacts (in the order they happened), the rest, and those
 * whose contact id and email name two different people (refused: which one the sender meant is not
 * for Harpoon to pick). A contact id comes first; an id Harpoon no longer knows (the contact was
 * removed and imported again, or a sender kept an old export) falls back to the email sent beside it.
 */
async function matchContacts(tx: Tx, valid: Valid[]): Promise<{ known: Matched[]; unknown: Valid[]; contradicting: Rejection[] }> {
  const emails = valid.flatMap((v) => (v.event.contact.email ? [v.event.contact.email] : []));
  const contactIds = valid.flatMap((v) => (v.event.contact.id !== undefined ? [v.event.contact.id] : []));
  const contacts = await tx.contact.findMany({
    where: { OR: [{ email: { in: emails } }, { id: { in: contactIds } }] },
    select: { id: true, email: true, accountId: true, role: true, erasedAt: true },
  });
  const byEmail = new Map(contacts.map((c) => [c.email, c]));
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const known: Matched[] = [];
  const unknown: Valid[] = [];
  const contradicting: Rejection[] = [];
  for (const v of valid) {
    const { id, email } = v.event.contact;
    const ofId = id !== undefined ? byId.get(id) : undefined;
    // An erased person's stub keeps no address to compare with.
    if (ofId && email !== undefined && ofId.email !== email && ofId.erasedAt === null) {
      contradicting.push({
        index: v.index,
        id: v.event.id,
        reason: 'contact.id, contact.email: name two different contacts; send the contact\'s id or email, or both of the same contact',
      });
      continue;
    }
    const found = ofId ?? (email !== undefined ? byEmail.get(email) : undefined);
    if (found) known.push({ ...v, contact: { id: found.id, email: found.email, accountId: found.accountId, role: found.role } });
    else unknown.push(v);
  }
  // Journeys hear a batch in the order things happened, whatever order it was sent in.
  known.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { known, unknown, contradicting };
}

function engagementOf({ event, at, contact }: Matched): ResolvedEngagementInput {
  return ingestedEngagement({ id: event.id, type: event.type, at, properties: event.properties }, contact);
}

/** An ingested event as the timeline and journeys take it: its tag apart, its other properties kept. */
export function ingestedEngagement(
  e: { id: string; type: EventType; at: Date; properties?: Record<string, unknown> | null },
  contact: ResolvedEngagementInput['contact'],
): ResolvedEngagementInput {
  const { tag, ...properties } = (e.properties ?? {}) as { tag?: string } & Record<string, unknown>;
  return {
    type: e.type,
    contact,
    eventId: ingestedEventId(e.id),
    at: e.at,
    source: 'api',
    ...(tag ? { tag } : {}),
    ...(Object.keys(properties).length > 0 ? { detail: { properties } } : {}),
  };
}

/** Keeps events of unknown contacts (their ids are already claimed as new). */
async function storeUnmatched(tx: Tx, events: IngestedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const domainOf = (e: IngestedEvent) => normaliseDomain(e.accountDomain ?? e.contact.email?.split('@')[1] ?? '');
  const domains = [...new Set(events.map(domainOf).filter((d): d is string => d !== undefined))];
  const accounts = await tx.account.findMany({ where: { domain: { in: domains } }, select: { id: true, domain: true } });
  const accountOf = new Map(accounts.map((a) => [a.domain, a.id]));
  // An event about someone erased on request is kept as an anonymous count: nothing that names them.
  const erased = await suppressedAddresses(tx, events.flatMap((e) => (e.contact.email ? [e.contact.email] : [])));
  await tx.unmatchedEvent.createMany({
    data: events.map((e) => {
      const domain = domainOf(e);
      const anonymous = e.contact.email !== undefined && erased.has(e.contact.email);
      return {
        id: e.id,
        type: e.type,
        email: anonymous ? null : (e.contact.email ?? null),
        contactRef: e.contact.id ?? null,
        domain: domain ?? null,
        accountId: (domain && accountOf.get(domain)) ?? null,
        occurredAt: new Date(e.occurredAt),
        properties: anonymous ? undefined : ((e.properties ?? undefined) as object | undefined),
      };
    }),
  });
}
