// Planned emails that a journey gave up on because something interrupted their step (a trigger, an
// operator's move, a stop): each recipient not reached gets a line on the account's timeline
// saying so and why, so no planned email vanishes without a trace.
import type { Db } from '../db/client';
import { recordTouch } from '../timeline/record-touch';

export type UnsentEmails = {
  workflowId: string;
  journeyKey: string;
  accountId: string;
  template: string;
  stepPath: string;
  /** The recipient whose email was waiting for quiet hours to end, if one was. */
  heldContactId?: string;
  /** Recipients the step had not reached yet. */
  unreachedContactIds: string[];
  /** What interrupted the step, in words. */
  why: string;
  atMs: number;
};

export function createUnsentEmailActivities(db: Db) {
  return {
    async recordUnsentEmails(req: UnsentEmails): Promise<void> {
      const touch = (contactId: string, reason: string) =>
        recordTouch(db, {
          idempotencyKey: `${req.workflowId}|${req.stepPath}|${contactId}|unsent`,
          accountId: req.accountId,
          contactId,
          workflowId: req.workflowId,
          journeyKey: req.journeyKey,
          type: 'email_not_sent',
          detail: { template: req.template, step: req.stepPath, reason, why: req.why },
          at: new Date(req.atMs),
        });
      await db.$transaction([
        ...(req.heldContactId ? [touch(req.heldContactId, 'held_then_interrupted')] : []),
        ...req.unreachedContactIds.filter((id) => id !== req.heldContactId).map((id) => touch(id, 'step_interrupted')),
      ]);
    },
  };
}
