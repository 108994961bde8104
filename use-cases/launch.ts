// Starts account journeys. Launching is idempotent: the workflow ID is derived from the journey
// and the account, so a second launch finds the running journey and reports it. Accounts that do
// not meet the journey's entry criteria, or whose re-entry its policy refuses (domain/journey/
// reentry.ts), are reported with the reason, never started. A re-entry is a new run of the same
// workflow ID, numbered in its input (`entry`) so its emails are new sends.
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Db } from '../db/client';
import { againAfterUniqueRace } from '../db/transaction';
import { startPosition } from '../domain/journey/engine';
import { checkEntry, type CandidateAccount } from '../domain/journey/entry';
import { notFound } from '../domain/use-case-error';
import { decideReentry, type AccountChange, type PreviousRun } from '../domain/journey/reentry';
import { latestJourneyVersion } from '../journeys/catalog';
import { AccountId, AccountTier, EngagementScore, JourneyName, JourneyStage } from '../temporal/search-attributes';
import { journeyWorkflowId } from '../workflows/ids';
import type { AccountJourneyInput } from '../workflows/journey-api';
import type { LaunchHoldout } from '../domain/measurement/holdout';
import { holdoutGroups, holdoutPlanFor } from './holdout-groups';

export type LaunchOutcome = { accountId: string; workflowId: string; result: 'started' | 'already_running' };

/** What the Web UI shows and filters on from the moment of the start (the memo's name as before). */
export type JourneyLabels = { accountName: string; tier: number | null; stage: string };

/** The start options of a journey: its ID, input, and search attributes and memo set at once. */
export function journeyStartOptions(taskQueue: string, input: Omit<AccountJourneyInput, 'version'>, labels: JourneyLabels) {
  return {
    taskQueue,
    workflowId: journeyWorkflowId(input.journeyKey, input.accountId),
    args: [{ version: 1, ...input } satisfies AccountJourneyInput] as [AccountJourneyInput],
    memo: { accountName: labels.accountName, journeyVersion: input.journeyVersion },
    typedSearchAttributes: [
      { key: AccountId, value: input.accountId },
      { key: AccountTier, value: labels.tier === null ? 'none' : String(labels.tier) },
      { key: JourneyName, value: input.journeyKey },
      { key: JourneyStage, value: labels.stage },
      { key: EngagementScore, value: 0 },
    ],
  } satisfies WorkflowStartOptions;
}

export async function launchJourney(
  client: Client,
  taskQueue: string,
  input: Omit<AccountJourneyInput, 'version'>,
  labels: JourneyLabels,
): Promise<LaunchOutcome> {
  const options = journeyStartOptions(taskQueue, input, labels);
  const { workflowId } = options;
  try {
    await client.workflow.start('accountJourney', options);
    return { accountId: input.accountId, workflowId, result: 'started' };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return { accountId: input.accountId, workflowId, result: 'already_running' };
    }
    throw err;
  }
}

/** The journey's latest version, or the refusal a launch of an unpublished key gets. */
export async function publishedJourney(db: Db, journeyKey: string) {
  const journey = await latestJourneyVersion(db, journeyKey);
  if (!journey) throw notFound(`Journey "${journeyKey}" is not published. Publish it first: harpoon journeys publish <file>`);
  return journey;
}

export type LaunchAccount = CandidateAccount & { name: string };

export type LaunchSummary = {
  journeyKey: string;
  journeyVersion: number;
  started: string[];
  alreadyRunning: string[];
  notEligible: { domain: string; reason: string }[];
  /** Only for a journey (or launch) with a holdout: the accounts it held out, per tier. */
  holdout?: LaunchHoldout;
};

/** What a launch may change about the journey's holdout, and how it names itself in the assignments. */
export type LaunchHoldoutOptions = {
  /** Overrides the journey's holdout share for this launch (`--holdout 10%`); the seed stays the journey's. */
  holdoutShare?: number;
  /** Recorded with each assignment: "launch" (default) or "auto-enrol". */
  launchLabel?: string;
};

