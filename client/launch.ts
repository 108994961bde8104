// Starts account journeys. Launching is idempotent: the workflow ID is derived from the journey
// and the account, so a second launch finds the running journey and reports it.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
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
