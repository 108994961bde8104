// The send request of a notice to sales (a new handoff, an SLA reminder, an escalation): one
// idempotency key per task and notice, so a retried or replayed handoff tells its rep once.
// Workflow-safe; the time of the send is the caller's.
export type SalesNoticeKind = 'handoff' | 'reminder' | 'escalation';

/** `forOwner`: a notice again for a task's later owner (the nth owner change), under a key of its own. */
export function salesNoticeRequest(taskId: string, accountId: string, notice: SalesNoticeKind, salesRepId: string | null, forOwner?: number) {
  return {
    idempotencyKey: `${taskId}|notice|${notice}${forOwner === undefined ? '' : `|owner-${forOwner}`}`,
    workflowId: taskId,
    journeyKey: 'sales',
    accountId,
    contactId: null,
    templateKey: `sales-${notice}`,
    stage: 'handoff',
    stepPath: notice,
    internal: { notice, taskId, salesRepId },
  };
}
