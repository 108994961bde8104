// The sales handoff workflow's public surface. One workflow per task, ID `handoff/<account-id>/<n>`
// (the task's ID). Sales act through the `salesAction` Update, whose validator refuses an invalid
// transition with one line; payloads carry IDs, codes and amounts, never names or addresses.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SalesOutcome } from '../domain/journey/sales-reaction';
import type { SalesAction, TaskStatus } from '../domain/sales/vocabulary';

export type SalesHandoffInput = { version: 1; taskId: string };

/** A sales action as it arrives: `actorId` is the acting rep's ID when the CLI was given --owner. */
export type SalesActionRequest = SalesAction & { version: 1 };
export type SalesActionResult = { taskId: string; from: TaskStatus; to: TaskStatus };
export const salesActionUpdate = defineUpdate<SalesActionResult, [SalesActionRequest]>('salesAction');

export type SalesTaskView = {
  taskId: string;
  accountId: string;
  status: TaskStatus;
  ownerId: string | null;
  dueAtMs: number | null;
  reminded: boolean;
  escalated: boolean;
};
export const salesTaskQuery = defineQuery<SalesTaskView>('salesTask');

/** What the handing-off journey hears of its task. */
export type SalesOutcomeSignal = SalesOutcome & { version: 1; taskId: string };
export const salesOutcomeSignal = defineSignal<[SalesOutcomeSignal]>('salesOutcome');

/**
 * The account changed hands and the task with it (accounts/owner-changes.ts): the workflow reads
 * its new owner. Sent through the journey outbox; `eventId` tells a redelivery apart.
 */
export type SalesTaskOwnerSignal = { version: 1; eventId: string };
export const salesTaskOwnerSignal = defineSignal<[SalesTaskOwnerSignal]>('salesTaskOwner');

/** A change of the task that is no outcome (a queued task handed to its owner), so journeys mirror it. */
export type SalesTaskStatusSignal = { version: 1; taskId: string; status: TaskStatus };
export const salesTaskStatusSignal = defineSignal<[SalesTaskStatusSignal]>('salesTaskStatus');
