// The schema of the engagement score's settings, apart from the pure score (score.ts), which the
// journey workflow runs without zod.
import { z } from 'zod';
import { eventType, normaliseTag, type EventType } from '../journey/vocabulary';
import { defaultWeights, type EngagementConfig } from './score';

const points = z.number().min(0).max(100);

export const engagementConfigSchema = z.strictObject({
  /** Points per event kind at the moment it happens; unlisted kinds keep their default. */
  weights: z
    .partialRecord(eventType, points)
    .prefault({})
    .transform((w): Record<EventType, number> => ({ ...defaultWeights, ...w })),
  /** Extra points for an event carrying the tag (a click on a pricing link, a visit to the pricing page). */
  tagBonus: z
    .record(z.string().min(1), points)
    .default({ pricing: 5 })
    .transform((bonus) => Object.fromEntries(Object.entries(bonus).map(([tag, p]) => [normaliseTag(tag), p]))),
  /** After this many days an event counts half. */
  halfLifeDays: z.number().positive().max(3650).default(14),
  /**
   * Decayed points from which a contact or role counts as engaged, so one open from months ago does
   * not make a role "engaged" forever. The default keeps a single open engaged for one half-life.
   */
  engagedAtLeast: z.number().min(0).default(0.5),
}) satisfies z.ZodType<EngagementConfig>;
