// The schemas of durations and times of day, apart from their plain parsing (duration.ts,
// local-time.ts), which workflow code uses without zod.
import { z } from 'zod';
import { parseBeforeStart, parseDuration } from './duration';

/** What is wrong with a text that is no duration: written as one but zero or over a year, or not written as one. */
export function durationProblem(text: unknown): string {
  const shown = JSON.stringify(text);
  const written = typeof text === 'string' ? /^(\d+)[smhdw]$/.exec(text.trim()) : null;
  if (written && Number(written[1]) === 0) return `${shown} is no time at all: a duration must be above 0, such as 1d`;
  if (written) return `${shown} is too long: a duration may be at most a year (366d or 52w)`;
  return `${shown} is not a duration, expected a whole number and a unit (s, m, h, d or w) such as 45s, 30m, 12h, 3d or 2w, at most a year`;
}

export const durationSchema = z.string().refine((text) => parseDuration(text) !== null, {
  error: (issue) => durationProblem(issue.input),
});

export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a time of day, expected HH:MM on a 24-hour clock such as 08:00 or 17:30`,
});

/** What is wrong with a text that is no time before an event's start: a duration's own problem after its minus sign, or no minus sign. */
function beforeStartProblem(text: unknown): string {
  const shown = JSON.stringify(text);
  const after = typeof text === 'string' && text.trim().startsWith('-') ? text.trim().slice(1) : undefined;
  if (after !== undefined && /^\d+[smhdw]$/.test(after)) return durationProblem(after).replace(JSON.stringify(after), shown);
  return `${shown} is not a time before the event's start, expected a minus sign and a duration such as -7d or -2h`;
}

export const beforeStartSchema = z.string().refine((text) => parseBeforeStart(text) !== null, {
  error: (issue) => beforeStartProblem(issue.input),
});
