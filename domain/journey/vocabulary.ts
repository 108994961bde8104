// The words a journey definition is written in. Buying-group roles, seniority, tiers and consent
// belong to the account model and are re-exported from there so both sides can never drift apart.
import { z } from 'zod';
import { buyingGroupRole, seniority, tiers, type BuyingGroupRole, type Seniority, type Tier } from '../accounts/vocabulary';

export { seniority, type Seniority, type Tier };
export const role = buyingGroupRole;
export type Role = BuyingGroupRole;

/** The account model's tiers, with an error message fit for a journey file. */
export const tier = z.literal(tiers, { error: (issue) => `${JSON.stringify(issue.input)} is not a tier, expected 1, 2 or 3` });

/** Engagement events a journey can react to. Event-invite types join this one list later. */
export const eventTypes = ['opened', 'clicked', 'replied', 'visited', 'inquiry', 'unsubscribed', 'bounced'] as const;
export const eventType = z.enum(eventTypes);
export type EventType = z.infer<typeof eventType>;

/** In JavaScript's getUTCDay() order, so an index is a weekday number. */
export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const weekday = z.enum(weekdays);
export type Weekday = z.infer<typeof weekday>;

/** Link and page tags ("pricing") are typed by people; "Pricing" and "pricing" are one tag. */
export function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase();
}
