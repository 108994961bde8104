// Operators' actions on an account's running journeys: pause, resume, stop. A pause and a resume
// are on the account's timeline once the journey has the signal (a stop is, when the journey ends).
// A pause goes only to a journey that is running and a resume only to a paused one: a repeated
// click changes nothing, and the timeline does not say "paused" twice.
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import type { JourneyStatusName } from '../domain/journey/carried-state';
import { recordTouch } from '../timeline/record-touch';
import { invalid } from '../domain/use-case-error';
import { field } from '../domain/fields/field-ref';
import { pauseSignal, resumeSignal, statusQuery, stopSignal } from '../workflows/journey-api';

export type SteerAction = 'pause' | 'resume' | 'stop';

/** What the timeline says of each action; a stop is recorded by the journey as it ends. */
const noted: Partial<Record<SteerAction, string>> = { pause: 'paused', resume: 'resumed' };

/** The status a journey must have for the action to change it; why not, otherwise. */
const changes: Partial<Record<SteerAction, { from: JourneyStatusName; otherwise: Partial<Record<JourneyStatusName, string>> }>> = {
  pause: { from: 'running', otherwise: { paused: 'already paused' } },
  resume: { from: 'paused', otherwise: { running: 'not paused' } },
};

const answerMs = 5_000;

export type SteerOutcome = {
  /** The workflow IDs the action went to. */
  steered: string[];
  /** Journeys the action would not change, and why (already paused, not paused, ended meanwhile). */
  unchanged: { workflowId: string; why: string }[];
};

/** The journey's own answer; the status it last recorded when no worker answers in time. */
async function currentStatus(client: Client, workflowId: string, recorded: string): Promise<string> {
  try {
    return (await client.withDeadline(Date.now() + answerMs, () => client.workflow.getHandle(workflowId).query(statusQuery))).status;
  } catch {
    // Not an error of the action: the signal itself is durable and waits for a worker.
    return recorded;
  }
}

export async function steerJourneys(
  db: Db,
  client: Client,
  target: { accountId: string; journeyKey?: string },
  action: SteerAction,
  given: string,
): Promise<SteerOutcome> {
  // Kept on the timeline and in the audit log: a blank one said "journey stopped: " and nothing more.
  const reason = given.trim();
  if (reason === '' || reason.length > 500) {
    const message = reason === '' ? `say why, for the timeline, e.g. "the customer asked us to stop"` : 'expected at most 500 characters';
    throw invalid(`${field('reason')}: ${message}`, [], [{ field: 'reason', message }]);
  }
  const runs = await db.journeyRun.findMany({
    where: { accountId: target.accountId, journeyKey: target.journeyKey, status: { in: ['running', 'paused'] } },
    select: { workflowId: true, journeyKey: true, status: true },
    orderBy: { workflowId: 'asc' },
  });
  const outcome: SteerOutcome = { steered: [], unchanged: [] };
  const change = changes[action];
  for (const { workflowId, journeyKey, status } of runs) {
    if (change) {
      const now = await currentStatus(client, workflowId, status);
      if (now !== change.from) {
        outcome.unchanged.push({ workflowId, why: change.otherwise[now as JourneyStatusName] ?? `the journey is ${now}` });
        continue;
      }
    }
    // The moment of the action is before the journey hears it: what it does on a resume (a handoff
    // at once) then follows the resume on the timeline, as it did in fact.
    const at = new Date();
    const handle = client.workflow.getHandle(workflowId);
    if (action === 'pause') await handle.signal(pauseSignal, { reason });
    else if (action === 'resume') await handle.signal(resumeSignal);
    else await handle.signal(stopSignal, { reason });
    outcome.steered.push(workflowId);
    const past = noted[action];
    if (!past) continue;
    await recordTouch(db, {
      idempotencyKey: `${workflowId}|${action}|${at.getTime()}`,
      accountId: target.accountId,
      workflowId,
      journeyKey,
      type: `journey_${past}`,
      detail: { reason, text: `journey ${journeyKey} ${past}: ${reason}` },
      at,
    });
  }
  return outcome;
}

/**
 * Why an account has no journey to steer (or none at all, for `journeys status`): held out of one,
 * one that ended (how and when), or none launched yet. One sentence, for every door.
 */
export async function noJourneyToSteer(db: Db, account: { id: string; domain: string }, journeyKey?: string, running = true): Promise<string> {
  const named = journeyKey ? ` "${journeyKey}"` : '';
  const held = await db.holdoutAssignment.findFirst({ where: { accountId: account.id, journeyKey, group: 'held_out' }, select: { journeyKey: true } });
  if (held) return `${account.domain} has no ${running ? 'running ' : ''}journey${named}: it is held out of ${held.journeyKey} (measured, not contacted)`;
  const last = running ? await db.journeyRun.findFirst({ where: { accountId: account.id, journeyKey }, orderBy: { updatedAt: 'desc' } }) : null;
  if (last) {
    const when = (last.endedAt ?? last.updatedAt).toISOString().slice(0, 10);
    return `${account.domain} has no running journey${named}: ${last.journeyKey} ${last.status} on ${when}${last.exitReason ? ` (${last.exitReason})` : ''}`;
  }
  return `${account.domain} has no journey${named} yet: launch one ("harpoon journeys launch <journey> --account ${account.domain}")`;
}
