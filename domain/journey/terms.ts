// The plain words of a journey (event types, weekdays, tags) without their schemas, so workflow
// code can use them without loading zod into every cached journey (see vocabulary.ts for the schemas).

/** Engagement events a journey can react to. Event-invite types join this one list later. */
export const eventTypes = ['opened', 'clicked', 'replied', 'visited', 'inquiry', 'unsubscribed', 'bounced'] as const;
export type EventType = (typeof eventTypes)[number];

/** In JavaScript's getUTCDay() order, so an index is a weekday number. */
export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

/** Link and page tags ("pricing") are typed by people; "Pricing" and "pricing" are one tag. */
export function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase();
}
