// Telling a journey something from another workflow (a review's decision, a sales outcome).
import { ApplicationFailure, getExternalWorkflowHandle, type SignalDefinition } from '@temporalio/workflow';

/**
 * Signals the journey. A journey that has ended is not found, and nothing is left there to act on
 * what it missed (the caller has recorded it already). Any other refusal (the journey's signal
 * limit) means a running journey missed it: raised, non-retryable, naming `what` it missed.
 */
export async function tellJourney<Args extends unknown[]>(workflowId: string, what: string, signal: SignalDefinition<Args>, ...args: Args): Promise<void> {
  try {
    await getExternalWorkflowHandle(workflowId).signal(signal, ...args);
  } catch (err) {
    if (err instanceof ApplicationFailure && err.type === 'ExternalWorkflowExecutionNotFound') return;
    throw ApplicationFailure.nonRetryable(`${what} did not reach ${workflowId}: ${err instanceof Error ? err.message : String(err)}`, 'JourneyNotTold');
  }
}

/**
 * Tells every journey waiting on something (a sales task's journeys). Each is told even when one
 * refuses; returns what each refusal said (empty when all heard it), for the caller to raise or record.
 */
export async function tellJourneys<Args extends unknown[]>(workflowIds: readonly string[], what: string, signal: SignalDefinition<Args>, ...args: Args): Promise<string[]> {
  const missed: string[] = [];
  for (const id of workflowIds) {
    await tellJourney(id, what, signal, ...args).catch((err: unknown) => missed.push(err instanceof Error ? err.message : String(err)));
  }
  return missed;
}
