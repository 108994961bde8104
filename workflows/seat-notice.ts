// Tells a waitlisted invitee that a freed seat is theirs, as the waitlist page promised: one email
// through the send activity (workflows/event-notice.ts). Started by the dispatcher from the outbox row
// the promotion wrote in its own transaction (programme-events/registrations.ts), so the notice is
// never lost and, as the workflow ID and the send's key are per promotion, never sent twice.
// Deterministic: time from the workflow clock, the send in an activity, IDs only.
import { workflowInfo } from '@temporalio/workflow';
import type { SendResult } from '../activities/send-email';
import { sendEventNotice } from './event-notice';
import { seatNoticeTemplate, type SeatNoticeInput } from './seat-notice-api';

export async function seatNotice(input: SeatNoticeInput): Promise<SendResult> {
  const { workflowId } = workflowInfo();
  const stepPath = `seat-offered/${input.eventKey}`;
  return sendEventNotice({
    idempotencyKey: `${workflowId}|${stepPath}|${input.contactId}`,
    workflowId,
    journeyKey: input.journeyKey ?? null,
    accountId: input.accountId,
    contactId: input.contactId,
    templateKey: seatNoticeTemplate,
    stage: 'waitlist',
    stepPath,
    // seatHeld: the activity re-checks, right before sending, that the contact still holds the seat.
    invite: { eventKey: input.eventKey, seatHeld: true },
  });
}
