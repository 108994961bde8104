// One path for every engagement event, whether it comes from a tracked link, the unsubscribe page
// or `harpoon events send`: persist it on the account's timeline, apply what it means for consent,
// then signal every running journey of the account so they react at once.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import { normaliseTag, type EventType, type Role } from '../domain/journey/vocabulary';
import { recordTouch } from '../activities/touches';
import { engagementSignal, type EngagementSignal } from '../workflows/journey-api';

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
  /** false: on the timeline only, the account's journeys are not told (e.g. machine-made opens). Default true. */
  deliverToJourneys?: boolean;
};

export class UnknownContactError extends Error {}

export async function recordEngagement(db: Db, client: Client | undefined, input: EngagementInput) {
  const contact = await db.contact.findUnique({
    where: 'id' in input.contact ? { id: input.contact.id } : { email: input.contact.email.trim().toLowerCase() },
  });
  if (!contact) {
    const ref = 'id' in input.contact ? `id ${input.contact.id}` : input.contact.email;
    throw new UnknownContactError(`No contact ${ref}. Import contacts with "harpoon contacts import <file>".`);
  }
  const eventId = input.eventId ?? randomUUID();
  const at = input.at ?? new Date();
  const tag = input.tag === undefined ? undefined : normaliseTag(input.tag);

  const runs = await db.$transaction(async (tx) => {
    await recordTouch(tx, {
      idempotencyKey: `event|${eventId}`,
      accountId: contact.accountId,
      contactId: contact.id,
      type: input.type,
      detail: { ...input.detail, source: input.source, ...(tag ? { tag } : {}) },
      at,
    });
    if (input.type === 'unsubscribed' && contact.consent === 'subscribed') {
      // Honoured at once and everywhere: every send checks consent live.
      await tx.contact.update({
        where: { id: contact.id },
        data: { consent: 'unsubscribed', consentSource: input.source, consentAt: at },
      });
    }
    return tx.journeyRun.findMany({
      where: { accountId: contact.accountId, status: { in: ['running', 'paused'] } },
      select: { workflowId: true },
    });
  });

  const signal: EngagementSignal = {
    version: 1,
    eventId,
    type: input.type,
    contactId: contact.id,
    role: contact.role as Role,
    ...(tag ? { tag } : {}),
    atMs: at.getTime(),
  };
  const signalled: string[] = [];
  if (client && input.deliverToJourneys !== false) {
    for (const { workflowId } of runs) {
      try {
        await client.workflow.getHandle(workflowId).signal(engagementSignal, signal);
        signalled.push(workflowId);
      } catch {
        // The journey ended between the query and the signal: nothing left to react.
      }
    }
  }
  return { eventId, accountId: contact.accountId, contactId: contact.id, signalled };
}
