// Starts account journeys. Launching is idempotent: the workflow ID is derived from the journey
// and the account, so a second launch finds the running journey and reports it. Accounts that do
// not meet the journey's entry criteria are reported with the reason, never started.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Db } from '../db/client';
import { startPosition } from '../domain/journey/engine';
import { checkEntry } from '../domain/journey/entry';
import { latestJourneyVersion } from '../journeys/catalog';
import { journeyWorkflowId } from '../workflows/ids';
import type { AccountJourneyInput } from '../workflows/journey-api';

export type LaunchOutcome = { accountId: string; workflowId: string; result: 'started' | 'already_running' };

export async function launchJourney(
  client: Client,
  taskQueue: string,
  input: Omit<AccountJourneyInput, 'version'>,
): Promise<LaunchOutcome> {
  const workflowId = journeyWorkflowId(input.journeyKey, input.accountId);
  try {
    await client.workflow.start('accountJourney', {
      taskQueue,
      workflowId,
      args: [{ version: 1, ...input } satisfies AccountJourneyInput],
    });
    return { accountId: input.accountId, workflowId, result: 'started' };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return { accountId: input.accountId, workflowId, result: 'already_running' };
    }
    throw err;
  }
}

export class JourneyNotPublishedError extends Error {
  constructor(readonly journeyKey: string) {
    super(`Journey "${journeyKey}" is not published. Publish it first: harpoon journeys publish <file>`);
  }
}

type LaunchAccount = {
  id: string;
  domain: string;
  poolStatus: string;
  tier: number | null;
  tierOverride: number | null;
  industry: string | null;
  country: string | null;
  score: number | null;
};

export type LaunchSummary = {
  journeyKey: string;
  journeyVersion: number;
  started: string[];
  alreadyRunning: string[];
  notEligible: { domain: string; reason: string }[];
};

const parallelStarts = 16;

/** Launches the latest published version of a journey for many accounts, reporting progress. */
export async function launchForAccounts(
  db: Db,
  client: Client,
  taskQueue: string,
  journeyKey: string,
  accounts: LaunchAccount[],
  onProgress: (done: number) => void = () => {},
): Promise<LaunchSummary> {
  const journey = await latestJourneyVersion(db, journeyKey);
  if (!journey) throw new JourneyNotPublishedError(journeyKey);
  const summary: LaunchSummary = { journeyKey, journeyVersion: journey.version, started: [], alreadyRunning: [], notEligible: [] };
  let done = 0;
  for (let i = 0; i < accounts.length; i += parallelStarts) {
    await Promise.all(
      accounts.slice(i, i + parallelStarts).map(async (account) => {
        const entry = checkEntry(journey.definition.entry, { ...account, tier: account.tierOverride ?? account.tier });
        if (!entry.admitted) {
          summary.notEligible.push({ domain: account.domain, reason: entry.reason });
        } else {
          const run = { journeyKey, journeyVersion: journey.version, accountId: account.id };
          const outcome = await launchJourney(client, taskQueue, run);
          if (outcome.result === 'started') {
            // Recorded at once, not only when the worker gets to the journey's first activity, so an
            // engagement event or a status request right after the launch finds the journey.
            // A row the worker already wrote is newer than this one and stays as it is.
            const stage = startPosition(journey.definition).stage;
            const fresh = { ...run, status: 'running', stage, startedAt: new Date(), endedAt: null, exitReason: null };
            const existing = await db.journeyRun.findUnique({ where: { workflowId: outcome.workflowId } });
            if (!existing) await db.journeyRun.create({ data: { workflowId: outcome.workflowId, ...fresh } });
            else if (existing.endedAt) await db.journeyRun.update({ where: { workflowId: outcome.workflowId }, data: fresh });
          }
          (outcome.result === 'started' ? summary.started : summary.alreadyRunning).push(account.domain);
        }
        onProgress(++done);
      }),
    );
  }
  return summary;
}
