// Who in the buying group an email step reaches. Returns contact IDs only: names and addresses stay
// in the database and never enter workflow history.
import type { Db } from '../db/client';
import type { EngagementSummary } from '../domain/engagement/score';
import { selectRecipients } from '../domain/journey/audience';
import type { EmailStep } from '../domain/journey/definition';

export function createAudienceActivities(db: Db) {
  return {
    async resolveAudience(req: { accountId: string; step: EmailStep; engagement: EngagementSummary }): Promise<string[]> {
      const contacts = await db.contact.findMany({
        where: { accountId: req.accountId },
        select: { id: true, role: true, seniority: true },
        orderBy: { createdAt: 'asc' },
      });
      return selectRecipients(req.step, contacts, req.engagement).map((c) => c.id);
    },

    /** The facts behind a journey's goals: is the account retired, is anyone still reachable? */
    async checkGoals(req: { accountId: string }): Promise<{ accountRetired: boolean; allContactsUnsubscribed: boolean }> {
      const account = await db.account.findUniqueOrThrow({
        where: { id: req.accountId },
        select: { poolStatus: true, _count: { select: { contacts: { where: { consent: 'subscribed' } } } } },
      });
      return {
        accountRetired: account.poolStatus === 'retired' || account.poolStatus === 'excluded',
        allContactsUnsubscribed: account._count.contacts === 0,
      };
    },
  };
}
