// Tells a waitlisted invitee that a freed seat is theirs, as the waitlist page promised: one email
// through the send activity (contact policy, idempotency key, truthful records, the timeline), held
// for quiet hours like any email. Started by the dispatcher from the outbox row the promotion wrote
// in its own transaction (programme-events/registrations.ts), so the notice is never lost and, as the
// workflow ID and the send's key are per promotion, never sent twice.
// Deterministic: time from the workflow clock, the send in an activity, IDs only.
import { sleep, workflowInfo } from '@temporalio/workflow';
import type { SendResult } from '../activities/send-email';
import { sender } from './activity-proxies';
import { seatNoticeTemplate, type SeatNoticeInput } from './seat-notice-api';

/**
 * A seat notice answers the invitee's own request: the caps that pace marketing email do not hold
 * it back. Consent and quiet hours still apply (the send activity checks them live).
 */
const uncapped = { perContact: { minGapHours: 0, max: 1_000_000 }, perAccount: { max: 1_000_000 } };

export async function seatNotice(input: SeatNoticeInput): Promise<SendResult> {
  const { workflowId } = workflowInfo();
  const stepPath = `seat-offered/${input.eventKey}`;
  for (;;) {
    const result = await sender.sendEmail({
      idempotencyKey: `${workflowId}|${stepPath}|${input.contactId}`,
      workflowId,
      journeyKey: input.journeyKey ?? null,
      accountId: input.accountId,
      contactId: input.contactId,
      templateKey: seatNoticeTemplate,
      stage: 'waitlist',
      stepPath,
      nowMs: Date.now(),
      policy: uncapped,
      // seatHeld: the activity re-checks, right before sending, that the contact still holds the seat.
      invite: { eventKey: input.eventKey, seatHeld: true },
    });
    if (result.status !== 'deferred') return result;
    await sleep(Math.max(0, result.untilMs - Date.now()));
  }
}
