// One durable journey per (journey, account): the Temporal adapter of the journey's run. What the
// run does (the step loop, each step kind, triggers, goals, sales outcomes) is the pure runner in
// domain/journey/runner.ts, which the forecast drives too; this file gives it effects over
// activities and timers, and keeps what only a workflow has: handlers, search attributes and memo,
// continue-as-new, and the patches that let journeys begun on older code replay as they ran.
// The input and history carry IDs, never personal data.
import { condition, log, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { acts, localActs } from './activity-proxies';
import type { StepEntry } from '../activities/step-visits';
import { flowOf } from '../domain/journey/graph';
import { JourneyRunner, type JourneyEffects } from '../domain/journey/runner';
import { handsOffToSales } from '../domain/journey/run-rules';
import { experimentOf } from '../domain/measurement/variant-assignment';
import { EngagementScore, JourneyStage, TaskStatus } from '../temporal/search-attributes';
import {
  accountChangedSignal,
  programmeEventMovedSignal,
  contactChangedSignal,
  engagementSignal,
  moveToStageUpdate,
  pauseSignal,
  repTaskClosedSignal,
  resumeSignal,
  skipWaitUpdate,
  statusQuery,
  stillBeginning,
  stopSignal,
  type AccountJourneyInput,
  type JourneyView,
} from './journey-api';
import { runInvite } from './invite-step';
import { announceJourney, beginJourney } from './journey-begin';
import { salesHandoffFor } from './journey-handoff';
import { sendToEachFor } from './journey-sends';
import { journeyWaits } from './journey-waits';
import type { SleepUntil } from './invite-step';
import { runReviewLoop } from './review-loop';
import { salesOutcomeSignal, salesTaskStatusSignal } from './sales-api';
import { applyVersionChange, installVersionChange } from './version-change';

export async function accountJourney(input: AccountJourneyInput): Promise<JourneyView> {
  const { workflowId, firstExecutionRunId: chainId } = workflowInfo();
  const run = { workflowId, journeyKey: input.journeyKey, journeyVersion: input.journeyVersion, accountId: input.accountId };
  // A status query can come while the run begins: on a busy worker the first local activity may
  // outlast its workflow task, which the SDK then completes to keep the run alive. It is told so,
  // instead of finding no handler. (Query handlers write nothing to the history.)
  setHandler(statusQuery, () => {
    throw new Error(stillBeginning);
  });
  const begun = await beginJourney(input, run, chainId);
  const { def, account, state } = begun;
  // A published version the journey moved to (journeys publish --running migrate|restart).
  let journeyVersion = input.journeyVersion;
  const ids = { workflowId, journeyKey: input.journeyKey, accountId: input.accountId };
  // Journeys begun before step records existed never start recording midway (README, "Per-step analytics").
  const recordsSteps = input.carried ? input.recordsSteps === true : patched('step-visits');
  const enteredSteps: StepEntry[] = [];
  /**
   * Writes the steps entered since the last write. A local activity: a journey that wakes and
   * waits again is then one workflow task, not two around a queued activity, which halves the
   * server's work per wake-up when thousands of journeys wake together (README, "Per-step analytics").
   */
  const recordEnteredSteps = () => {
    const record = patched('record-steps-locally') ? localActs.recordStepsEntered : acts.recordStepsEntered;
    return record({ entries: enteredSteps.splice(0) });
  };
  /**
   * Every sleep of the journey. A wait step has written its entries already; an email held for quiet
   * hours (or an invite's sleep) writes those of the steps before it, so per-step analytics and the
   * run's step show the journey at the step it is held at, not as a journey that records no steps.
   */
  const sleepUntil: SleepUntil = async (wakeAt, opts) => {
    if (enteredSteps.length > 0 && patched('record-steps-before-any-sleep')) await recordEnteredSteps();
    return waits.sleepUntil(wakeAt, opts);
  };
  const waits = journeyWaits({
    input: { ...input, ...(recordsSteps ? { recordsSteps } : {}), ...(state.countsLateEvents ? { countsLateEvents: true } : {}) },
    state,
    journeyVersion: () => journeyVersion,
    considerHandoff: () => handoff.consider('mqa'),
    reachGoal: (kind) => runner.reachGoal(kind),
  });

  const effects: JourneyEffects = {
    now: () => Date.now(),
    applies: (change) => patched(change),
    startTurn: () => waits.housekeeping(),
    beforeStep: async () => {
      if (state.versionChange !== undefined && patched('version-change')) {
        const moved = await applyVersionChange(state, { def: runner.def, journeyVersion }, ids);
        if (moved) ({ def: runner.def, journeyVersion } = moved);
        return 'again';
      }
      if (state.paused) {
        await condition(() => !state.paused || state.interrupted);
        return 'again';
      }
      if (waits.rollOverDue()) {
        // The next run does not carry the entries this one has not written yet.
        if (enteredSteps.length > 0) await recordEnteredSteps();
        await waits.rollOver();
      }
    },
    sleepUntil,
    enteredStep: async (step, stepPath) => {
      if (!recordsSteps) return;
      enteredSteps.push({ ...ids, journeyVersion, stage: state.position.stage, stepId: step.id, stepType: step.type, stepPath, atMs: Date.now() });
      // Written when the journey is about to wait (or rolls over, or ends): one activity for the
      // steps since the last wait, not one a step (README, "Per-step analytics", says why).
      if (flowOf(step).waits) await recordEnteredSteps();
    },
    sendToAudience: async (step, stepPath) => {
      const place = { workflowId, journeyKey: input.journeyKey, stepPath, atMs: Date.now() };
      // A local activity: one workflow task and one trip through the server fewer for every email step.
      const resolveAudience = patched('resolve-audience-locally') ? localActs.resolveAudience : acts.resolveAudience;
      const contactIds = await resolveAudience({ accountId: input.accountId, step, engagement: state.engagement(Date.now()), place });
      if (contactIds.length === 0) state.note(Date.now(), 'email', `${step.template}: nobody in the audience`);
      // An A/B-tested step hands its test to the send activity, which picks each send's variant.
      const experiment = experimentOf(input.journeyKey, journeyVersion, step);
      return sendToEach(step.template, contactIds, place, { failurePolicy: step, ...(experiment ? { experiment } : {}) });
    },
    notPlanned: (step, stepPath, why) =>
      acts.recordLifecycleNote({ workflowId, journeyKey: input.journeyKey, stepPath, atMs: Date.now(), accountId: input.accountId, type: 'email_not_planned', detail: { template: step.template, reason: 'account_condition', why, condition: step.if } }),
    handOff: (step) => handoff.step(step),
    woke: (stepPath, outcome, event, text) =>
      acts.recordLifecycleNote({ ...run, stepPath, atMs: Date.now(), type: 'lifecycle_woke', contactId: event?.contactId, detail: { woke: outcome, eventId: event?.eventId, text } }),
    invite: (step, stepPath) => runInvite(step, { state, run, stepPath, sendToEach, sleepUntil }),
    createRepTask: async (step, stepPath) => {
      const answer = await acts.createRepTask({ idempotencyKey: `${workflowId}|${stepPath}`, ...ids, stepPath, step, nowMs: Date.now(), policy: runner.def.policy });
      state.note(Date.now(), 'task', answer.kind === 'created' ? `rep task ${answer.taskId} (${step.channel}): ${step.id}` : `rep task ${step.id} (${step.channel}) not created: ${answer.reason}`);
      return answer.kind === 'created' ? { taskId: answer.taskId } : undefined;
    },
    expireRepTask: (taskId) => acts.expireRepTask({ taskId, nowMs: Date.now() }),
    enteredStage: async (from, to, why) => {
      upsertSearchAttributes([{ key: JourneyStage, value: to }]);
      await acts.recordStageChange({ ...ids, from, to, why, atMs: Date.now() });
    },
    ended: (status, reason, goal) =>
      acts.recordJourneyEnd({ workflowId, chainId, status, reason, atMs: Date.now(), ...(goal ? { goal } : {}), ...(enteredSteps.length > 0 ? { entered: enteredSteps.splice(0) } : {}) }),
    // The workflow logger writes nothing while a history replays, so a replay never repeats it.
    warn: (message) => log.warn(message, ids),
  };
  const runner = new JourneyRunner(def, state, account, effects, input.entry);
  const handoff = salesHandoffFor(runner, ids);
  const sendToEach = sendToEachFor({ state, run: ids, def: () => runner.def, housekeeping: waits.housekeeping, sleepUntil });

  const view = (): JourneyView => ({
    journeyKey: input.journeyKey,
    journeyVersion,
    accountId: input.accountId,
    status: state.ended ? state.status : state.paused ? 'paused' : 'running',
    stage: state.position.stage,
    step: state.currentStep,
    nextWakeAtMs: waits.nextWakeAtMs(),
    engagement: state.engagement(Date.now()),
    timeline: state.timeline,
    exitReason: state.exitReason,
  });



  setHandler(statusQuery, view);
  setHandler(engagementSignal, (event) => {
    if (state.ended || !runner.hear(event)) return;
    const tag = event.tag === undefined ? '' : ` (${event.tag})`;
    state.note(event.atMs, 'event', `${event.type}${tag}${event.contactId ? ` by contact ${event.contactId}` : ''}`);
    upsertSearchAttributes([{ key: EngagementScore, value: state.engagement(Date.now()).score }]);
    if (event.type === 'unsubscribed' || event.type === 'bounced') state.goalCheckDue = true;
    // Asked of the definition in force: a version change may add or drop the sales section.
    if (handsOffToSales(runner.def)) state.handoffCheckDue = true;
  });
  setHandler(salesOutcomeSignal, (outcome) => {
    if (state.ended) return;
    // A journey that joined another journey's task may hear a change twice (in the answer that let
    // it join, and from the task): it reacts once. Before this change no journey heard one twice.
    if (!state.hearTask(outcome.taskId, outcome.outcome) && patched('every-waiting-journey-told')) return;
    state.note(Date.now(), 'journey', `sales ${outcome.outcome} task ${outcome.taskId}${outcome.reason ? `: ${outcome.reason}` : ''}`);
    upsertSearchAttributes([{ key: TaskStatus, value: outcome.outcome }]);
    runner.reactToSales(outcome, handoff.defaults()?.cooldownMs);
  });
  // Sent only by task workflows that tell every waiting journey (patched there), so no history
  // from before holds this signal: it needs no patch here. Only tasks this journey waits on send
  // it, so it is mirrored even when this run does not know the task yet (a run after a roll-over,
  // or a signal that overtook the answer that let the journey join).
  setHandler(salesTaskStatusSignal, ({ taskId, status }) => {
    if (state.ended || !state.hearTask(taskId, status)) return;
    state.note(Date.now(), 'journey', status === 'created' ? `sales task ${taskId} handed to its owner after waiting for their capacity` : `sales task ${taskId} is ${status}`);
    upsertSearchAttributes([{ key: TaskStatus, value: status }]);
  });
  // A new signal for a new step kind: no history from before holds it, so it needs no patch.
  setHandler(repTaskClosedSignal, ({ taskId, status }) => {
    if (state.ended || state.repTaskEnds[taskId] !== undefined) return;
    state.repTaskEnds[taskId] = status;
  });
  setHandler(contactChangedSignal, (change) => {
    // A redelivery from the outbox changes nothing. No patch needed: histories from before the
    // outbox carry no eventId, so they take the same path as before and replay unchanged.
    if (change.eventId !== undefined && !state.firstSighting(change.eventId)) return;
    state.note(Date.now(), 'event', `contact ${change.contactId} ${change.change}${change.consent ? `: ${change.consent}` : ''}`);
    state.goalCheckDue = true;
  });
  // A new signal: no history from before holds it, so it needs no patch.
  setHandler(accountChangedSignal, (change) => {
    if (state.ended || !state.firstSighting(change.eventId)) return;
    state.note(Date.now(), 'journey', `the account is ${change.poolStatus} now`);
    state.goalCheckDue = true;
  });
  // A new signal: no history from before holds it, so it needs no patch. A redelivery only wakes an
  // invite step to read the event's time again, which changes nothing when it did not move.
  setHandler(programmeEventMovedSignal, ({ eventKey }) => {
    state.programmeEventMoves[eventKey] = (state.programmeEventMoves[eventKey] ?? 0) + 1;
  });
  setHandler(pauseSignal, (p) => {
    state.paused = true;
    state.note(Date.now(), 'journey', `paused${p?.reason ? `: ${p.reason}` : ''}`);
  });
  setHandler(resumeSignal, () => {
    const wasPaused = state.paused;
    state.paused = false;
    state.note(Date.now(), 'journey', 'resumed');
    // What the journey heard while paused may have qualified the account: housekeeping held that check.
    if (wasPaused && handsOffToSales(runner.def) && patched('no-handoff-while-paused')) state.handoffCheckDue = true;
  });
  setHandler(stopSignal, ({ reason }) => {
    state.stopReason = reason;
  });
  setHandler(
    moveToStageUpdate,
    ({ stage, reason }) => {
      const from = state.position.stage;
      state.pendingMove = { kind: 'goto', stage, why: `moved by an operator${reason ? `: ${reason}` : ''}` };
      return { from, to: stage };
    },
    {
      validator: ({ stage }) => {
        if (state.ended) throw new Error(`the journey has already ended (${state.status})`);
        if (!runner.def.stages.some((s) => s.key === stage)) {
          throw new Error(`unknown stage "${stage}": expected one of ${runner.def.stages.map((s) => s.key).join(', ')}`);
        }
      },
    },
  );
  setHandler(
    skipWaitUpdate,
    () => {
      state.skipWaitRequested = true;
      return { skipped: state.currentStep!.id };
    },
    {
      validator: () => {
        // A skipped wait_for leaves by its timeout exit.
        const step = state.currentStep;
        if (step?.type !== 'wait' && step?.type !== 'wait_for') {
          throw new Error(`the journey is not in a wait step (it is at ${step?.id ?? 'no step'})`);
        }
        // Only a running timer can be skipped: a request a moment early or late would skip the next wait instead.
        if (waits.nextWakeAtMs() === null) {
          throw new Error(`the journey is entering or leaving wait step ${step.id}, not waiting in it yet or any more: look at its status and try again in a moment`);
        }
      },
    },
  );

  installVersionChange(state, () => ({ def: runner.def, journeyVersion }));
  await announceJourney(input, begun, run, chainId);

  // Account reviews on the tier's cadence run alongside the steps (workflows/review-loop.ts).
  if (patched('review-loop')) {
    void runReviewLoop({
      state,
      accountId: input.accountId,
      journeyKey: input.journeyKey,
      waiting: () => state.currentStep?.type === 'wait' && waits.nextWakeAtMs() !== null,
      tierChanged: (tier) => (runner.account = { ...runner.account, tier }),
    });
  }

  await runner.run();
  const reviewWorkCounts = patched('review-work-settled');
  await condition(() => waits.closable(reviewWorkCounts));
  return view();
}
