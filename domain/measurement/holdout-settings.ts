// A journey's holdout as its file declares it: which share of the eligible target accounts of each
// tier gets no journey touches and is measured as the comparison group (domain/measurement/
// holdout.ts assigns them). Kept apart from the assignment so the journey schema, which workflow
// code imports, carries no more than this schema.
import { z } from 'zod';

export const holdoutShareSchema = z
  .number({ error: 'expected the share of accounts to hold out, a number such as 0.1 for 10 %' })
  .gt(0, 'expected a share above 0 (no holdout: leave the holdout out)')
  .max(0.5, 'expected a share of at most 0.5: holding out more than half leaves the journey itself too few accounts');

export const holdoutSettingsSchema = z.strictObject({
  share: holdoutShareSchema,
  /** Decides which accounts are held out; default: the journey's key, so a journey's groups are reproducible. */
  seed: z.string().trim().min(1, 'expected a seed word, or leave seed out to use the journey key').optional(),
});
export type HoldoutSettings = z.infer<typeof holdoutSettingsSchema>;

/** "10%", "10 %", "0.1" or "12.5%" as a share; what `--holdout` and the launch form accept. */
export const holdoutShareTextSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
    const share = percent ? Number(percent[1]) / 100 : /^\d*\.?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isNaN(share)) {
      ctx.addIssue({ code: 'custom', message: `expected a share such as 10% or 0.1, not "${text}"` });
      return z.NEVER;
    }
    // "10" meant 10 % (the form's placeholder says 10%); read as a share it is 1,000 %, refused below in words that do not say so.
    if (!percent && share > 1) {
      ctx.addIssue({ code: 'custom', message: `"${text}" without % is a share of ${text} (${share * 100} %); write ${text}% or ${share / 100}` });
      return z.NEVER;
    }
    return share;
  })
  .pipe(holdoutShareSchema);
