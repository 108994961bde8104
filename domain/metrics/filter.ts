// What a metrics report is about: one schema for `harpoon report` and `GET /v1/metrics`, so both
// accept the same words and refuse bad ones with the same message. Dates are UTC calendar days and
// `to` includes its whole day.
import { z } from 'zod';
import { cliFlag, field, forCli } from '../fields/field-ref';
import { invalid } from '../use-case-error';
import { isCalendarDay } from '../time/local-time';
import { emailAddress } from '../accounts/email-address';

// The pattern is a check of its own so that the API's document shows it; the calendar check after
// it refuses what the pattern lets through (2026-02-30).
const day = (field: 'from' | 'to') => {
  const error = `expected the ${field === 'from' ? 'first' : 'last'} day of the period as YYYY-MM-DD, such as 2026-11-01`;
  return z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error, abort: true })
    .refine(isCalendarDay, { error });
};

export const metricsFilterSchema = z
  .object({
    journey: z.string().trim().min(1, 'expected a journey key such as tier3-nurture').optional(),
    // Text, as the CLI and query strings give it; the enum lets the API's document list the three values.
    tier: z
      .enum(['1', '2', '3'], { error: 'expected 1, 2 or 3' })
      .transform(Number)
      .optional(),
    owner: emailAddress("expected a sales rep's e-mail address").optional(),
    from: day('from').optional(),
    to: day('to').optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, { path: ['to'], error: `expected a day on or after ${field('from')}` });

export type MetricsFilter = z.infer<typeof metricsFilterSchema>;

/** The report's period in epoch ms: [fromMs, toMs). No `from`: since the beginning; no `to`, or one ahead: until now. */
export type Period = { fromMs: number | null; toMs: number };

const dayMs = 86_400_000;

export function periodOf(filter: Pick<MetricsFilter, 'from' | 'to'>, nowMs: number): Period {
  const fromMs = filter.from === undefined ? null : Date.parse(`${filter.from}T00:00:00Z`);
  // A period that begins tomorrow would show zeros for everything, as if nothing had happened.
  if (fromMs !== null && fromMs > nowMs) throw invalid(`${field('from')}: ${filter.from} has not begun yet; a report covers what happened, up to today`);
  // A last day ahead (9999-12-31, a spreadsheet's open end) ends the period now: nothing has happened
  // after it, and a cost of a month still to come does not count yet.
  return { fromMs, toMs: filter.to === undefined ? nowMs : Math.min(Date.parse(`${filter.to}T00:00:00Z`) + dayMs, nowMs) };
}

export const inPeriod = (period: Period, ms: number | null | undefined): ms is number =>
  ms !== null && ms !== undefined && (period.fromMs === null || ms >= period.fromMs) && ms < period.toMs;

/** One line per problem, naming the field as the CLI spells it (`--tier: expected 1, 2 or 3`). */
export function filterProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const flag = issue.path.length ? cliFlag(String(issue.path[0])) : 'filter';
    if (issue.code === 'unrecognized_keys') return `${flag}: unknown filter ${issue.keys.join(', ')}, expected journey, tier, owner, from or to`;
    return `${flag}: ${forCli(issue.message)}`;
  });
}
