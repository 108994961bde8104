// The reach delivery's activities: one attempt by the target's kind (reach/target-kinds.ts),
// recorded on the delivery row whatever its outcome, and the final mark when the workflow gives up.
// Every attempt re-reads the delivery and its target, so a delivered row is never sent again and a
// removed target is not called.
import { ApplicationFailure, log } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import type { Db } from '../db/client';
import type { CrmConnection } from '../reach/crm/crm-connection';
import type { AttemptOutcome } from '../reach/http-attempt';
import type { ReachEvent } from '../reach/reach-event';
import { targetHost, targetKind } from '../reach/target-kinds';
import type { ReachDeliveryInput } from '../workflows/reach-delivery-api';

export function createReachActivities(db: Db, publicUrl: string, crms: CrmConnection[]) {
  const record = async ({ deliveryId, generation }: ReachDeliveryInput, outcome: AttemptOutcome) => {
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

  return {
    async attemptReachDelivery(input: ReachDeliveryInput): Promise<void> {
      const delivery = await db.reachDelivery.findUnique({ where: { id: input.deliveryId }, include: { target: true } });
      // Gone (its target was deleted with it), delivered by an earlier attempt, or superseded by a replay.
      if (!delivery || delivery.generation !== input.generation || delivery.status !== 'pending') return;
      const kind = targetKind(delivery.target.kind);
      const outcome: AttemptOutcome = delivery.target.removedAt
        ? { kind: 'refused', status: null, error: `the ${delivery.target.kind} target was removed before delivery` }
        : !kind
          ? { kind: 'refused', status: null, error: `unknown target kind ${delivery.target.kind}` }
          : await kind.deliver(delivery.event as ReachEvent, delivery.target, { db, publicUrl, nowMs: Date.now(), crms });
      await record(input, outcome);
      if (outcome.kind === 'delivered') return;
      const message = `${delivery.target.kind} ${targetHost(delivery.target.url)}: ${outcome.error}`;
      // Benign for the worker's log (the SDK logs it at DEBUG, without the stack): the attempt is on
      // the delivery row, the console lists failed deliveries, and a delivery given up on is logged
      // once (below). A receiver that is down for hours no longer fills the log with stack traces.
      const category = ApplicationFailureCategory.BENIGN;
      if (outcome.kind === 'refused') throw ApplicationFailure.create({ message, type: 'ReachRefused', nonRetryable: true, category });
      throw ApplicationFailure.create({ message, type: 'ReachUnavailable', nextRetryDelay: outcome.retryAfterMs, category });
    },

    /** The workflow gave up (attempts exhausted, or refused): failed, to be replayed by a person. */
    async markReachDeliveryFailed({ deliveryId, generation, error }: ReachDeliveryInput & { error: string }): Promise<void> {
      const row = await db.reachDelivery.findUnique({ where: { id: deliveryId }, select: { lastError: true } });
      const lastError = (row?.lastError ?? error).slice(0, 500);
      const { count } = await db.reachDelivery.updateMany({ where: { id: deliveryId, generation, status: 'pending' }, data: { status: 'failed', lastError } });
      if (count > 0) log.warn(`reach delivery ${deliveryId} failed for good (replay it from the console or "harpoon webhooks replay"): ${lastError}`);
    },
  };
}
