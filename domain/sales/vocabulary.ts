// The words of a sales handoff: a task's statuses, what sales can do with it, and why they reject.
// Workflow-safe (no zod): the handoff workflow's Update validators use checkSalesAction.
import { field } from '../fields/field-ref';
import { isCalendarDay } from '../time/local-time';
import { amountRefusal, amountRule } from '../metrics/money';
import { closeDateRefusal } from './close-date';

export const taskStatuses = ['queued', 'created', 'accepted', 'rejected', 'opportunity', 'won', 'lost'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const rejectReasons = ['bad_timing', 'no_budget', 'wrong_contact', 'not_icp', 'already_engaged', 'other'] as const;
export type RejectReason = (typeof rejectReasons)[number];

/** A task is open (counts as "the" task of its account) until it is rejected, won or lost. */
export const closedStatuses: readonly TaskStatus[] = ['rejected', 'won', 'lost'];
export const isOpen = (status: TaskStatus) => !closedStatuses.includes(status);

/** `actorId`: the acting rep's ID, when the CLI was told who acts (--owner); IDs only, never an address. */
export type SalesAction =
  | { kind: 'accept'; actorId?: string }
  | { kind: 'reject'; actorId?: string; reason?: string; note?: string }
  | { kind: 'opportunity'; actorId?: string; amount?: number; currency?: string; closeDate?: string }
  | { kind: 'won'; actorId?: string; amount?: number; currency?: string }
  | { kind: 'lost'; actorId?: string; amount?: number; currency?: string; reason?: string };

/** What a task looks like to the rules: its status and its owner's rep ID, if any. */
export type TaskFacts = { status: TaskStatus; ownerId: string | null };

// In the order a rep meets them on a task, rejecting last.
const allowedFrom: Record<SalesAction['kind'], readonly TaskStatus[]> = {
  accept: ['created'],
  opportunity: ['accepted', 'opportunity'],
  won: ['accepted', 'opportunity'],
  lost: ['accepted', 'opportunity'],
  reject: ['created', 'accepted'],
};

/** The actions a task in this status takes (none while it is queued or once it is closed). */
export const actionsOn = (status: TaskStatus): SalesAction['kind'][] =>
  (Object.keys(allowedFrom) as SalesAction['kind'][]).filter((kind) => allowedFrom[kind].includes(status));

const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && isCalendarDay(text);

/**
 * Why sales cannot take this action on this task (one line, naming what to fix), or null when they
 * can. Pure, so the Update validator and the unit tests share it.
 */
/**
 * Why the action cannot be taken on the task now, or null. With `nowMs` (the workflow validator's
 * clock), an expected close date must also lie within the range every door keeps (close-date.ts):
 * an Update sent to the workflow directly, from the Temporal CLI or UI, meets the same rule.
 */
export function checkSalesAction(task: TaskFacts, action: SalesAction, nowMs?: number): string | null {
  if (action.actorId !== undefined && task.ownerId !== action.actorId) {
    return task.ownerId === null
      ? 'this task has no owner: it is in the sales queue, for an operator to act on'
      : 'this task belongs to another rep: only its owner can act on it (check the task ID)';
  }
  if (task.status === 'queued') return 'this task is still queued for its owner\'s capacity: it can be acted on once it is handed over';
  if (!allowedFrom[action.kind].includes(task.status)) {
    if (action.kind === 'won' || action.kind === 'lost' || action.kind === 'opportunity') {
      if (task.status === 'created') return `cannot mark ${action.kind} a task that was never accepted: accept it first`;
    }
    // Its deal is open: what ends it now is a loss, which takes the reason too.
    if (action.kind === 'reject' && task.status === 'opportunity') return 'cannot reject a task that is an opportunity: mark it lost instead, with the reason';
    return `cannot ${action.kind} a task that is ${task.status}`;
  }
  if (action.kind === 'reject') {
    if (!action.reason) return `a rejection needs a reason: ${field('reason')} ${rejectReasons.join('|')}`;
    if (!(rejectReasons as readonly string[]).includes(action.reason)) {
      return `"${action.reason}" is not a rejection reason, expected one of ${rejectReasons.join(', ')}`;
    }
  }
  if (action.kind === 'opportunity') {
    if (action.amount === undefined) return `an opportunity needs ${field('amount')}, ${amountRule}`;
    if (!action.currency) return `an opportunity needs ${field('currency')}, a three-letter ISO code such as EUR`;
    if (!action.closeDate || !isDate(action.closeDate)) return `an opportunity needs ${field('closeDate')}, the expected close date as YYYY-MM-DD`;
    const refusal = nowMs === undefined ? undefined : closeDateRefusal(action.closeDate, nowMs);
    if (refusal) return `${field('closeDate')} ${refusal}`;
  }
  if (action.kind === 'opportunity' || action.kind === 'won' || action.kind === 'lost') {
    const refusal = action.amount === undefined ? undefined : amountRefusal(action.amount);
    if (refusal) return `${field('amount')} ${refusal}`;
    if (action.currency !== undefined && !/^[A-Z]{3}$/.test(action.currency)) return `${field('currency')} must be a three-letter ISO code such as EUR`;
  }
  return null;
}

/** The status a task has after an action. */
export function statusAfter(action: SalesAction['kind']): TaskStatus {
  return ({ accept: 'accepted', reject: 'rejected', opportunity: 'opportunity', won: 'won', lost: 'lost' } as const)[action];
}
