// What starts an event-moved notice (workflows/event-moved-notice.ts): IDs only, versioned like every
// workflow input, and one workflow ID per invitee and move (the event's sequence), so a notice
// queued or started twice is sent once, and each later move is told again.

export type EventMovedNoticeInput = {
  version: 1;
  eventKey: string;
  contactId: string;
  accountId: string;
  /** The journey whose invitation the contact has, when one sent it: the notice is on its timeline. */
  journeyKey: string | null;
  /** The event's sequence after this move: the notice is sent only while it is still the latest. */
  sequence: number;
};

export function eventMovedNoticeWorkflowId(eventKey: string, contactId: string, sequence: number): string {
  return `event-moved/${eventKey}/${contactId}/${sequence}`;
}

/** The notice's template; it carries the event's new time, its updated calendar entry and the answer links. */
export const eventMovedNoticeTemplate = 'event-moved';
