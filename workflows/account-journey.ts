// One durable journey per (journey, account). Orchestration only: where to go next is decided by
// the pure engine in domain/journey, every side effect happens in an activity, and the input and
// history carry IDs, never personal data.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { conditionBy } from './condition-by';
import { acts, localActs, sender } from './activity-proxies';
import type { AccountSnapshot } from '../activities/journey-runs';
import type { EngagementEvent } from '../domain/engagement/score';
import type { Condition, EmailStep, HandoffStep, JourneyDefinition, Step, WaitStep } from '../domain/journey/definition';
import type { WaitForOutcome } from '../domain/journey/engine';
import { parseDuration } from '../domain/journey/duration';
import { advance, evaluateCondition, matchGoal, matchTrigger, positionOf, stepAt, waitUntilMs, type Position, type TriggerOutcome } from '../domain/journey/engine';
import { accountConditionWhy, handsOffToSales, interruptionText, moveFor, sendCallsForGoalCheck, stepPathOf, transitionWhy, triggerWhy } from '../domain/journey/run-rules';
import { AccountId, AccountTier, EngagementScore, JourneyName, JourneyStage, TaskStatus } from '../temporal/search-attributes';
import {
  contactChangedSignal,
  engagementSignal,
  moveToStageUpdate,
  pauseSignal,
  resumeSignal,
  skipWaitUpdate,
  statusQuery,
  stopSignal,
  type AccountJourneyInput,
  type JourneyView,
} from './journey-api';
import { runInvite, type SendToEach, type SleepUntil } from './invite-step';
import { JourneyState } from './journey-state';
import type { InviteOutcome } from '../domain/events/vocabulary';
import { runReviewLoop } from './review-loop';
import { acceptedBy } from '../domain/sales/status-news';
import { isOpen, type TaskStatus as SalesTaskStatus } from '../domain/sales/vocabulary';
import { salesOutcomeSignal, salesTaskStatusSignal, type SalesOutcomeSignal } from './sales-api';
import { activitiesFor, underFailurePolicy } from './step-failure';
import { applyVersionChange, installVersionChange } from './version-change';
import { runWaitFor } from './wait-for';

const defaultHistoryLimit = 10_000;

