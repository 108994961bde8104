// One durable journey per (journey, account). Orchestration only: where to go next is decided by
// the pure engine in domain/journey, every side effect happens in an activity, and the input and
// history carry IDs, never personal data.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AccountSnapshot } from '../activities/journey-runs';
import type { EngagementEvent } from '../domain/engagement/score';
import type { EmailStep, JourneyDefinition, Step, WaitStep } from '../domain/journey/definition';
import { advance, matchGoal, matchTrigger, positionOf, stepAt, waitUntilMs, type Position, type TriggerOutcome } from '../domain/journey/engine';
import { AccountId, AccountTier, EngagementScore, JourneyName, JourneyStage } from '../temporal/search-attributes';
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
import { JourneyState } from './journey-state';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

// Sends wait inside the activity while the mail relay is down (heartbeating), up to a few minutes
// an attempt; the heartbeat timeout finds a worker that died meanwhile. Retries come quickly so a
// send resumes soon after a restart.
const sender = proxyActivities<Pick<Activities, 'sendEmail'>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

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
    ({ definition: def, account, history } = await acts.beginJourney({ ...run, chainId, continued: Boolean(input.carried), nowMs: Date.now() }));
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

  const view = (): JourneyView => ({
    journeyKey: input.journeyKey,
    journeyVersion: input.journeyVersion,
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
    if (outcome?.kind === 'goto') state.pendingMove = { kind: 'goto', stage: outcome.stage, why };
    if (outcome?.kind === 'exit') state.pendingMove = { kind: 'exit', reason: outcome.reason };
  };

  setHandler(statusQuery, view);
  setHandler(engagementSignal, (event) => {
    if (state.ended || !state.addEvent(event)) return;
    const tag = event.tag === undefined ? '' : ` (${event.tag})`;
    state.note(event.atMs, 'event', `${event.type}${tag}${event.contactId ? ` by contact ${event.contactId}` : ''}`);
    upsertSearchAttributes([{ key: EngagementScore, value: state.engagement(Date.now()).score }]);
    if (event.type === 'unsubscribed' || event.type === 'bounced') state.goalCheckDue = true;
    follow(matchTrigger(def, event, state.position.stage), `trigger: ${event.type}${tag}`);
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
        if (state.currentStep?.type !== 'wait' || nextWakeAtMs === null) {
          throw new Error(`the journey is not in a wait step (it is at ${state.currentStep?.id ?? 'no step'})`);
        }
      },
    },
  );

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
    if (!inOneActivity) await acts.recordJourneyStart({ ...run, chainId, stage: state.position.stage });
    state.note(Date.now(), 'journey', `started version ${input.journeyVersion} in stage ${state.position.stage}`);
  }

  const rollOverDue = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? defaultHistoryLimit);
  };
  const rollOver = async (waitUntil?: number): Promise<never> => {
    await condition(allHandlersFinished);
    return continueAsNew<typeof accountJourney>({ ...input, carried: state.carry(waitUntil) });
  };

  /** Goal checks and status mirroring that a signal asked for; may queue an exit. */
  const housekeeping = async () => {
    if (state.goalCheckDue) {
      state.goalCheckDue = false;
      const goals = await acts.checkGoals({ accountId: input.accountId });
      if (goals.accountRetired) follow(matchGoal(def, 'account_retired'), 'goal');
      else if (goals.allContactsUnsubscribed) follow(matchGoal(def, 'all_contacts_unsubscribed'), 'goal');
    }
    if (state.paused !== recordedPaused) {
      recordedPaused = state.paused;
      await acts.recordJourneyProgress({ workflowId, status: state.paused ? 'paused' : 'running' });
    }
  };

  /** Sleeps until a moment, waking for whatever needs the journey's attention meanwhile. */
  const sleepUntil = async (wakeAt: number, opts: { rollOver: boolean }): Promise<'elapsed' | 'skipped' | 'interrupted'> => {
    for (;;) {
      const remaining = wakeAt - Date.now();
      if (remaining <= 0) return 'elapsed';
      nextWakeAtMs = wakeAt;
      const woke = await condition(
        () => state.interrupted || state.paused !== recordedPaused || (opts.rollOver && rollOverDue()),
        remaining,
      );
      nextWakeAtMs = null;
      if (!woke) return 'elapsed';
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
    await acts.recordJourneyEnd({ workflowId, chainId, status, reason });
  };

  const runWait = async (step: WaitStep) => {
    const wakeAt = state.waitUntilMs ?? waitUntilMs(step, Date.now(), account.timezone);
    state.waitUntilMs = undefined;
    state.note(Date.now(), 'wait', `waiting until ${new Date(wakeAt).toISOString()}`);
    return (await sleepUntil(wakeAt, { rollOver: true })) === 'interrupted' ? 'interrupted' : 'done';
  };

  const runEmail = async (step: EmailStep) => {
    const stepPath = `${state.position.stage}/${step.id}#${state.nextVisit(step.id)}`;
    const contactIds = await acts.resolveAudience({ accountId: input.accountId, step, engagement: state.engagement(Date.now()) });
    if (contactIds.length === 0) state.note(Date.now(), 'email', `${step.template}: nobody in the audience`);
    for (const contactId of contactIds) {
      for (;;) {
        if (state.paused && patched('hold-sends-while-paused')) {
          // A pause holds every send, including one that was waiting for quiet hours to end.
          await housekeeping();
          await condition(() => !state.paused || state.stopReason !== undefined || state.pendingMove !== undefined);
          if (state.stopReason !== undefined || state.pendingMove) return 'interrupted';
          continue;
        }
        const result = await sender.sendEmail({
          idempotencyKey: `${workflowId}|${stepPath}|${contactId}`,
          workflowId,
          journeyKey: input.journeyKey,
          accountId: input.accountId,
          contactId,
          templateKey: step.template,
          stage: state.position.stage,
          stepPath,
          nowMs: Date.now(),
          policy: def.policy,
        });
        // Both can end the journey: nobody left to reach, or the account left the pool.
        if (result.status === 'bounced' || (result.status === 'skipped' && result.reason.startsWith('account:'))) state.goalCheckDue = true;
        if (result.status !== 'deferred') {
          const why = result.status === 'skipped' || result.status === 'failed' ? ` (${result.reason})` : '';
          state.note(Date.now(), 'email', `${step.template} to contact ${contactId}: ${result.status}${why}`);
          break;
        }
        state.note(Date.now(), 'email', `${step.template} to contact ${contactId}: held for ${result.reason} until ${new Date(result.untilMs).toISOString()}`);
        // Quiet hours defer the email rather than drop it; a stop or a move abandons the rest of the step.
        if ((await sleepUntil(result.untilMs, { rollOver: false })) === 'interrupted') return 'interrupted';
      }
    }
    return 'done';
  };

  const perform = async (step: Step): Promise<'done' | 'interrupted'> => {
    if (step.type === 'wait') return runWait(step);
    if (step.type === 'email') return runEmail(step);
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

    const transition = advance(def, state.position, state.facts(Date.now(), account.tier));
    if (transition.kind === 'completed') await finish('completed', 'journey_complete');
    else if (transition.kind === 'exit') await finish('completed', transition.reason);
    else {
      const why = step.type === 'branch' ? `branch ${step.id}` : step.type === 'goto' ? `goto ${step.id}` : 'next step';
      if (step.type === 'branch') state.note(Date.now(), 'branch', `${step.id} → ${transition.position.stage}/${stepAt(def, transition.position)?.id}`);
      await moveTo(transition.position, why);
    }
  }

  await condition(allHandlersFinished);
  return view();
}
