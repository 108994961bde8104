// When a scheduled audience export is due again, and the name of the file it writes.
import path from 'node:path';
import { z } from 'zod';
import { parseDuration } from '../time/duration';
import { audienceSelectionSchema, selectionSlug, type AudienceSelection } from './selection';

/** More often than hourly would re-upload the same people for nothing; platforms refresh lists daily at best. */
const minEveryMs = 3_600_000;

export const audienceScheduleSchema = audienceSelectionSchema.and(
  z.object({
    every: z
      .string({ error: 'expected how often, such as 1d or 12h' })
      .trim()
      .refine((v) => (parseDuration(v) ?? 0) >= minEveryMs, { error: 'expected how often, from 1h to a year, such as 1d, 12h or 1w' }),
    dir: z
      .string({ error: 'expected the folder the files are written to' })
      .trim()
      .min(1, { error: 'expected the folder the files are written to' })
      .transform((dir) => path.resolve(dir)),
  }),
);
export type AudienceScheduleInput = z.infer<typeof audienceScheduleSchema>;

/** The first due time after `nowMs` on the schedule's beat: a worker that was down skips the runs it missed, it does not catch up on each. */
export function nextRunAfter(dueMs: number, everyMs: number, nowMs: number): number {
  if (dueMs > nowMs) return dueMs;
  return dueMs + (Math.floor((nowMs - dueMs) / everyMs) + 1) * everyMs;
}

/**
 * "harpoon-audience-tier1-google-2026-12-05.csv": the day in UTC, and the hour and minute too when
 * the schedule runs more than once a day, so no run replaces an earlier one's file.
 */
export function exportFileName(s: Pick<AudienceSelection, 'tier' | 'journey' | 'format'>, everyMs: number, atMs: number): string {
  const iso = new Date(atMs).toISOString();
  const when = everyMs < 86_400_000 ? `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z` : iso.slice(0, 10);
  return `harpoon-audience-${selectionSlug(s)}-${s.format}-${when}.csv`;
}
