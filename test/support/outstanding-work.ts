// Which workflows hold the time-skipping server's clock. The server skips time only while no
// workflow task and no activity is outstanding; one that never ends (a task whose completion the
// server refused, an activity nobody polls for) locks the clock for good. Read from each workflow's
// history, since the test server has no visibility to ask.
import type { Client } from '@temporalio/client';
// default import: @temporalio/proto is CommonJS, and tsx's native ESM sees no named exports in it
import proto from '@temporalio/proto';

const { EventType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

export type OutstandingWork = { workflowId: string; waitingOn: string; lastEvents: string[] };

const closedTypes: ReadonlySet<number> = new Set([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

const name = (e: HistoryEvent) => (EventType[e.eventType ?? 0] ?? 'unknown').replace('EVENT_TYPE_', '').toLowerCase();

/** The activity a history event ends, by its scheduled event ID, if it ends one. */
function activityEnded(e: HistoryEvent): string | undefined {
  const ended = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes;
  return ended?.scheduledEventId == null ? undefined : String(ended.scheduledEventId);
}

/** What a run's history leaves outstanding: its workflow task, its activities by type; none when it closed. */
function outstandingIn(events: HistoryEvent[]): string[] {
  if (closedTypes.has(events.at(-1)?.eventType ?? 0)) return [];
  let task: string | undefined;
  const activities = new Map<string, string>();
  for (const e of events) {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED || e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) task = `a workflow task (${name(e)})`;
    if (e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes) task = undefined;
    if (e.activityTaskScheduledEventAttributes) activities.set(String(e.eventId), `activity ${e.activityTaskScheduledEventAttributes.activityType?.name ?? '?'}`);
    const ended = activityEnded(e);
    if (ended !== undefined) activities.delete(ended);
  }
  return [...(task ? [task] : []), ...activities.values()];
}

/** The workflows among `workflowIds` (latest runs) with a workflow task or an activity outstanding, with their last events. */
export async function outstandingWork(client: Client, workflowIds: string[]): Promise<OutstandingWork[]> {
  const found: OutstandingWork[] = [];
  for (const workflowId of workflowIds) {
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const waitingOn = outstandingIn(events);
    if (waitingOn.length > 0) found.push({ workflowId, waitingOn: waitingOn.join(', '), lastEvents: events.slice(-4).map(name) });
  }
  return found;
}
