// Readable, deterministic workflow IDs from business keys: admins can type them, and launching the
// same journey for the same account twice finds the running one instead of starting another.
export function journeyWorkflowId(journeyKey: string, accountId: string): string {
  return `journey/${journeyKey}/${accountId}`;
}
