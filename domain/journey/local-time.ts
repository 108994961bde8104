// Wall-clock arithmetic in IANA time zones without a date library: Intl tells us the local time of
// an instant, and we search for the instant of a local time. Pure and deterministic, so the journey
// workflow and the contact policy can both use it inside Temporal's sandbox.
export type ClockTime = { hour: number; minute: number };

/** Reads a time already validated by clockTimeSchema (time-schemas.ts). */
export function parseClockTime(text: string): ClockTime {
  const [hour, minute] = text.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

export type LocalDate = { year: number; month: number; day: number };
export type LocalDateTime = LocalDate & ClockTime & { second: number; weekday: number };

const dayMs = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local calendar date and clock time of an instant; weekday 0 is Sunday. */
export function localDateTime(ms: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
  return { ...local, weekday: weekdayOf(local) };
}

/** The local date `days` after `date` (calendar arithmetic, unaffected by DST). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const l = localDateTime(ms, timeZone);
  const wholeSecond = ms - (((ms % 1000) + 1000) % 1000);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - wholeSecond;
}

/**
 * The instant a local clock shows `time` on `date`. A time that happens twice (clocks going back)
 * gives the first; a time skipped by clocks going forward gives the instant the same distance after
 * the jump (02:30 on a spring-forward night at 02:00 becomes 03:30), so a wait is never lost.
 */
export function instantOf(date: LocalDate, time: ClockTime, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const offsets = [...new Set([offsetAt(wall - dayMs, timeZone), offsetAt(wall + dayMs, timeZone)])];
  const valid = offsets.map((o) => wall - o).filter((t) => offsetAt(t, timeZone) === wall - t);
  if (valid.length > 0) return Math.min(...valid);
  return wall - Math.min(...offsets);
}

/**
 * The first instant strictly after `afterMs` at which the local clock shows `time` on a weekday that
 * `dayAllowed` accepts. Strictly after, so a loop that waits for "Monday 09:00" always moves on.
 */
export function nextLocalTime(
  afterMs: number,
  timeZone: string,
  time: ClockTime,
  dayAllowed: (weekday: number) => boolean = () => true,
): number {
  const today = localDateTime(afterMs, timeZone);
  // Eight days always contain the same weekday again after today's occurrence has passed.
  for (let k = 0; k <= 8; k++) {
    const date = addDays(today, k);
    if (!dayAllowed(weekdayOf(date))) continue;
    const at = instantOf(date, time, timeZone);
    if (at > afterMs) return at;
  }
  throw new RangeError('no allowed weekday: dayAllowed must accept at least one day of the week');
}
