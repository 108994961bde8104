// Contacts invited to an event, each with the invitation send their registration link names, so a
// test answers through answerInvitation exactly as a pressed link does.
import { answerInvitation, type InvitationAnswer } from '../../programme-events/registrations';
import type { Db } from '../../db/client';
import { messageIdFor } from '../../mail/compose';
import { sendRefFor } from '../../mail/tracking';

/** An account of `n` invited contacts (p0@domain ...), each with the invitation send their link names. */
export async function invitees(db: Db, domain: string, n: number) {
  const account = await db.account.create({
    data: {
      domain,
      name: domain,
      poolStatus: 'target',
      contacts: { create: Array.from({ length: n }, (_, i) => ({ email: `p${i}@${domain}`, role: 'decision_maker' })) },
    },
    include: { contacts: { orderBy: { email: 'asc' } } },
  });
  const sends = account.contacts.map((c) => ({ key: `journey/x/${account.id}|engage/invite#1|${c.id}`, contactId: c.id }));
  await db.emailSend.createMany({
    data: sends.map((s) => ({ idempotencyKey: s.key, accountId: account.id, contactId: s.contactId, workflowId: 'journey/x', stepPath: 'engage/invite#1', templateKey: 'event-invitation', messageId: messageIdFor(s.key), status: 'sent' })),
  });
  /** Invitee `i` presses the register or decline link of `eventKey`. */
  const answer = (eventKey: string, i: number, a: InvitationAnswer, at = new Date()) => answerInvitation(db, { send: sendRefFor(sends[i]!.key), eventKey, answer: a, at });
  return { account, sends, answer };
}

/**
 * A local "YYYY-MM-DDTHH:MM" (UTC) `days` after `fromMs` (now), for event files. On the time-skipping
 * server pass its clock (`h.env.currentTimeMs()`): after a test waited on a workflow's result, it
 * may stand years ahead of the machine's, and an event "in 12 days" by the machine has long started.
 */
export const future = (days: number, fromMs = Date.now()) => new Date(fromMs + days * 86_400_000).toISOString().slice(0, 16);

/** Moves an event into the past (begun two hours ago, ended one hour ago), as when its attendance export comes. */
export async function eventTookPlace(db: Db, key: string): Promise<void> {
  const now = Date.now();
  await db.event.update({ where: { key }, data: { startsAt: new Date(now - 2 * 3_600_000), endsAt: new Date(now - 3_600_000) } });
}
