// One sales task from handoff to outcome: wait for the owner's capacity if the day's handoffs are
// taken, tell the owner, hold the service level (a reminder at the first breach, an escalation at
// the second), take sales' actions as validated Updates, and tell the journey each outcome.
// Orchestration only: the rules are in domain/sales, the I/O in activities/sales.ts.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { conditionBy } from './condition-by';
import { acts, sender } from './activity-proxies';
import { tellJourney, tellJourneys } from './tell-journey';
import { addBusinessDays, nextLocalMidnight } from '../domain/time/business-days';
import { salesNoticeRequest, type SalesNoticeKind } from '../domain/sales/notice-request';
import { checkSalesAction, isOpen, statusAfter, type TaskStatus as Status } from '../domain/sales/vocabulary';
import { AccountId, SalesOwner, TaskStatus } from '../temporal/search-attributes';
import { salesActionUpdate, salesOutcomeSignal, salesTaskOwnerSignal, salesTaskQuery, salesTaskStatusSignal, type SalesHandoffInput, type SalesOutcomeSignal, type SalesTaskView } from './sales-api';



export async function salesHandoff(input: SalesHandoffInput): Promise<SalesTaskView> {
  const { taskId } = input;
  // Every journey of the account waiting on the task hears each change, the release from the queue
  // too. A task begun before this change told only the journey that handed off, of outcomes only;
  // still running, it tells every journey from its next change on (journeys may join it now), and
  // replays what it did before as it did it.
  const tellsEveryJourney = patched('every-waiting-journey-told');
  const tellsEveryJourneyNow = () => tellsEveryJourney || patched('running-task-tells-every-journey');
  const facts = await acts.loadTaskFacts(taskId);
  let status: Status = facts.status;
  let dueAtMs: number | null = null;
  let reminded = false;
  let escalated = false;
  let actions = 0;
  /** Actions waiting to learn the task's owner now: none other is taken meanwhile. */
  let ownerChecks = 0;

  const view = (): SalesTaskView => ({ taskId, accountId: facts.accountId, status, ownerId: facts.ownerId, dueAtMs, reminded, escalated });
  const mirror = () => upsertSearchAttributes([{ key: TaskStatus, value: status }]);

  setHandler(salesTaskQuery, view);
  setHandler(
    salesActionUpdate,
    async (request) => {
      const { version: _version, ...action } = request;
      if (action.actorId !== undefined && action.actorId !== facts.ownerId) {
        // The validator let it through for this: the account may have changed hands, which the
        // owner signal tells this task a moment after the database (and the rep) knew it.
        ownerChecks++;
        try {
          applyOwner(await acts.loadTaskFacts(taskId));
        } finally {
          ownerChecks--;
        }
        const problem = checkSalesAction({ status, ownerId: facts.ownerId }, request);
        if (problem) throw ApplicationFailure.nonRetryable(problem, 'SalesActionRefused');
      }
      const from = status;
      // Set before the first await, so a second action's validator already sees the new status.
      status = statusAfter(action.kind);
      mirror();
      const seq = ++actions;
      const { lifecycle, purchasePattern } = await acts.recordSalesAction({ taskId, action, nowMs: Date.now(), seq });
      const reason = action.kind === 'reject' || action.kind === 'lost' ? action.reason : undefined;
      const outcome: SalesOutcomeSignal = {
        version: 1,
        taskId,
        outcome: status as SalesOutcomeSignal['outcome'],
        ...(reason ? { reason } : {}),
        ...(lifecycle ? { lifecycle } : {}),
        ...(purchasePattern ? { purchasePattern } : {}),
      };
      const what = `the ${status} outcome of task ${taskId} (recorded)`;
      // Any refusal but a journey's end fails this Update: the rep hears a journey missed it.
      if (!tellsEveryJourneyNow()) await tellJourney(facts.journeyWorkflowId, what, salesOutcomeSignal, outcome);
      else {
        const missed = await tellJourneys(await acts.loadTaskJourneys(taskId), what, salesOutcomeSignal, outcome);
        if (missed.length > 0) throw ApplicationFailure.nonRetryable(missed.join('; '), 'JourneyNotTold');
      }
      return { taskId, from, to: status };
    },
    {
      validator: (request) => {
        if (ownerChecks > 0) throw new Error('another action on this task is being recorded: try again in a moment');
        // Another rep's action goes on to the handler, which checks the owner the database has now.
        // The close date's range only here: a validator does not run on replay, so an action the
        // handler once took under an older rule replays as it ran.
        const problem = checkSalesAction({ status, ownerId: request.actorId ?? facts.ownerId }, request, Date.now());
        if (problem) throw new Error(problem);
      },
    },
  );

  const notify = (notice: SalesNoticeKind, salesRepId: string | null, forOwner?: number) =>
    sender.sendEmail({ ...salesNoticeRequest(taskId, facts.accountId, notice, salesRepId, forOwner), nowMs: Date.now() });
  /** Who was told of the task, once it was handed over; a later owner is told too. */
  let toldOwner: { ownerId: string | null } | undefined;
  let ownerChanges = 0;
  const heardOwnerChanges = new Set<string>();
  /** A queued task's owner changed: the new owner may have room today, so the queue is asked again now. */
  let queueRecheck = false;

  /** The task's owner as the database has it now; false when it has not changed. */
  function applyOwner(now: { ownerId: string | null; managerId: string | null; ownerTimeZone: string }): boolean {
    if (now.ownerId === facts.ownerId) return false;
    Object.assign(facts, { ownerId: now.ownerId, managerId: now.managerId, ownerTimeZone: now.ownerTimeZone });
    upsertSearchAttributes([{ key: SalesOwner, value: facts.ownerId ?? 'none' }]);
    if (status === 'queued') queueRecheck = true;
    return true;
  }

  // The account changed hands: its new owner acts on the task, and its reminders and escalation go
  // to them (and their manager). A new signal: no history from before holds it, so it needs no patch.
  setHandler(salesTaskOwnerSignal, async ({ eventId }) => {
    if (!isOpen(status) || heardOwnerChanges.has(eventId)) return;
    heardOwnerChanges.add(eventId);
    if (!applyOwner(await acts.loadTaskFacts(taskId))) return;
    // A task still waiting for an answer is new to its new owner; one they already answered is in their inbox.
    if (status === 'created' && toldOwner && toldOwner.ownerId !== facts.ownerId) {
      toldOwner = { ownerId: facts.ownerId };
      await notify('handoff', facts.ownerId, ++ownerChanges);
    }
  });

  upsertSearchAttributes([
    { key: AccountId, value: facts.accountId },
    { key: SalesOwner, value: facts.ownerId ?? 'none' },
    { key: TaskStatus, value: status },
  ]);

  // Pacing: a queued task waits for the next day of the owner's capacity, in priority order.
  while (status === 'queued') {
    await conditionBy(() => status !== 'queued' || queueRecheck, nextLocalMidnight(Date.now(), facts.ownerTimeZone) + 60_000);
    queueRecheck = false;
    if (status !== 'queued') break;
    const released = await acts.tryRelease({ taskId, nowMs: Date.now() });
    if (released.released) {
      status = 'created';
      dueAtMs = released.dueAtMs ?? null;
      mirror();
      if (tellsEveryJourneyNow()) {
        const missed = await tellJourneys(await acts.loadTaskJourneys(taskId), `the release of task ${taskId}`, salesTaskStatusSignal, { version: 1, taskId, status });
        // The task reached its owner all the same; a journey past its signal limit keeps 'queued' in
        // its search attribute, and the worker's log says which one.
        for (const why of missed) log.warn(why);
      }
    }
  }
  dueAtMs ??= addBusinessDays(facts.createdAtMs, facts.slaDays, facts.ownerTimeZone);

  if (status === 'created') {
    toldOwner = { ownerId: facts.ownerId };
    await notify('handoff', facts.ownerId);
  }

  // The service level: an answer (accept or reject) within the tier's business days.
  const answered = () => status !== 'created';
  if (!(await conditionBy(answered, dueAtMs))) {
    reminded = true;
    await acts.recordSlaBreach({ taskId, level: 'reminder', nowMs: Date.now(), to: 'owner' });
    await notify('reminder', facts.ownerId);
    const secondDue = addBusinessDays(dueAtMs, facts.slaDays, facts.ownerTimeZone);
    if (!(await conditionBy(answered, secondDue))) {
      escalated = true;
      const to = facts.managerId ? 'manager' : 'queue';
      await acts.recordSlaBreach({ taskId, level: 'escalation', nowMs: Date.now(), to });
      await notify('escalation', facts.managerId);
    }
  }

  await condition(() => !isOpen(status));
  await condition(allHandlersFinished);
  return view();
}
