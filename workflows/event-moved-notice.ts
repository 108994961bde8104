// Tells an invitee that the event they were asked to moved: one email through the send activity
// (workflows/event-notice.ts) with the new time and the calendar entry at the event's new sequence,
// which calendars take as the new time of the entry they already have. Started by the dispatcher
// from the outbox row the move wrote in its own transaction (programme-events/event-file.ts), so the
// news is never lost and, as the workflow ID and the send's key are per invitee and move, never sent twice.
// Deterministic: time from the workflow clock, the send in an activity, IDs only.
import { workflowInfo } from '@temporalio/workflow';
import type { SendResult } from '../activities/send-email';
import { sendEventNotice } from './event-notice';
import { eventMovedNoticeTemplate, type EventMovedNoticeInput } from './event-moved-notice-api';

export async function eventMovedNotice(input: EventMovedNoticeInput): Promise<SendResult> {
  const { workflowId } = workflowInfo();
  const stepPath = `event-moved/${input.eventKey}/${input.sequence}`;
  return sendEventNotice({
    idempotencyKey: `${workflowId}|${stepPath}|${input.contactId}`,
    workflowId,
    journeyKey: input.journeyKey,
    accountId: input.accountId,
    contactId: input.contactId,
    templateKey: eventMovedNoticeTemplate,
    stage: 'event',
    stepPath,
    // movedTo: the activity re-checks, right before sending, that the contact is still asked, the
    // event still ahead and at this time (a later move has a notice of its own).
    invite: { eventKey: input.eventKey, movedTo: input.sequence },
  });
}
