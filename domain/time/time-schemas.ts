// The schemas of durations and times of day, apart from their plain parsing (duration.ts,
// local-time.ts), which workflow code uses without zod.
import { z } from 'zod';
import { parseBeforeStart, parseDuration } from './duration';

export const durationSchema = z.string().refine((text) => parseDuration(text) !== null, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a duration, expected a whole number and a unit (s, m, h, d or w) such as 45s, 30m, 12h, 3d or 2w, at most a year`,
});

export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a time of day, expected HH:MM on a 24-hour clock such as 08:00 or 17:30`,
});

export const beforeStartSchema = z.string().refine((text) => parseBeforeStart(text) !== null, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a time before the event's start, expected a minus sign and a duration such as -7d or -2h`,
});
