// An event file (`harpoon events create <file>`, YAML or JSON) as one zod schema. Start and end are
// written as the wall clock of the event's own time zone ("2027-03-04T17:00" in Europe/Berlin) and
// stored as instants; the invitation's calendar entry shows them in that zone. A time the clocks
// skip that day is refused (instantOf would move it an hour on, past the end perhaps), and the zone
// is stored as the zone spells itself: the calendar entry looks its definition up by that name.
import { z } from 'zod';
import { canonicalTimeZone, isTimeZone, oneLine } from '../accounts/fields';
import { instantOf, isCalendarDay, skippedBy, type ClockTime, type LocalDate } from '../time/local-time';
import { role, seniority } from '../journey/vocabulary';
import { eventKinds } from './vocabulary';

const shown = (input: unknown) => JSON.stringify(input) ?? String(input);

export const eventKeySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, {
  error: (issue) => `${shown(issue.input)} is not an event key, expected 2-63 lower-case letters, digits and hyphens such as exec-roundtable-2027`,
});

const localDateTimeError = (input: unknown) => `${shown(input)} is not a local date and time, expected YYYY-MM-DDTHH:MM such as 2027-03-04T17:00 (in the event's timezone)`;
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, { error: (issue) => localDateTimeError(issue.input), abort: true })
  .refine(isCalendarDay, { error: (issue) => localDateTimeError(issue.input) });

const timeZone = z
  .string()
  .refine(isTimeZone, { error: (issue) => `${shown(issue.input)} is not an IANA time zone, expected e.g. Europe/Berlin` })
  .transform(canonicalTimeZone);

export const eventDefinitionSchema = z
  .strictObject({
    key: eventKeySchema,
    kind: z.enum(eventKinds, { error: (issue) => `${shown(issue.input)} is not an event kind, expected one of ${eventKinds.join(', ')}` }),
    title: z.string().trim().min(1, 'expected the title invitees will see').superRefine(oneLine('the title invitees will see')),
    description: z.string().trim().optional(),
    start: localDateTime,
    end: localDateTime,
    timezone: timeZone,
    /** Where to join an online event; shown in the invitation and the calendar entry. */
    online: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://meet.example/roundtable' }).optional(),
    venue: z.string().trim().min(1).superRefine(oneLine('the address invitees will see')).optional(),
    /** Seats; registrations beyond it join the waitlist. No capacity: no limit. */
    capacity: z.number().int().min(1, 'expected at least 1 seat').optional(),
    audience: z.strictObject({ roles: z.array(role).min(1).optional(), seniority: z.array(seniority).min(1).optional() }).optional(),
    cost: z.strictObject({ amount: z.number().min(0), currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO currency code such as EUR') }).optional(),
  })
  .refine((e) => e.online !== undefined || e.venue !== undefined, { error: 'expected online (a URL) and/or venue (an address): say where the event happens', path: ['venue'] })
  .superRefine((e, ctx) => {
    // Runs even when a field was refused (those issues do not abort): they say what is wrong there.
    if (!isTimeZone(e.timezone) || !localDateTime.safeParse(e.start).success || !localDateTime.safeParse(e.end).success) return;
    const skipped = (['start', 'end'] as const).filter((field) => {
      const problem = skippedTime(e[field], e.timezone);
      if (problem) ctx.addIssue({ code: 'custom', input: e[field], message: problem, path: [field] });
      return problem !== undefined;
    });
    // Compared as instants: the wall clocks of a night the clocks change do not say which comes first.
    if (skipped.length === 0 && instantOfLocal(e.end, e.timezone).getTime() <= instantOfLocal(e.start, e.timezone).getTime()) {
      ctx.addIssue({ code: 'custom', input: e.end, message: 'expected end after start', path: ['end'] });
    }
  });
export type EventDefinition = z.infer<typeof eventDefinitionSchema>;

/** The date and the time of day a local "YYYY-MM-DDTHH:MM" names. */
function localParts(text: string): { date: LocalDate; time: ClockTime } {
  const [date, time] = text.split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return { date: { year, month, day }, time: { hour, minute } };
}

/** The instant a local "YYYY-MM-DDTHH:MM" means in a time zone. */
export function instantOfLocal(text: string, zone: string): Date {
  const { date, time } = localParts(text);
  return new Date(instantOf(date, time, zone));
}

const clock = (t: ClockTime) => `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;

/** Why a local start or end is no time of that day in the zone, if it is not: the clocks skip it. */
function skippedTime(text: string, zone: string): string | undefined {
  const { date, time } = localParts(text);
  const jump = skippedBy(date, time, zone);
  if (!jump) return undefined;
  const [from, to] = [clock(jump.from), clock(jump.to)];
  return `${shown(text)} does not exist in ${zone} (clocks go forward from ${from} to ${to}), expected a time before ${from} or from ${to}`;
}