export async function accountJourney(input: AccountJourneyInput): Promise<JourneyView> {
  const { workflowId, firstExecutionRunId: chainId } = workflowInfo();
  const run = { workflowId, journeyKey: input.journeyKey, journeyVersion: input.journeyVersion, accountId: input.accountId };
  // One activity reaches the first step (definition, account, engagement, the start recorded);
  // journeys begun before it replay their four activities and their upserts.
  const inOneActivity = patched('begin-in-one-activity');
  let def: JourneyDefinition;
  let account: AccountSnapshot;
  let history: EngagementEvent[] = [];
  if (inOneActivity) {
    // A local activity: the journey reaches its first step in its first workflow task, as a bare
    // workflow would; journeys begun before this change replay the activity they ran.
    const begin = patched('begin-locally') ? localActs.beginJourney : acts.beginJourney;
    ({ definition: def, account, history } = await begin({ ...run, chainId, continued: Boolean(input.carried), nowMs: Date.now(), ...(input.entry ? { entry: input.entry } : {}) }));
  } else {
    def = await acts.loadJourneyDefinition({ key: input.journeyKey, version: input.journeyVersion });
    account = await acts.loadAccountSnapshot(input.accountId);
  }
  const state = new JourneyState(def, Date.now(), input.carried);
  if (inOneActivity) {
    for (const event of history) state.addEvent(event);
  } else if (!input.carried && patched('engagement-from-history')) {
    // Journeys launched before this change started with no engagement; they carry on as they were.
    for (const event of await acts.loadEngagementHistory({ accountId: input.accountId, untilMs: Date.now() })) state.addEvent(event);
  }
  let recordedPaused = state.paused;
  let nextWakeAtMs: number | null = null;
  // A published version the journey moved to (journeys publish --running migrate|restart).
  let journeyVersion = input.journeyVersion;
  // A re-entered journey numbers its steps apart from earlier entries, so its emails are new sends.
  const nextStepPath = (stepId: string) => stepPathOf(state.position.stage, stepId, state.nextVisit(stepId), input.entry);

  const view = (): JourneyView => ({
    journeyKey: input.journeyKey,
    journeyVersion,
    accountId: input.accountId,
    status: state.ended ? state.status : state.paused ? 'paused' : 'running',
    stage: state.position.stage,
    step: state.currentStep,
    nextWakeAtMs,
    engagement: state.engagement(Date.now()),
    timeline: state.timeline,
    exitReason: state.exitReason,
  });

  const follow = (outcome: TriggerOutcome, why: string) => {
    state.pendingMove = moveFor(outcome, why) ?? state.pendingMove;
  };

  // Asked of the definition in force: a version change may add or drop the sales section.
  const handsOff = () => handsOffToSales(def);
  let salesDefaults: { mqa: Condition; cooldownMs: number } | undefined;

  /** Where a sales outcome takes the journey: the journey file decides (see its `sales` section). */
  const reactToSales = (outcome: SalesOutcomeSignal) => {
    if (outcome.outcome === 'accepted') {
      const onAccepted = def.sales?.onAccepted;
      if (onAccepted && 'goto' in onAccepted) follow({ kind: 'goto', stage: onAccepted.goto }, 'sales accepted');
      else follow(onAccepted ? { kind: 'exit', reason: onAccepted.exit } : (matchGoal(def, 'handoff_accepted') ?? { kind: 'exit', reason: 'handoff_accepted' }), 'sales accepted');
    } else if (outcome.outcome === 'rejected') {
      state.salesTaskId = undefined;
      state.handoffBlockedUntilMs = Date.now() + (parseDuration(def.sales?.cooldown ?? '') ?? salesDefaults?.cooldownMs ?? 0);
      const back = def.sales?.onRejected?.goto;
      if (back && back !== state.position.stage) follow({ kind: 'goto', stage: back }, `sales rejected: ${outcome.reason ?? 'no reason'}`);
    } else if (outcome.outcome === 'won') {
      state.salesTaskId = undefined;
      const lifecycle = outcome.lifecycle ?? 'expand';
      const has = (key: string) => def.stages.some((s) => s.key === key);
      // The cadence follows the purchase pattern: a stage such as `expand-periodic` wins over `expand`.
      // Only a journey with such a stage asks the patch, so others replay as they ran.
      const byPattern = `${lifecycle}-${outcome.purchasePattern ?? 'unknown'}`;
      const stage = has(byPattern) && patched('won-stage-by-purchase-pattern') ? byPattern : lifecycle;
      follow(has(stage) ? { kind: 'goto', stage } : { kind: 'exit', reason: 'won' }, 'sales won the account');
    } else if (outcome.outcome === 'lost') {
      state.salesTaskId = undefined;
    }
  };

  setHandler(statusQuery, view);
  setHandler(engagementSignal, (event) => {
    if (state.ended || !state.addEvent(event)) return;
    const tag = event.tag === undefined ? '' : ` (${event.tag})`;
    state.note(event.atMs, 'event', `${event.type}${tag}${event.contactId ? ` by contact ${event.contactId}` : ''}`);
    upsertSearchAttributes([{ key: EngagementScore, value: state.engagement(Date.now()).score }]);
    if (event.type === 'unsubscribed' || event.type === 'bounced') state.goalCheckDue = true;
    follow(matchTrigger(def, event, state.position.stage), triggerWhy(event));
    if (handsOff()) state.handoffCheckDue = true;
  });
  setHandler(salesOutcomeSignal, (outcome) => {
    if (state.ended) return;
    // A journey that joined another journey's task may hear a change twice (in the answer that let
    // it join, and from the task): it reacts once. Before this change no journey heard one twice.
    if (!state.hearTask(outcome.taskId, outcome.outcome) && patched('every-waiting-journey-told')) return;
    state.note(Date.now(), 'journey', `sales ${outcome.outcome} task ${outcome.taskId}${outcome.reason ? `: ${outcome.reason}` : ''}`);
    upsertSearchAttributes([{ key: TaskStatus, value: outcome.outcome }]);
    reactToSales(outcome);
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
  setHandler(contactChangedSignal, (change) => {
    // A redelivery from the outbox changes nothing. No patch needed: histories from before the
    // outbox carry no eventId, so they take the same path as before and replay unchanged.
    if (change.eventId !== undefined && !state.firstSighting(change.eventId)) return;
    state.note(Date.now(), 'event', `contact ${change.contactId} ${change.change}${change.consent ? `: ${change.consent}` : ''}`);
    state.goalCheckDue = true;
  });
  setHandler(pauseSignal, (p) => {
    state.paused = true;
    state.note(Date.now(), 'journey', `paused${p?.reason ? `: ${p.reason}` : ''}`);
  });
  setHandler(resumeSignal, () => {
    state.paused = false;
    state.note(Date.now(), 'journey', 'resumed');
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
        if (!def.stages.some((s) => s.key === stage)) {
          throw new Error(`unknown stage "${stage}": expected one of ${def.stages.map((s) => s.key).join(', ')}`);
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
        if ((state.currentStep?.type !== 'wait' && state.currentStep?.type !== 'wait_for') || nextWakeAtMs === null) {
          throw new Error(`the journey is not in a wait step (it is at ${state.currentStep?.id ?? 'no step'})`);
        }
      },
    },
  );

  installVersionChange(state, () => ({ def, journeyVersion }));

  const score = state.engagement(Date.now()).score;
  const { typedSearchAttributes: preset, memo } = workflowInfo();
  if (inOneActivity && preset.get(JourneyName) !== undefined && memo?.accountName !== undefined) {
    // The launcher set them at start (client/launch.ts); only a score from history is news.
    if (preset.get(EngagementScore) !== score) upsertSearchAttributes([{ key: EngagementScore, value: score }]);
  } else {
    upsertMemo({ accountName: account.displayName, journeyVersion: input.journeyVersion });
    upsertSearchAttributes([
      { key: AccountId, value: input.accountId },
      { key: AccountTier, value: account.tier === null ? 'none' : String(account.tier) },
      { key: JourneyName, value: input.journeyKey },
      { key: JourneyStage, value: state.position.stage },
      { key: EngagementScore, value: score },
    ]);
  }
  if (!input.carried) {
    if (!inOneActivity) await acts.recordJourneyStart({ ...run, chainId, stage: state.position.stage, atMs: Date.now() });
    state.note(Date.now(), 'journey', `started version ${input.journeyVersion} in stage ${state.position.stage}`);
  }

  // Account reviews on the tier's cadence run alongside the steps (workflows/review-loop.ts).
  if (patched('review-loop')) {
    void runReviewLoop({
      state,
      accountId: input.accountId,
      journeyKey: input.journeyKey,
      waiting: () => state.currentStep?.type === 'wait' && nextWakeAtMs !== null,
      tierChanged: (tier) => (account = { ...account, tier }),
    });
  }

  const rollOverDue = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? defaultHistoryLimit);
  };
  /**
   * Whether this run may close: no handler running, and no review work in flight, whose result (an
   * activity's, a rule review's completion) would otherwise arrive for a closed run. The time-skipping
   * test server keeps such work's time lock for good (README, "Why the test clock once stopped").
   */
  const closable = (reviewWorkCounts: boolean) => allHandlersFinished() && (!reviewWorkCounts || state.reviewWork === 0);
  const rollOver = async (waitUntil?: number): Promise<never> => {
    const reviewWorkCounts = patched('review-work-settled');
    await condition(() => closable(reviewWorkCounts) && !state.reviewing);
    return continueAsNew<typeof accountJourney>({ ...input, journeyVersion, carried: state.carry(waitUntil) });
  };

  /**
   * Hands the account to sales when the MQA rule holds (`always`: a handoff step that needs no
   * rule). The activity creates at most one open task per account; this journey starts the task's
   * workflow when the task is its own, and abandons it on close so it outlives the journey run.
   */
  const considerHandoff = async (trigger: 'mqa' | 'step', always = false, request = acts.requestHandoff) => {
    const now = Date.now();
    if (state.salesTaskId !== undefined || now < state.handoffBlockedUntilMs) return;
    salesDefaults ??= await acts.loadSalesDefaults();
    const rule = def.sales?.mqa ?? salesDefaults.mqa;
    if (!always && !evaluateCondition(rule, state.facts(now, account.tier))) return;
    const engagement = state.engagement(now);
    const answer = await request({
      accountId: input.accountId,
      journeyWorkflowId: workflowId,
      journeyKey: input.journeyKey,
      trigger,
      nowMs: now,
      cooldownMs: parseDuration(def.sales?.cooldown ?? '') ?? undefined,
      engagement: { score: engagement.score, byRole: engagement.byRole as Record<string, number> },
    });
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
    if (news && acceptedBy(status)) reactToSales({ version: 1, taskId, outcome: 'accepted' });
  };

  /** Goal checks and status mirroring that a signal asked for; may queue an exit. */
  const housekeeping = async () => {
    if (state.handoffCheckDue) {
      state.handoffCheckDue = false;
      if (patched('sales-handoff')) await considerHandoff('mqa');
    }
    if (state.goalCheckDue) {
      state.goalCheckDue = false;
      const goals = await acts.checkGoals({ accountId: input.accountId });
      if (goals.accountRetired) follow(matchGoal(def, 'account_retired'), 'goal');
      else if (goals.allContactsUnsubscribed) follow(matchGoal(def, 'all_contacts_unsubscribed'), 'goal');
    }
    if (state.paused !== recordedPaused) {
      recordedPaused = state.paused;
      await acts.recordJourneyProgress({ workflowId, status: state.paused ? 'paused' : 'running', atMs: Date.now() });
    }
  };

  /**
   * Sleeps until a moment, waking for whatever needs the journey's attention meanwhile; `until` ends
   * the sleep early once it holds (a wait_for step's event, an invite step's attendance import).
   * Waits (`rollOver`, or `until`) are safe points for a version change.
   */
  const sleepUntil: SleepUntil = async (wakeAt, opts) => {
    const safePoint = opts.rollOver || opts.until !== undefined;
    for (;;) {
      if (opts.until?.()) return 'awaited';
      const remaining = wakeAt - Date.now();
      if (remaining <= 0 || opts.until?.()) return 'elapsed';
      nextWakeAtMs = wakeAt;
      const woke = await conditionBy(
        () =>
          state.interrupted ||
          state.paused !== recordedPaused ||
          (opts.rollOver && rollOverDue()) ||
          (opts.until?.() ?? false) ||
          (safePoint && state.versionChange !== undefined),
        wakeAt,
      );
      nextWakeAtMs = null;
      if (!woke) return 'elapsed';
      if (opts.until?.()) return 'awaited';
      if (safePoint && state.versionChange !== undefined) {
        // The wait resumes with the same deadline if the new version has the same step.
        state.waitUntilMs = wakeAt;
        return 'interrupted';
      }
      if (state.skipWaitRequested) {
        state.skipWaitRequested = false;
        state.note(Date.now(), 'wait', 'wait skipped by an operator');
        return 'skipped';
      }
      await housekeeping();
      if (state.stopReason !== undefined || state.pendingMove) return 'interrupted';
      if (opts.rollOver && rollOverDue()) await rollOver(wakeAt);
    }
  };

  /** Moves to a position; entering another stage is recorded. Looping within a stage is not re-entering it. */
  const moveTo = async (position: Position, why: string) => {
    const from = state.position.stage;
    state.position = position;
    if (position.stage === from) return;
    state.stageEnteredAtMs = Date.now();
    state.note(Date.now(), 'stage', `${from} → ${position.stage} (${why})`);
    upsertSearchAttributes([{ key: JourneyStage, value: position.stage }]);
    await acts.recordStageChange({
      workflowId,
      journeyKey: input.journeyKey,
      accountId: input.accountId,
      from,
      to: position.stage,
      why,
      atMs: Date.now(),
    });
  };

  const finish = async (status: 'completed' | 'stopped', reason: string) => {
    state.status = status;
    state.exitReason = reason;
    state.currentStep = null;
    state.note(Date.now(), 'journey', `${status}: ${reason}`);
    await acts.recordJourneyEnd({ workflowId, chainId, status, reason, atMs: Date.now() });
  };

  const runWait = async (step: WaitStep) => {
    const wakeAt = state.waitUntilMs ?? waitUntilMs(step, Date.now(), account.timezone);
    state.waitUntilMs = undefined;
    state.note(Date.now(), 'wait', `waiting until ${new Date(wakeAt).toISOString()}`);
    return (await sleepUntil(wakeAt, { rollOver: true })) === 'interrupted' ? 'interrupted' : 'done';
  };

  /**
   * Sends a template to each contact in turn, holding for quiet hours and pauses; a stop or a move
   * abandons the rest. `failurePolicy`: the email step whose retries / skip_on_failure apply.
   */
  const sendToEach: SendToEach = async (template, contactIds, place, extra = {}) => {
    const { stepPath } = place;
    const policyStep = extra.failurePolicy;
    const limited = policyStep && activitiesFor(policyStep);
    /** Gives up the rest of the step, and (new journeys) says on the timeline who did not get the email and why. */
    const abandon = async (from: number, heldContactId?: string): Promise<'interrupted'> => {
      if (patched('explain-interrupted-sends')) {
        await acts.recordUnsentEmails({
          ...place,
          accountId: input.accountId,
          template,
          heldContactId,
          unreachedContactIds: contactIds.slice(from),
          why: interruptionText(state),
          atMs: Date.now(),
        });
      }
      return 'interrupted';
    };
    for (const [index, contactId] of contactIds.entries()) {
      for (;;) {
        if (state.paused && patched('hold-sends-while-paused')) {
          // A pause holds every send, including one that was waiting for quiet hours to end.
          await housekeeping();
          await condition(() => !state.paused || state.stopReason !== undefined || state.pendingMove !== undefined);
          if (state.stopReason !== undefined || state.pendingMove) return abandon(index);
          continue;
        }
        const request = {
          idempotencyKey: `${workflowId}|${stepPath}|${contactId}`,
          workflowId,
          journeyKey: input.journeyKey,
          accountId: input.accountId,
          contactId,
          templateKey: template,
          stage: state.position.stage,
          stepPath,
          nowMs: Date.now(),
          policy: def.policy,
          ...(extra.invite ? { invite: extra.invite } : {}),
        };
        let result;
        if (policyStep && limited && patched('step-failure-policy')) {
          const attempt = await underFailurePolicy(() => limited.sendEmail(request), {
            state,
            stepId: policyStep.id,
            policy: policyStep,
            record: { workflowId, journeyKey: input.journeyKey, accountId: input.accountId, stepPath, send: { idempotencyKey: request.idempotencyKey, contactId, template } },
          });
          if (!attempt.ok) {
            if (attempt.outcome.kind === 'skip') break;
            state.stopReason = attempt.outcome.reason;
            return abandon(index + 1);
          }
          result = attempt.value;
        } else {
          result = await sender.sendEmail(request);
        }
        // Both can end the journey: nobody left to reach, or the account left the pool.
        if (sendCallsForGoalCheck(result)) state.goalCheckDue = true;
        if (result.status !== 'deferred') {
          const why = result.status === 'skipped' || result.status === 'failed' ? ` (${result.reason})` : '';
          state.note(Date.now(), 'email', `${template} to contact ${contactId}: ${result.status}${why}`);
          if (result.status === 'sent' || result.status === 'unconfirmed') await extra.afterSend?.(contactId, request.idempotencyKey);
          break;
        }
        state.note(Date.now(), 'email', `${template} to contact ${contactId}: held for ${result.reason} until ${new Date(result.untilMs).toISOString()}`);
        // Quiet hours defer the email rather than drop it; a stop or a move abandons the rest of the step.
        if ((await sleepUntil(result.untilMs, { rollOver: false })) === 'interrupted') return abandon(index, contactId);
      }
    }
    return 'done';
  };

  const runHandoff = async (step: HandoffStep): Promise<'done' | 'interrupted'> => {
    const limited = activitiesFor(step);
    if (!limited || !patched('step-failure-policy')) {
      await considerHandoff('step', step.always === true);
      return 'done';
    }
    const attempt = await underFailurePolicy(() => considerHandoff('step', step.always === true, limited.requestHandoff), {
      state,
      stepId: step.id,
      policy: step,
      record: { workflowId, journeyKey: input.journeyKey, accountId: input.accountId, stepPath: nextStepPath(step.id) },
    });
    if (attempt.ok || attempt.outcome.kind === 'skip') return 'done';
    state.stopReason = attempt.outcome.reason;
    return 'interrupted';
  };

  /** How the last wait_for step ended, for advance() to take its exit. */
  let woke: WaitForOutcome | undefined;

  const runEmail = async (step: EmailStep) => {
    const stepPath = nextStepPath(step.id);
    const place = { workflowId, journeyKey: input.journeyKey, stepPath, atMs: Date.now() };
    if (step.if !== undefined && patched('email-account-condition') && !evaluateCondition(step.if, state.facts(Date.now(), account.tier))) {
      const why = accountConditionWhy;
      state.note(Date.now(), 'email', `${step.template}: not planned, ${why}`);
      await acts.recordLifecycleNote({ ...place, accountId: input.accountId, type: 'email_not_planned', detail: { template: step.template, reason: 'account_condition', why, condition: step.if } });
      return 'done';
    }
    // A local activity: one workflow task and one trip through the server fewer for every email step.
    const resolveAudience = patched('resolve-audience-locally') ? localActs.resolveAudience : acts.resolveAudience;
    const contactIds = await resolveAudience({ accountId: input.accountId, step, engagement: state.engagement(Date.now()), place });
    if (contactIds.length === 0) state.note(Date.now(), 'email', `${step.template}: nobody in the audience`);
    return sendToEach(step.template, contactIds, place, { failurePolicy: step });
  };

  /** The account's answer to the invite step just carried out, for advance() to follow. */
  let inviteOutcome: InviteOutcome | undefined;

  const perform = async (step: Step): Promise<'done' | 'interrupted'> => {
    woke = undefined;
    if (step.type === 'wait') return runWait(step);
    if (step.type === 'email') return runEmail(step);
    if (step.type === 'handoff') {
      return patched('sales-handoff') ? runHandoff(step) : 'done';
    }
    if (step.type === 'wait_for' && patched('wait-for-step')) {
      const outcome = await runWaitFor(step, { state, run, stepPath: nextStepPath(step.id), sleep: (wakeAt, until) => sleepUntil(wakeAt, { rollOver: false, until }) });
      if (outcome === 'interrupted') return 'interrupted';
      woke = outcome;
    }
    // No patch: journeys published before invite steps existed never reach this line.
    if (step.type === 'invite') {
      const done = await runInvite(step, { state, run, stepPath: nextStepPath(step.id), sendToEach, sleepUntil });
      if (done === 'interrupted') return done;
      inviteOutcome = done.outcome;
      return 'done';
    }
    return 'done'; // branch, goto and exit are decided by advance()
  };

  while (!state.ended) {
    await housekeeping();
    if (state.stopReason !== undefined) {
      await finish('stopped', state.stopReason);
      break;
    }
    const move = state.pendingMove;
    if (move) {
      state.pendingMove = undefined;
      if (move.kind === 'exit') {
        await finish('completed', move.reason);
        break;
      }
      const target = positionOf(def, { stage: move.stage });
      if (target) await moveTo(target, move.why);
      else await finish('completed', `unknown_target:${move.stage}`);
      continue;
    }
    if (state.versionChange !== undefined && patched('version-change')) {
      const moved = await applyVersionChange(state, { def, journeyVersion }, { workflowId, journeyKey: input.journeyKey, accountId: input.accountId });
      if (moved) ({ def, journeyVersion } = moved);
      continue;
    }
    if (state.paused) {
      await condition(() => !state.paused || state.interrupted);
      continue;
    }
    if (rollOverDue()) await rollOver();

    const step = stepAt(def, state.position);
    if (!step) {
      await finish('completed', 'journey_complete');
      break;
    }
    state.currentStep = { id: step.id, type: step.type };
    if ((await perform(step)) === 'interrupted') continue;

    const transition = advance(def, state.position, { ...state.facts(Date.now(), account.tier), inviteOutcome }, woke);
    inviteOutcome = undefined;
    if (transition.kind === 'completed') await finish('completed', 'journey_complete');
    else if (transition.kind === 'exit') await finish('completed', transition.reason);
    else {
      const why = transitionWhy(step, transition.position.stage !== state.position.stage);
      if (step.type === 'branch') state.note(Date.now(), 'branch', `${step.id} → ${transition.position.stage}/${stepAt(def, transition.position)?.id}`);
      await moveTo(transition.position, why);
    }
  }

  const reviewWorkCounts = patched('review-work-settled');
  await condition(() => closable(reviewWorkCounts));
  return view();
}
