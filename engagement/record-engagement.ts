// One path for every engagement event, whether it comes from a tracked link, the unsubscribe page
// or `harpoon engagement send`: persist it on the account's timeline, apply what it means for consent,
// and queue it for every running journey of the account, all in one transaction. The dispatcher
// delivers the queue (client/journey-dispatcher.ts), so recording never waits for Temporal and an
// event recorded while Temporal is away still reaches its journeys when it is back.
import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../db/client';
import { notFound } from '../domain/use-case-error';
import { normaliseTag, type EventType, type Role } from '../domain/journey/vocabulary';
import { recordTouches, type TouchInput } from '../timeline/record-touch';
import type { EngagementSignal } from '../workflows/journey-api';
import { listeningJourneys, queueManyDeliveries } from '../client/journey-outbox';
import { cancelRepTasksAboutUnreachable } from '../use-cases/cancel-rep-tasks';
import { emailKey } from '../domain/accounts/email-address';

export type EngagementInput = {
  type: EventType;
  contact: { id: string } | { email: string };
  tag?: string;
  at?: Date;
  /** Where the event came from, e.g. http or cli; kept on the timeline. */
  source: string;
  detail?: Record<string, unknown>;
  /** Given by sources that may deliver the same event twice; otherwise a new one is made. */
  eventId?: string;
  /** false: the timeline only, no journey hears of it (e.g. clicks made by machines). Default true. */
  deliverToJourneys?: boolean;
};

/**
 * `recorded`: on the timeline, and queued for the journeys in `queued`. `duplicate`: this event id was
 * recorded before, nothing new. `no_change`: an unsubscribe from a contact who is not subscribed
 * (a replayed unsubscribe POST, say), nothing recorded.
 */
export type EngagementResult = {
  eventId: string;
  accountId: string;
  contactId: string;
  outcome: 'recorded' | 'duplicate' | 'no_change';
  queued: string[];
};

/** An event whose contact is already looked up (batch producers look contacts up in bulk). */
export type ResolvedEngagementInput = Omit<EngagementInput, 'contact'> & {
  contact: { id: string; accountId: string; role: string };
};

export async function recordEngagement(db: Db, input: EngagementInput): Promise<EngagementResult> {
  const contact = await db.contact.findUnique({
    where: 'id' in input.contact ? { id: input.contact.id } : { email: emailKey(input.contact.email) },
  });
  if (!contact) {
    const ref = 'id' in input.contact ? `id ${input.contact.id}` : input.contact.email;
    throw notFound(`No contact ${ref}. Import contacts with "harpoon contacts import <file>".`);
  }
  const [result] = await recordEngagements(db, [{ ...input, contact }]);
  return result!;
}

/**
 * Records many events in one transaction, in the order given: each on the timeline and queued for
 * the running journeys of its account, with one read of what exists and one write per table for
 * the whole batch. An event id seen before, or earlier in the same batch, is a `duplicate`.
 */
export async function recordEngagements(db: Db, inputs: ResolvedEngagementInput[]): Promise<EngagementResult[]> {
  return db.$transaction((tx) => recordEngagementsIn(tx, inputs));
}

export type RecordOptions = {
  /**
   * Every event id is known new: the caller claimed it in this transaction (ingestion's id space),
   * so no touch or outbox row can carry it yet and the reads that look for them are skipped. Were
   * one there after all, its unique key fails the batch rather than recording an event twice.
   */
  idsClaimed?: boolean;
};