// Starts kept in flight at once: a steady window, refilled as each start returns, so the server
// always has work queued (lockstep batches left a third of the slots idle waiting for the slowest).
const startWindow = 32;
// JourneyRun rows are written in batches of this many starts, off the starts' path.
const recordBatch = 100;
// Accounts looked up per statement: well under what one statement may bind (db/client.ts).
const idsPerQuery = 5_000;

type StartedRun = { workflowId: string; journeyKey: string; journeyVersion: number; accountId: string; stage: string };

/** Each account's last run of the journey, and (for on_requalify) its tier and pool changes since. */
async function entryHistory(db: Db, journeyKey: string, accountIds: string[], requalify: boolean) {
  const previous = new Map<string, PreviousRun & { entries: number }>();
  const changes = new Map<string, AccountChange[]>();
  for (let i = 0; i < accountIds.length; i += idsPerQuery) {
    const runs = await db.journeyRun.findMany({
      where: { journeyKey, accountId: { in: accountIds.slice(i, i + idsPerQuery) } },
      select: { accountId: true, status: true, endedAt: true, exitReason: true, entries: true },
    });
    for (const r of runs) previous.set(r.accountId, r);
    const ended = runs.filter((r) => r.endedAt !== null);
    if (requalify && ended.length > 0) {
      const since = new Date(Math.min(...ended.map((r) => r.endedAt!.getTime())));
      const rows = await db.statusChange.findMany({ where: { accountId: { in: ended.map((r) => r.accountId) }, at: { gt: since } }, select: { accountId: true, field: true, at: true } });
      for (const row of rows) changes.set(row.accountId, [...(changes.get(row.accountId) ?? []), row]);
    }
  }
  return { previous, changes };
}

/**
 * Records launched journeys at once, not only when the worker gets to the journey's first activity,
 * so an engagement event or a status request right after the launch finds the journey. A row the
 * worker already wrote is newer than this one and stays as it is; a run that ended before the launch
 * began (a relaunch) starts over. All runs of a batch share journey, version and first stage.
 */
async function recordStarted(db: Db, runs: StartedRun[], launchedAt: Date): Promise<void> {
  const first = runs[0];
  if (!first) return;
  const workflowIds = runs.map((r) => r.workflowId);
  const restart = { status: 'running', stage: first.stage, journeyVersion: first.journeyVersion, startedAt: launchedAt, endedAt: null, exitReason: null };
  const record = () =>
    db.$transaction(async (tx) => {
      await tx.journeyRun.updateMany({ where: { workflowId: { in: workflowIds }, endedAt: { lt: launchedAt } }, data: { ...restart, entries: { increment: 1 } } });
      const existing = await tx.journeyRun.findMany({ where: { workflowId: { in: workflowIds } }, select: { workflowId: true } });
      const known = new Set(existing.map((r) => r.workflowId));
      const created = runs.filter((r) => !known.has(r.workflowId)).map((r) => ({ ...r, ...restart }));
      if (created.length > 0) await tx.journeyRun.createMany({ data: created });
    });
  // The worker's own record of a start (a plain upsert) may commit between the read and the insert.
  // Run again, the batch finds that row and leaves it, as it leaves rows the worker wrote before.
  return againAfterUniqueRace(record);
}

/** The accounts of a tier: its manual tier where one is set, else the scored one. */
export function accountsInTier(db: Db, tier: number) {
  return db.account.findMany({ where: { OR: [{ tierOverride: tier }, { tierOverride: null, tier }] }, orderBy: { domain: 'asc' } });
}

/** Launches the latest published version of a journey for many accounts, reporting progress. */
/** Each account once, in the order first given: a list may name one account twice (by domain and by id, or in another spelling). */
export function distinctAccounts<A extends { id: string }>(accounts: readonly A[]): A[] {
  return [...new Map(accounts.map((a) => [a.id, a] as const)).values()];
}

