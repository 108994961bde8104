// Handing the account to sales from inside its journey: when the MQA rule holds (engagement changed)
// or at a handoff step. The activity creates at most one open task per account; this journey starts
// the task's workflow when the task is its own, and otherwise waits on the other journey's task.
import { ParentClosePolicy, patched, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Condition, HandoffStep } from '../domain/journey/definition';
import { parseDuration } from '../domain/time/duration';
import { isMqa } from '../domain/sales/mqa-rule';
import type { JourneyRunner, StepEnd } from '../domain/journey/runner';
import { acceptedBy } from '../domain/sales/status-news';
import { isOpen, type TaskStatus as SalesTaskStatus } from '../domain/sales/vocabulary';
import { TaskStatus } from '../temporal/search-attributes';
import { acts } from './activity-proxies';
import { activitiesFor, underFailurePolicy } from './step-failure';

export type SalesHandoff = {
  /** `always`: a handoff step that needs no rule. */
  consider: (trigger: 'mqa' | 'step', always?: boolean, request?: typeof acts.requestHandoff) => Promise<void>;
  /** A handoff step, under its failure policy. */
  step: (step: HandoffStep) => Promise<StepEnd>;
  /** The configured defaults, once loaded: the MQA rule and a rejection's cooldown. */
  defaults: () => { mqa: Condition; cooldownMs: number } | undefined;
};

export function salesHandoffFor(runner: JourneyRunner, run: { workflowId: string; journeyKey: string; accountId: string }): SalesHandoff {
  const { state } = runner;
  let salesDefaults: { mqa: Condition; cooldownMs: number } | undefined;

  /**
   * Waits on the account's open task that another journey handed off: one task per account, and
   * this journey hears its changes from its workflow from now on. What the task did before is in
   * the answer: an accepted task is an acceptance for this journey too, unless the journey waited
   * on it already (an earlier run, before a roll-over, was told and reacted).
   */
  const waitOnTask = (taskId: string, status: SalesTaskStatus, waitedBefore: boolean) => {
    const news = state.hearTask(taskId, status);
    const known = state.taskStatuses[taskId]!;
    state.salesTaskId = isOpen(known) ? taskId : undefined;
    upsertSearchAttributes([{ key: TaskStatus, value: known }]);
    if (waitedBefore) return;
    state.note(Date.now(), 'journey', `qualified for sales: the account's task ${taskId} (${known}) came from another journey; this journey waits on it too`);
    if (news && acceptedBy(status)) runner.reactToSales({ outcome: 'accepted' }, salesDefaults?.cooldownMs);
  };

  const consider: SalesHandoff['consider'] = async (trigger, always = false, request = acts.requestHandoff) => {
    const now = Date.now();
    if (state.salesTaskId !== undefined || now < state.handoffBlockedUntilMs) return;
    salesDefaults ??= await acts.loadSalesDefaults();
    const { def } = runner;
    if (!always && !isMqa(def, salesDefaults.mqa, runner.facts())) return;
    const engagement = state.engagement(now);
    const answer = await request({
      accountId: run.accountId,
      journeyWorkflowId: run.workflowId,
      journeyKey: run.journeyKey,
      trigger,
      nowMs: now,
      cooldownMs: parseDuration(def.sales?.cooldown ?? '') ?? undefined,
      engagement: { score: engagement.score, byRole: engagement.byRole as Record<string, number> },
    });
    if (answer.kind === 'left_pool') {
      // Only activities from this change on answer so: no recorded history holds it, so no patch.
      // Asked again a day later at the earliest, as the account may be a target again by then.
      state.handoffBlockedUntilMs = now + 86_400_000;
      state.note(Date.now(), 'journey', `qualified for sales, but the account is ${answer.poolStatus}: not handed off`);
      return;
    }
    if (answer.kind === 'cooldown') {
      state.handoffBlockedUntilMs = answer.untilMs;
      state.note(Date.now(), 'journey', `qualified for sales, but a rejection's cooldown runs until ${new Date(answer.untilMs).toISOString()}`);
      return;
    }
    if (answer.kind === 'open' && !answer.mine) {
      if (answer.status !== undefined && patched('every-waiting-journey-told')) return waitOnTask(answer.taskId, answer.status, answer.waitedBefore === true);
      // Before: another journey of the account handed off and alone heard the outcome; this one
      // looked again in a day rather than asking on every event meanwhile.
      state.handoffBlockedUntilMs = now + 86_400_000;
      return;
    }
    state.salesTaskId = answer.taskId;
    const handoff = { workflowId: answer.taskId, args: [{ version: 1, taskId: answer.taskId }] };
    if (patched('handoff-started-apart')) {
      // Outlives this run, so not its child (activities/workflow-starts.ts says why).
      await acts.startWorkflowApart({ workflowType: 'salesHandoff', taskQueue: workflowInfo().taskQueue, ...handoff });
    } else {
      try {
        await startChild('salesHandoff', { ...handoff, parentClosePolicy: ParentClosePolicy.ABANDON });
      } catch (err) {
        // A retried request found the task this journey created and already started.
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
    if (answer.kind === 'created') {
      state.hearTask(answer.taskId, answer.status);
      state.note(Date.now(), 'journey', `handed to sales: task ${answer.taskId}${answer.status === 'queued' ? " (queued for the owner's capacity)" : ''}`);
      // `TaskStatus = "created"` in the Web UI lists the journeys waiting on sales.
      upsertSearchAttributes([{ key: TaskStatus, value: answer.status }]);
    }
  };

  const step: SalesHandoff['step'] = async (handoffStep) => {
    const limited = activitiesFor(handoffStep);
    if (!limited || !patched('step-failure-policy')) {
      await consider('step', handoffStep.always === true);
      return 'done';
    }
    const attempt = await underFailurePolicy(() => consider('step', handoffStep.always === true, limited.requestHandoff), {
      state,
      stepId: handoffStep.id,
      policy: handoffStep,
      record: { ...run, stepPath: runner.stepPath(handoffStep.id) },
    });
    if (attempt.ok || attempt.outcome.kind === 'skip') return 'done';
    state.stopReason = attempt.outcome.reason;
    return 'interrupted';
  };

  return { consider, step, defaults: () => salesDefaults };
}
