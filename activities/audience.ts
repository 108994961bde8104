// Who in the buying group an email step reaches. Returns contact IDs only: names and addresses stay
// in the database and never enter workflow history.
import type { Db } from '../db/client';
import { hasLeftPool } from '../domain/accounts/eligibility';
import type { EngagementSummary } from '../domain/engagement/score';
import { describeAudience, planAudience } from '../domain/journey/audience';
import type { EmailStep } from '../domain/journey/definition';
import { recordTouch } from '../timeline/record-touch';

/** Where a step runs, so the people it leaves out can be named on the account's timeline. */
export type StepPlace = { workflowId: string; journeyKey: string; stepPath: string; atMs: number };

export function createAudienceActivities(db: Db) {
  return {
    async resolveAudience(req: { accountId: string; step: EmailStep; engagement: EngagementSummary; place?: StepPlace }): Promise<string[]> {
      const contacts = await db.contact.findMany({
        where: { accountId: req.accountId },
        select: { id: true, role: true, seniority: true },
        orderBy: { createdAt: 'asc' },
      });
      const plan = planAudience(req.step, contacts, req.engagement);
      // Every planned email that is not sent says why on the timeline, including the ones nobody
      // was chosen for. Journeys started before this change pass no place, and record nothing here.
      const place = req.place;
      if (place) {
        const touch = (suffix: string, contactId: string | null, reason: string, why: string) =>
          recordTouch(db, {
            idempotencyKey: `${place.workflowId}|${place.stepPath}|${suffix}`,
            accountId: req.accountId,
            contactId,
            workflowId: place.workflowId,
            journeyKey: place.journeyKey,
            type: 'email_not_planned',
            detail: { template: req.step.template, step: place.stepPath, reason, why },
            at: new Date(place.atMs),
          });
        const notPlanned = [
          ...plan.alreadyEngaged.map((c) =>
            touch(`${c.id}|not_planned`, c.id, 'already_engaged', 'this step is only for contacts who have not engaged yet'),
          ),
          ...(plan.recipients.length === 0
            ? [touch('nobody', null, 'nobody_in_audience', `nobody in the account is ${describeAudience(req.step)}${plan.alreadyEngaged.length ? ' and not engaged yet' : ''}`)]
            : []),
        ];
        // Most steps leave nobody out: no empty transaction for them.
        if (notPlanned.length > 0) await db.$transaction(notPlanned);
      }
      return plan.recipients.map((c) => c.id);
    },

    /** The facts behind a journey's goals: is the account retired, is anyone still reachable? */
    async checkGoals(req: { accountId: string }): Promise<{ accountRetired: boolean; allContactsUnsubscribed: boolean }> {
      const account = await db.account.findUniqueOrThrow({
        where: { id: req.accountId },
        select: { poolStatus: true, _count: { select: { contacts: { where: { consent: 'subscribed' } } } } },
      });
      return {
        accountRetired: hasLeftPool(account),
        allContactsUnsubscribed: account._count.contacts === 0,
      };
    },
  };
}
