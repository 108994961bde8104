// The plain words of a journey (event types, weekdays, tags) without their schemas, so workflow
// code can use them without loading zod into every cached journey (see vocabulary.ts for the schemas).

/**
 * Engagement events a journey can react to. The event_* ones are a contact's answers to an event
 * invitation and the attendance import; their tag is the event's key.
 */
export const eventTypes = [
  'opened',
  'clicked',
  'replied',
  'visited',
  'inquiry',
  'unsubscribed',
  'bounced',
  'complained',
  'event_registered',
  'event_waitlisted',
  'event_declined',
  'event_attended',
  'event_no_show',
] as const;
export type EventType = (typeof eventTypes)[number];

/** In JavaScript's getUTCDay() order, so an index is a weekday number. */
export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

/** Link and page tags ("pricing") are typed by people; "Pricing" and "pricing" are one tag. */
export function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase();
}
