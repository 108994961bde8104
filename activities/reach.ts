// The reach delivery's activities: one HTTP attempt, recorded on the delivery row whatever its
// outcome, and the final mark when the workflow gives up. Every attempt re-reads the delivery and
// its target, so a delivered row is never sent again and a removed target is not called.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client';
import { loadEventFacts } from '../reach/event-facts';
import { attempt, type AttemptOutcome } from '../reach/http-attempt';
import type { ReachEvent } from '../reach/reach-event';
import { targetKind } from '../reach/target-kinds';
import type { ReachDeliveryInput } from '../workflows/reach-delivery-api';

/** One attempt's HTTP call; the activity's own timeout (a minute) leaves room to record it. */
const attemptTimeoutMs = 15_000;

export function createReachActivities(db: Db, publicUrl: string) {
  const record = async ({ deliveryId, generation }: ReachDeliveryInput, outcome: AttemptOutcome | { kind: 'refused'; status: null; error: string }) => {
    const status = outcome.kind === 'delivered' ? 'delivered' : outcome.kind === 'refused' ? 'failed' : 'pending';
    await db.reachDelivery.updateMany({
      where: { id: deliveryId, generation, status: 'pending' },
      data: {
        status,
        attempts: { increment: 1 },
        lastStatus: outcome.status,
        lastError: outcome.kind === 'delivered' ? null : outcome.error.slice(0, 500),
        ...(outcome.kind === 'delivered' ? { deliveredAt: new Date() } : {}),
      },
    });
  };
  const refuse = async (input: ReachDeliveryInput, error: string): Promise<never> => {
    await record(input, { kind: 'refused', status: null, error });
    throw ApplicationFailure.create({ message: error, type: 'ReachRefused', nonRetryable: true });
  };

  return {
    async attemptReachDelivery(input: ReachDeliveryInput): Promise<void> {
      const delivery = await db.reachDelivery.findUnique({ where: { id: input.deliveryId }, include: { target: true } });
      // Gone (its target was deleted with it), delivered by an earlier attempt, or superseded by a replay.
      if (!delivery || delivery.generation !== input.generation || delivery.status !== 'pending') return;
      const kind = targetKind(delivery.target.kind);
      if (delivery.target.removedAt) return refuse(input, `the ${delivery.target.kind} target was removed before delivery`);
      if (!kind) return refuse(input, `unknown target kind ${delivery.target.kind}`);
      const facts = await loadEventFacts(db, delivery.event as ReachEvent, publicUrl);
      if (!facts) return refuse(input, 'the account no longer exists (erased): nothing to tell');
      const outcome = await attempt(await kind.request(facts, delivery.target, Date.now()), attemptTimeoutMs);
      await record(input, outcome);
      if (outcome.kind === 'delivered') return;
      const target = `${delivery.target.kind} ${new URL(delivery.target.url).host}`;
      if (outcome.kind === 'refused') throw ApplicationFailure.create({ message: `${target} ${outcome.error}`, type: 'ReachRefused', nonRetryable: true });
      throw ApplicationFailure.create({ message: `${target}: ${outcome.error}`, type: 'ReachUnavailable', nextRetryDelay: outcome.retryAfterMs });
    },

    /** The workflow gave up (attempts exhausted, or refused): failed, to be replayed by a person. */
    async markReachDeliveryFailed({ deliveryId, generation, error }: ReachDeliveryInput & { error: string }): Promise<void> {
      const row = await db.reachDelivery.findUnique({ where: { id: deliveryId }, select: { lastError: true } });
      await db.reachDelivery.updateMany({
        where: { id: deliveryId, generation, status: 'pending' },
        data: { status: 'failed', lastError: (row?.lastError ?? error).slice(0, 500) },
      });
    },
  };
}