/** The same, inside the caller's transaction (an event registration writes its seat in the same one). */
export async function recordEngagementsIn(tx: Tx, inputs: ResolvedEngagementInput[], { idsClaimed = false }: RecordOptions = {}): Promise<EngagementResult[]> {
  const events = inputs.map((input) => ({
    input,
    eventId: input.eventId ?? randomUUID(),
    at: input.at ?? new Date(),
    tag: input.tag === undefined ? undefined : normaliseTag(input.tag),
  }));
  const keyOf = (eventId: string) => `event|${eventId}`;

  const existing = idsClaimed
    ? []
    : await tx.touch.findMany({ where: { idempotencyKey: { in: events.map((e) => keyOf(e.eventId)) } }, select: { idempotencyKey: true } });
  const seen = new Set(existing.map((t) => t.idempotencyKey));
  const results: EngagementResult[] = [];
  const touches: TouchInput[] = [];
  // Consent follows the event's own time; a rep task taken back because of it is taken back now,
  // not before it was made (an event may arrive days after it happened).
  const recordedAt = new Date();
  /** Takes a subscribed contact out of reach, as the relay's bounce or the unsubscribe page does; false if they were not subscribed. */
  const suppress = async (contactId: string, consent: 'unsubscribed' | 'bounced', consentSource: string, at: Date): Promise<boolean> => {
    // Conditional, so of two concurrent events only one changes the consent. Honoured at once and
    // everywhere: every send checks consent live.
    const stillSubscribed = { id: contactId, consent: 'subscribed' };
    let { count } = await tx.contact.updateMany({
      where: { ...stillSubscribed, OR: [{ consentAt: null }, { consentAt: { lte: at } }] },
      data: { consent, consentSource, consentAt: at },
    });
    if (count === 0) {
      // Reported after a newer opt-in was recorded: the person's request is honoured all the same,
      // and the consent keeps the opt-in's date, so the import that brought that opt-in, run
      // again, is not newer than this suppression and cannot lift it.
      ({ count } = await tx.contact.updateMany({ where: stillSubscribed, data: { consent, consentSource } }));
    }
    if (count > 0) await cancelRepTasksAboutUnreachable(tx, [{ id: contactId, consent }], recordedAt);
    return count > 0;
  };
  const signals: { accountId: string; signal: EngagementSignal; result: EngagementResult }[] = [];

  for (const { input, eventId, at, tag } of events) {
    const { contact } = input;
    const result: EngagementResult = { eventId, accountId: contact.accountId, contactId: contact.id, outcome: 'duplicate', queued: [] };
    results.push(result);
    const idempotencyKey = keyOf(eventId);
    if (seen.has(idempotencyKey)) continue;
    seen.add(idempotencyKey);
    // Only an unsubscribe that changes nothing (a replayed unsubscribe POST) is not recorded.
    if (input.type === 'unsubscribed' && !(await suppress(contact.id, 'unsubscribed', input.source, at))) {
      result.outcome = 'no_change';
      continue;
    }
    // A spam complaint (a mailbox provider's feedback loop) unsubscribes too, and its touch then says
    // `unsubscribed`: an unsubscribe for the systems that keep consent (reach/touch-events.ts). A
    // bounce the relay reports after taking the message suppresses the address as a bounce at the
    // send does. Both are always recorded: the complaint and bounce rates count them, whatever the
    // consent was before.
    const unsubscribedByComplaint = input.type === 'complained' && (await suppress(contact.id, 'unsubscribed', `spam complaint (${input.source})`, at));
    if (input.type === 'bounced') await suppress(contact.id, 'bounced', `bounce (${input.source})`, at);
    result.outcome = 'recorded';
    touches.push({
      idempotencyKey,
      accountId: contact.accountId,
      contactId: contact.id,
      type: input.type,
      detail: { ...input.detail, source: input.source, ...(tag ? { tag } : {}), ...(unsubscribedByComplaint ? { unsubscribed: true } : {}) },
      at,
    });
    if (input.deliverToJourneys === false) continue;
    signals.push({
      accountId: contact.accountId,
      result,
      signal: { version: 1, eventId, type: input.type, contactId: contact.id, role: contact.role as Role, ...(tag ? { tag } : {}), atMs: at.getTime() },
    });
  }

  await recordTouches(tx, touches);
  const journeysOf = new Map<string, string[]>();
  for (const j of await listeningJourneys(tx, [...new Set(signals.map((s) => s.accountId))])) {
    journeysOf.set(j.accountId, [...(journeysOf.get(j.accountId) ?? []), j.workflowId]);
  }
  const deliveries = signals.map(({ accountId, signal, result }) => ({
    accountId,
    result,
    workflowIds: journeysOf.get(accountId) ?? [],
    delivery: { kind: 'engagement' as const, payload: signal },
  }));
  const queued = await queueManyDeliveries(tx, deliveries, { eventsNew: idsClaimed });
  deliveries.forEach((d, i) => (d.result.queued = queued[i]!));
  return results;
}

/** One event inside the caller's transaction. */
export async function recordEngagementIn(tx: Tx, contact: ResolvedEngagementInput['contact'], input: Omit<EngagementInput, 'contact'>): Promise<EngagementResult> {
  const [result] = await recordEngagementsIn(tx, [{ ...input, contact }]);
  return result!;
}

