// The words a journey definition is written in. Buying-group roles, seniority, tiers and consent
// belong to the account model and are re-exported from there so both sides can never drift apart.
import { z } from 'zod';
import { buyingGroupRole, seniority, tiers, type BuyingGroupRole, type Seniority, type Tier } from '../accounts/vocabulary';
import { eventTypes, weekdays } from './terms';

export { eventTypes, normaliseTag, weekdays, type EventType, type Weekday } from './terms';

export { seniority, type Seniority, type Tier };
export const role = buyingGroupRole;
export type Role = BuyingGroupRole;

/** The account model's tiers, with an error message fit for a journey file. */
export const tier = z.literal(tiers, { error: (issue) => `${JSON.stringify(issue.input)} is not a tier, expected 1, 2 or 3` });

export const eventType = z.enum(eventTypes);
export const weekday = z.enum(weekdays);
