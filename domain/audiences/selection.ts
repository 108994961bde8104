// Whose people an ad audience holds: the buying groups of one tier's target accounts, or of the
// accounts a journey is running or paused for. The same schema reads the CLI's flags, the API's
// query and the console's form, so each door refuses the same mistakes in the same words.
import { z } from 'zod';
import { field } from '../fields/field-ref';
import { audienceFormat } from './upload-formats';

const tierField = z.coerce
  .number({ error: 'expected a tier: 1, 2 or 3' })
  .int({ error: 'expected a tier: 1, 2 or 3' })
  .min(1, { error: 'expected a tier: 1, 2 or 3' })
  .max(3, { error: 'expected a tier: 1, 2 or 3' });

export const audienceSelectionSchema = z
  .object({
    tier: tierField.optional(),
    journey: z.string().trim().min(1, { error: "expected a journey's key, as `harpoon journeys list` shows it" }).optional(),
    format: audienceFormat,
  })
  .refine((s) => (s.tier === undefined) !== (s.journey === undefined), {
    error: `give exactly one of ${field('tier')} (a tier's target accounts) or ${field('journey')} (the accounts a journey is running or paused for)`,
    path: ['tier'],
  });
export type AudienceSelection = z.infer<typeof audienceSelectionSchema>;

/** "tier 1", "journey tier1-exec": for summaries and logs. */
export const selectionLabel = (s: Pick<AudienceSelection, 'tier' | 'journey'>) => (s.tier !== undefined ? `tier ${s.tier}` : `journey ${s.journey}`);

/** The part of a file name that says whose audience it is: "tier1", "journey-tier1-exec". */
export const selectionSlug = (s: Pick<AudienceSelection, 'tier' | 'journey'>) =>
  (s.tier !== undefined ? `tier${s.tier}` : `journey-${s.journey}`).replace(/[^\w.-]/g, '_');
