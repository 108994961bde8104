// What an email step's A/B test says in the journey file: its variants, how contacts are split
// between them, and the rule that picks a winner. Parsed with zod here; the assignment and the rule
// (variant-assignment.ts, winner-rule.ts) take the parsed shapes and stay free of zod, as the
// workflow imports them.
import { z } from 'zod';
import { durationSchema } from '../time/time-schemas';

const variantKeySchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,19}$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a variant key, expected a short lower-case word such as a, b or short-subject`,
});

export const variantSchema = z
  .strictObject({
    key: variantKeySchema,
    /** Another template than the step's own. */
    template: z.string().trim().min(1, 'expected a template key such as intro-short').optional(),
    /**
     * Another subject line than the template's, as plain text: it is sent as written, so Liquid in
     * it ({{ contact.firstName }}) would reach the inbox as braces, and is refused.
     */
    subject: z
      .string()
      .trim()
      .min(1, 'expected a subject line')
      .max(200, 'expected a subject line of at most 200 characters')
      .refine((line) => !/\{\{|\{%/.test(line), {
        error: 'is plain text and is sent as written: Liquid such as {{ contact.firstName }} would reach the inbox as typed; personalise the subject in a template (its subject.liquid) and name that template instead',
      })
      .optional(),
    /** The variant's share of the split relative to the others' (default 1: an even split). */
    weight: z.number().positive('expected a weight above 0 such as 1 or 2').max(100).optional(),
  })
  .refine((v) => v.template !== undefined || v.subject !== undefined, {
    error: 'a variant changes the template and/or the subject: add template: <key> or subject: <line>',
  });
export type Variant = z.infer<typeof variantSchema>;

export const experimentMetrics = ['clicks', 'replies', 'mqa'] as const;
export type ExperimentMetric = (typeof experimentMetrics)[number];

export const winnerRuleSchema = z.strictObject({
  /** clicks: a person clicked a link in this email; replies: the contact (account split: anyone) replied; mqa: the account was handed to sales. */
  metric: z.enum(experimentMetrics, { error: 'expected clicks, replies or mqa' }),
  /** How long after a unit's first email its conversion counts; a unit counts once this window has passed. */
  within: durationSchema.default('7d'),
  /** Units with a complete window each variant needs before the test is run. */
  minSample: z.number().int('expected a whole number such as 50').min(5, 'expected at least 5 per variant').max(100_000).default(50),
  /** 1 − the significance level: 0.95 decides at p < 0.05. */
  confidence: z.number().min(0.8, 'expected a confidence from 0.8 to 0.999 such as 0.95').max(0.999, 'expected a confidence from 0.8 to 0.999 such as 0.95').default(0.95),
});
export type WinnerRule = z.infer<typeof winnerRuleSchema>;

export const splitUnits = ['contact', 'account'] as const;
export type SplitUnit = (typeof splitUnits)[number];

/** The fields an email step gains for an A/B test; without `variants` it is an ordinary email step. */
export const experimentFields = {
  // The count as a refinement that runs whatever the variants hold: zod's own length checks would
  // fail first and hide every variant's problems, and a file should show all of them at once.
  variants: z
    .array(variantSchema)
    .refine((vs) => vs.length >= 2 && vs.length <= 4, {
      error: (issue) => `expected 2 to 4 variants, not ${(issue.input as unknown[]).length}`,
      when: (payload) => Array.isArray(payload.value),
    })
    .refine((vs) => new Set(vs.map((v) => v.key)).size === vs.length, { error: 'variant keys must be unique: give each variant its own key' })
    .optional(),
  /** contact: each person gets one variant; account: everyone in an account gets the same one. */
  split: z.enum(splitUnits, { error: 'expected contact or account' }).optional(),
  /** Another seed gives another split; default: the journey's key and the step's id. */
  seed: z.string().trim().min(1).max(100).optional(),
  winner: winnerRuleSchema.optional(),
};
