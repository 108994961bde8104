// What starts a seat notice (workflows/seat-notice.ts): IDs only, versioned like every workflow
// input, and one workflow ID per promotion (event, contact, moment), so a notice queued or started
// twice is sent once, and someone promoted a second time (after giving the seat up) is told again.

export type SeatNoticeInput = {
  version: 1;
  eventKey: string;
  contactId: string;
  accountId: string;
  /** The journey whose invitation the contact answered, when one did: the notice is on its timeline. */
  journeyKey: string | null;
  /** When the seat was handed on (the decline that freed it). */
  promotedAtMs: number;
};

export function seatNoticeWorkflowId(eventKey: string, contactId: string, promotedAtMs: number): string {
  return `seat-notice/${eventKey}/${contactId}/${promotedAtMs}`;
}

/** The notice's template; it carries the event, its calendar entry and the link to free the seat again. */
export const seatNoticeTemplate = 'event-seat-offered';
