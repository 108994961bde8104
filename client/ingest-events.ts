// `POST /v1/events`: a batch of engagement events from outside systems. Each item is checked on its
// own (a bad one is rejected with its reason, the rest go in); events for known contacts take the
// same path as tracked clicks (timeline touch + engagement outbox, one transaction for the batch),
// so journeys hear of them even when Temporal is away; events for contacts Harpoon does not know
// are kept in their own table, matched to an account by domain where possible.
import type { Db } from '../db/client';
import { normaliseDomain } from '../domain/accounts/domain-name';
import { checkOccurredAt, ingestedEvent, type IngestedEvent, type IngestReport } from '../domain/engagement/ingested-event';
import { recordEngagements, type ResolvedEngagementInput } from './record-engagement';

/** Ingested ids live in their own namespace, apart from the ids Harpoon makes for tracked hits. */
export const ingestedEventId = (id: string) => `api:${id}`;

type Valid = { index: number; event: IngestedEvent; at: Date };

export async function ingestEvents(db: Db, items: unknown[], now: Date = new Date()): Promise<IngestReport> {
  const report: IngestReport = { accepted: 0, duplicated: 0, rejected: [], unmatched: 0, queued: 0 };
  const valid: Valid[] = [];
  const ids = new Set<string>();
  items.forEach((item, index) => {
    const id = typeof (item as { id?: unknown } | null)?.id === 'string' ? (item as { id: string }).id : null;
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

  const emails = valid.flatMap((v) => (v.event.contact.id === undefined && v.event.contact.email ? [v.event.contact.email.toLowerCase()] : []));
  const contactIds = valid.flatMap((v) => (v.event.contact.id !== undefined ? [v.event.contact.id] : []));
  const contacts = await db.contact.findMany({
    where: { OR: [{ email: { in: emails } }, { id: { in: contactIds } }] },
    select: { id: true, email: true, accountId: true, role: true },
  });
  const byEmail = new Map(contacts.map((c) => [c.email, c]));
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const contactOf = (e: IngestedEvent) => (e.contact.id !== undefined ? byId.get(e.contact.id) : byEmail.get(e.contact.email!.toLowerCase()));

  // Journeys hear a batch in the order things happened, whatever order it was sent in.
  const known = valid.filter((v) => contactOf(v.event)).sort((a, b) => a.at.getTime() - b.at.getTime());
  const unknown = valid.filter((v) => !contactOf(v.event));

  const inputs: ResolvedEngagementInput[] = known.map(({ event, at }) => {
    const { tag, ...properties } = event.properties ?? {};
    return {
      type: event.type,
      contact: contactOf(event)!,
      eventId: ingestedEventId(event.id),
      at,
      source: 'api',
      ...(tag ? { tag } : {}),
      ...(Object.keys(properties).length > 0 ? { detail: { properties } } : {}),
    };
  });
  const results = await recordEngagements(db, inputs);
  for (const r of results) {
    if (r.outcome === 'duplicate') report.duplicated++;
    else report.accepted++;
    report.queued += r.queued.length;
  }

  const stored = await storeUnmatched(db, unknown.map((u) => u.event));
  report.accepted += stored;
  report.unmatched = stored;
  report.duplicated += unknown.length - stored;
  return report;
}

/** Keeps events of unknown contacts; returns how many were new. */
async function storeUnmatched(db: Db, events: IngestedEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const domainOf = (e: IngestedEvent) => normaliseDomain(e.accountDomain ?? e.contact.email?.split('@')[1] ?? '');
  const domains = [...new Set(events.map(domainOf).filter((d): d is string => d !== undefined))];
  return db.$transaction(async (tx) => {
    const accounts = await tx.account.findMany({ where: { domain: { in: domains } }, select: { id: true, domain: true } });
    const accountOf = new Map(accounts.map((a) => [a.domain, a.id]));
    const seen = new Set((await tx.unmatchedEvent.findMany({ where: { id: { in: events.map((e) => e.id) } }, select: { id: true } })).map((r) => r.id));
    const fresh = events.filter((e) => !seen.has(e.id));
    await tx.unmatchedEvent.createMany({
      data: fresh.map((e) => {
        const domain = domainOf(e);
        return {
          id: e.id,
          type: e.type,
          email: e.contact.email?.toLowerCase() ?? null,
          contactRef: e.contact.id ?? null,
          domain: domain ?? null,
          accountId: (domain && accountOf.get(domain)) ?? null,
          occurredAt: new Date(e.occurredAt),
          properties: (e.properties ?? undefined) as object | undefined,
        };
      }),
    });
    return fresh.length;
  });
}
