// Which timeline touches are reach events, and which: the one mapping from the account timeline to
// what webhooks, chat alerts and the CRM hear. Pure, so it is unit-tested without a database. The
// feed trigger (the latest migration that creates "Touch_reach_feed") fires for exactly `feedTouchTypes`.
import type { ReachEvent, ReachEventType } from './reach-event';

export const feedTouchTypes = [
  'sales_handoff',
  'sales_released',
  'sales_accepted',
  'sales_rejected',
  'sales_reminder',
  'sales_escalation',
  'sales_opportunity',
  'sales_won',
  'sales_lost',
  'event_registered',
  'event_attended',
  'unsubscribed',
  'complained',
  'rep_task_created',
  'rep_task_cancelled',
  'rep_task_expired',
  'rep_task_reassigned',
  'sales_task_reassigned',
] as const;

/** What the mapping reads of a touch: its row as stored. */
export type FeedTouch = { id: string; type: string; accountId: string; contactId: string | null; at: Date; detail: unknown };

/** What the mapping reads of the touch's sales task, when the touch names one. */
export type FeedTask = { trigger: string } | null;

const oneToOne: Partial<Record<string, ReachEventType>> = {
  sales_released: 'handoff.created', // a queued handoff reaches its owner now
  sales_accepted: 'handoff.accepted',
  sales_rejected: 'handoff.rejected',
  sales_reminder: 'handoff.reminder',
  sales_escalation: 'handoff.escalated',
  sales_opportunity: 'opportunity',
  sales_won: 'won',
  sales_lost: 'lost',
  event_registered: 'registration',
  event_attended: 'attendance',
  unsubscribed: 'unsubscribe',
  rep_task_created: 'rep_task.created',
  rep_task_cancelled: 'rep_task.cancelled',
  rep_task_expired: 'rep_task.expired',
  rep_task_reassigned: 'rep_task.reassigned',
  sales_task_reassigned: 'handoff.reassigned',
};

/** The reach event types a touch stands for, in the order they happened. */
export function reachEventTypesOf(touch: Pick<FeedTouch, 'type' | 'detail'>, task: FeedTask): ReachEventType[] {
  if (touch.type === 'sales_handoff') {
    // The MQA is marketing's moment and happens at the handoff; the handoff "is created" for its
    // owner only when it reaches them: at once, or when pacing releases it (sales_released).
    const reachedOwner = detailString(touch.detail, 'status') !== 'queued';
    return [...(task?.trigger === 'mqa' ? (['mqa'] as const) : []), ...(reachedOwner ? (['handoff.created'] as const) : [])];
  }
  // A complaint unsubscribes the person (engagement/record-engagement.ts), unless they were not
  // subscribed any more: then it is no news to anyone who keeps consent.
  if (touch.type === 'complained') return touch.detail !== null && (touch.detail as { unsubscribed?: unknown }).unsubscribed === true ? ['unsubscribe'] : [];
  const type = oneToOne[touch.type];
  return type ? [type] : [];
}

/** The events of a touch. Their ids are stable (the touch's id and the type), so receivers de-duplicate on them. */
export function reachEventsOf(touch: FeedTouch, task: FeedTask): ReachEvent[] {
  return reachEventTypesOf(touch, task).map((type) => ({
    id: `${touch.id}.${type}`,
    type,
    at: touch.at.toISOString(),
    accountId: touch.accountId,
    contactId: touch.contactId,
    taskId: detailString(touch.detail, 'taskId'),
    eventKey: detailString(touch.detail, 'eventKey'),
  }));
}

export function detailString(detail: unknown, key: string): string | null {
  const value = detail && typeof detail === 'object' ? (detail as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : null;
}
