// One path for every engagement event, whether it comes from a tracked link, the unsubscribe page
// or `harpoon events send`: persist it on the account's timeline, apply what it means for consent,
// and queue it for every running journey of the account, all in one transaction. The dispatcher
// delivers the queue (client/journey-dispatcher.ts), so recording never waits for Temporal and an
// event recorded while Temporal is away still reaches its journeys when it is back.
import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../db/client';
import { normaliseTag, type EventType, type Role } from '../domain/journey/vocabulary';
import { recordTouch } from '../activities/touches';
import type { EngagementSignal } from '../workflows/journey-api';
import { listeningJourneys, queueDeliveries } from './journey-outbox';

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

export class UnknownContactError extends Error {}

export async function recordEngagement(db: Db, input: EngagementInput): Promise<EngagementResult> {
  const contact = await db.contact.findUnique({
    where: 'id' in input.contact ? { id: input.contact.id } : { email: input.contact.email.trim().toLowerCase() },
  });
  if (!contact) {
    const ref = 'id' in input.contact ? `id ${input.contact.id}` : input.contact.email;
    throw new UnknownContactError(`No contact ${ref}. Import contacts with "harpoon contacts import <file>".`);
  }
  return db.$transaction((tx) => recordEngagementIn(tx, contact, input));
}

/** The same, inside the caller's transaction (an event registration writes its seat in the same one). */
export async function recordEngagementIn(
  tx: Tx,
  contact: { id: string; accountId: string; role: string },
  input: Omit<EngagementInput, 'contact'>,
): Promise<EngagementResult> {
  const eventId = input.eventId ?? randomUUID();
  const at = input.at ?? new Date();
  const tag = input.tag === undefined ? undefined : normaliseTag(input.tag);
  const idempotencyKey = `event|${eventId}`;
  const result = (outcome: EngagementResult['outcome'], queued: string[] = []): EngagementResult => ({
    eventId,
    accountId: contact.accountId,
    contactId: contact.id,
    outcome,
    queued,
  });

  if (await tx.touch.findUnique({ where: { idempotencyKey }, select: { id: true } })) return result('duplicate');
  if (input.type === 'unsubscribed') {
    // Conditional, so of two concurrent unsubscribes only one is recorded. Honoured at once and
    // everywhere: every send checks consent live.
    const { count } = await tx.contact.updateMany({
      where: { id: contact.id, consent: 'subscribed' },
      data: { consent: 'unsubscribed', consentSource: input.source, consentAt: at },
    });
    if (count === 0) return result('no_change');
  }
  await recordTouch(tx, {
    idempotencyKey,
    accountId: contact.accountId,
    contactId: contact.id,
    type: input.type,
    detail: { ...input.detail, source: input.source, ...(tag ? { tag } : {}) },
    at,
  });
  if (input.deliverToJourneys === false) return result('recorded');
  const signal: EngagementSignal = {
    version: 1,
    eventId,
    type: input.type,
    contactId: contact.id,
    role: contact.role as Role,
    ...(tag ? { tag } : {}),
    atMs: at.getTime(),
  };
  const journeys = await listeningJourneys(tx, [contact.accountId]);
  const queued = await queueDeliveries(tx, contact.accountId, journeys.map((j) => j.workflowId), { kind: 'engagement', payload: signal });
  return result('recorded', queued);
}

