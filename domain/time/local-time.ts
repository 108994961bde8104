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

/**
 * Whether the `YYYY-MM-DD` that `text` starts with is a day the calendar has. Date quietly rolls
 * 2027-02-30 over to 2 March, so every date people type is checked with this first.
 */
export function isCalendarDay(text: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  return month >= 1 && month <= 12 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}
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

/**
 * How far the zone's clock is ahead of UTC at an instant, in ms, asked of Intl once per quarter hour
 * of UTC time and zone: offsets and the moments they change are whole quarter hours, and Intl's
 * formatting is the costly part of every local-time question (a forecast of thousands of accounts
 * asks millions). Pure: the cache only remembers answers, so the workflow may share it.
 */
const quarterMs = 900_000;
const offsets = new Map<string, Map<number, number>>();
const maxCachedOffsets = 200_000;
let cachedOffsets = 0;

function offsetAt(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / quarterMs);
  let zone = offsets.get(timeZone);
  const known = zone?.get(quarter);
  if (known !== undefined) return known;
  if (cachedOffsets >= maxCachedOffsets) {
    offsets.clear();
    cachedOffsets = 0;
    zone = undefined;
  }
  const at = quarter * quarterMs;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const offset = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0) - at;
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  zone.set(quarter, offset);
  cachedOffsets++;
  return offset;
}

/** The local calendar date and clock time of an instant; weekday 0 is Sunday. */
export function localDateTime(ms: number, timeZone: string): LocalDateTime {
  // Whole seconds, as a clock shows them.
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetAt(ms, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
  };
}

/** The local date `days` after `date` (calendar arithmetic, unaffected by DST). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/**
 * The instant a local clock shows `time` on `date`. A time that happens twice (clocks going back)
 * gives the first; a time skipped by clocks going forward gives the instant the same distance after
 * the jump (02:30 on a spring-forward night at 02:00 becomes 03:30), so a wait is never lost.
 */
export function instantOf(date: LocalDate, time: ClockTime, timeZone: string): number {
  const { wall, offsets, valid } = instantsShowing(date, time, timeZone);
  if (valid.length > 0) return Math.min(...valid);
  return wall - Math.min(...offsets);
}

/**
 * The instants at which a local clock shows `time` on `date`: none in a gap, two in an overlap.
 * `wall` is the local date and time read as UTC; `offsets` are the zone's offsets a day either side,
 * so one change of the clocks (never two within a day) is seen.
 */
function instantsShowing(date: LocalDate, time: ClockTime, timeZone: string): { wall: number; offsets: number[]; valid: number[] } {
  const wall = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const offsets = [...new Set([offsetAt(wall - dayMs, timeZone), offsetAt(wall + dayMs, timeZone)])];
  return { wall, offsets, valid: offsets.map((o) => wall - o).filter((t) => offsetAt(t, timeZone) === wall - t) };
}

/**
 * The jump of the clocks that skips `time` on `date`, if one does: on a spring-forward night at
 * 02:00 in Europe/Berlin, 02:30 never shows, and the clocks go from 02:00 to 03:00. Undefined for a
 * time that shows (once, or twice when clocks go back). For those who must refuse such a time
 * rather than let instantOf move it.
 */
export function skippedBy(date: LocalDate, time: ClockTime, timeZone: string): { from: ClockTime; to: ClockTime } | undefined {
  const { wall, offsets, valid } = instantsShowing(date, time, timeZone);
  if (valid.length > 0) return undefined;
  // In a gap the earlier offset is the smaller: the jump lies between the instants the two offsets
  // would give, on a whole quarter hour (offsetAt), the first at which the later offset holds.
  const [before, after] = [Math.min(...offsets), Math.max(...offsets)];
  let jump = Math.ceil((wall - after) / quarterMs) * quarterMs;
  while (offsetAt(jump, timeZone) !== after) jump += quarterMs;
  const clock = (ms: number): ClockTime => ({ hour: new Date(ms).getUTCHours(), minute: new Date(ms).getUTCMinutes() });
  return { from: clock(jump + before), to: clock(jump + after) };
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
