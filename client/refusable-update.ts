// A person's action sent to a workflow as an Update whose validator may refuse it: a refusal, or a
// workflow that has ended, is a conflict in the validator's words, for every door alike.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { conflict } from '../domain/use-case-error';

/** Runs `send` (the Update to `workflowId`); `ended` says why a workflow that is gone takes no more. */
export async function refusableUpdate<T>(workflowId: string, ended: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw conflict(`${workflowId}: ${(err.cause as Error | undefined)?.message ?? err.message}`);
    if (err instanceof WorkflowNotFoundError) throw conflict(ended);
    throw err;
  }
}