export async function launchForAccounts(
  db: Db,
  client: Client,
  taskQueue: string,
  journeyKey: string,
  accounts: LaunchAccount[],
  onProgress: (done: number) => void = () => {},
  /** The launch's moment for the re-entry rules: the journeys' clock (a time-skipping test's); now by default. */
  opts: { now?: Date } & LaunchHoldoutOptions = {},
): Promise<LaunchSummary> {
  const journey = await publishedJourney(db, journeyKey);
  accounts = distinctAccounts(accounts);
  const summary: LaunchSummary = { journeyKey, journeyVersion: journey.version, started: [], alreadyRunning: [], notEligible: [] };
  const launchedAt = opts.now ?? new Date();
  const stage = startPosition(journey.definition).stage;
  const reentry = journey.definition.reentry;
  const history = await entryHistory(db, journeyKey, accounts.map((a) => a.id), reentry?.policy === 'on_requalify');
  const tierOf = (account: LaunchAccount) => account.tierOverride ?? account.tier;
  const refusals = new Map<string, string>();
  for (const account of accounts) {
    const entry = checkEntry(journey.definition.entry, { ...account, tier: tierOf(account) });
    const previous = history.previous.get(account.id);
    const again = previous?.endedAt ? decideReentry(reentry, previous, history.changes.get(account.id) ?? [], launchedAt.getTime()) : { admitted: true as const };
    const refusal = !entry.admitted ? entry.reason : again.admitted ? undefined : again.reason;
    if (refusal !== undefined) refusals.set(account.id, refusal);
  }
  const plan = await holdoutPlanFor(db, journeyKey, journey.definition.holdout, opts.holdoutShare);
  const holdout = plan
    ? await holdoutGroups(
        db,
        journeyKey,
        plan,
        accounts.filter((a) => !refusals.has(a.id)).map((a) => ({ accountId: a.id, tier: tierOf(a), domain: a.domain })),
        { label: `${opts.launchLabel ?? 'launch'} ${launchedAt.toISOString()}`, at: launchedAt },
        new Set(history.previous.keys()),
      )
    : undefined;
  if (holdout) summary.holdout = holdout.summary;
  let done = 0;
  let pending: StartedRun[] = [];
  let recording: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  // One batch written at a time, in order; the launch does not return before the last is written.
  const flush = () => {
    const batch = pending;
    pending = [];
    recording = recording.then(() => recordStarted(db, batch, launchedAt)).catch((error: unknown) => void (failure ??= { error }));
  };

  let next = 0;
  const launchNext = async (): Promise<void> => {
    // After a failed start no new ones begin; those in flight finish and are recorded.
    while (next < accounts.length && !failure) {
      const account = accounts[next++]!;
      const tier = tierOf(account);
      const previous = history.previous.get(account.id);
      const refusal = refusals.get(account.id);
      if (refusal !== undefined) {
        summary.notEligible.push({ domain: account.domain, reason: refusal });
        // A held-out account is measured, not contacted: no journey starts (summary.holdout lists it).
      } else if (holdout?.groups.get(account.id) !== 'held_out') {
        const entryNumber = previous?.endedAt ? previous.entries + 1 : undefined;
        const run = { journeyKey, journeyVersion: journey.version, accountId: account.id, ...(entryNumber === undefined ? {} : { entry: entryNumber }) };
        const outcome = await launchJourney(client, taskQueue, run, { accountName: account.name, tier, stage });
        if (outcome.result === 'started') {
          pending.push({ journeyKey, journeyVersion: journey.version, accountId: account.id, workflowId: outcome.workflowId, stage });
          if (pending.length >= recordBatch) flush();
        }
        (outcome.result === 'started' ? summary.started : summary.alreadyRunning).push(account.domain);
      }
      onProgress(++done);
    }
  };
  const runners = Array.from({ length: Math.min(startWindow, accounts.length) }, () =>
    launchNext().catch((error: unknown) => void (failure ??= { error })),
  );
  await Promise.all(runners);
  flush();
  await recording;
  if (failure) throw failure.error;
  return summary;
}
