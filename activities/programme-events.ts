// What an invite step asks of the database: the event's times, the invitation on the timeline,
// who is registered now (reminders go only to them), and the account's outcome. IDs in and out.
import type { Db } from '../db/client';
import { againAfterUniqueRace } from '../db/transaction';
import { inviteOutcomeOf } from '../domain/programme-events/invite-outcome';
import type { InviteOutcome, RegistrationStatus } from '../domain/programme-events/vocabulary';
import { recordTouch } from '../timeline/record-touch';

export type InviteRun = { eventKey: string; accountId: string };

export function createEventActivities(db: Db) {
  const eventOf = (key: string) => db.event.findUnique({ where: { key }, select: { id: true, startsAt: true, endsAt: true } });

  return {
    async loadInviteEvent(req: { eventKey: string }): Promise<{ startsAtMs: number; endsAtMs: number } | null> {
      const event = await eventOf(req.eventKey);
      return event ? { startsAtMs: event.startsAt.getTime(), endsAtMs: event.endsAt.getTime() } : null;
    },

    /** After the invitation went out: the contact is invited (an earlier answer stays) and the timeline says so. */
    async recordInvited(req: InviteRun & { contactId: string; workflowId: string; journeyKey: string; sendKey: string; atMs: number }): Promise<void> {
      const event = await eventOf(req.eventKey);
      if (!event) return;
      // An answer given the moment the invitation arrived may insert the registration first.
      await againAfterUniqueRace(() => db.$transaction([
        db.eventRegistration.upsert({
          where: { eventId_contactId: { eventId: event.id, contactId: req.contactId } },
          create: { eventId: event.id, contactId: req.contactId, accountId: req.accountId, status: 'invited', invitedAt: new Date(req.atMs) },
          update: {},
        }),
        recordTouch(db, {
          idempotencyKey: `${req.sendKey}|event_invited`,
          accountId: req.accountId,
          contactId: req.contactId,
          workflowId: req.workflowId,
          journeyKey: req.journeyKey,
          type: 'event_invited',
          detail: { eventKey: req.eventKey, sendKey: req.sendKey },
          at: new Date(req.atMs),
        }),
      ]));
    },

    async eventRegistrants(req: InviteRun): Promise<string[]> {
      const rows = await db.eventRegistration.findMany({
        where: { accountId: req.accountId, status: 'registered', event: { key: req.eventKey } },
        select: { contactId: true },
        orderBy: { id: 'asc' },
      });
      return rows.map((r) => r.contactId);
    },

    async inviteOutcome(req: InviteRun): Promise<{ outcome: InviteOutcome; counts: Partial<Record<RegistrationStatus, number>> }> {
      const rows = await db.eventRegistration.findMany({ where: { accountId: req.accountId, event: { key: req.eventKey } }, select: { status: true } });
      const statuses = rows.map((r) => r.status as RegistrationStatus);
      const counts: Partial<Record<RegistrationStatus, number>> = {};
      for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
      return { outcome: inviteOutcomeOf(statuses), counts };
    },
  };
}
