// Starts a workflow that lives on its own (a sales handoff, a review a person decides) rather than as
// a child of the journey run that asks for it. Both outlive that run: the journey rolls over with
// continue-as-new, or ends, while sales or the reviewer take days. A child that closes after its
// parent run has closed is the pattern Temporal's time-skipping test server never recovers from (its
// clock stays locked for good; README, "Why the test clock once stopped"), and a real cluster gains
// nothing from the link: the handoff finds its journey by workflow ID, as it always has.
// Idempotent by workflow ID: the reuse policy refuses a second start even after the first workflow
// has closed, and "already started" is success, so a retried activity never starts one twice.
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';

export type StartApartRequest = {
  workflowType: 'salesHandoff' | 'accountReview';
  workflowId: string;
  taskQueue: string;
  args: unknown[];
};

export function createWorkflowStartActivities() {
  return {
    async startWorkflowApart(request: StartApartRequest): Promise<'started' | 'already started'> {
      try {
        await Context.current().client.workflow.start(request.workflowType, {
          workflowId: request.workflowId,
          taskQueue: request.taskQueue,
          args: request.args,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
        return 'started';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already started';
        throw err;
      }
    },
  };
}
