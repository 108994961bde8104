// Service levels count business days (Monday to Friday) in the owner's time zone: a task handed
// over on Friday afternoon with one business day is due Monday afternoon, not Saturday.
import { addDays, instantOf, localDateTime, weekdayOf } from './local-time';

const isWeekend = (weekday: number) => weekday === 0 || weekday === 6;

/**
 * The instant `days` business days after `fromMs`, at the same local clock time. A start on a
 * weekend counts from the following Monday at 09:00, when the owner is first at work.
 */
export function addBusinessDays(fromMs: number, days: number, timeZone: string): number {
  const local = localDateTime(fromMs, timeZone);
  let date = { year: local.year, month: local.month, day: local.day };
  let time = { hour: local.hour, minute: local.minute };
  if (isWeekend(weekdayOf(date))) {
    while (isWeekend(weekdayOf(date))) date = addDays(date, 1);
    time = { hour: 9, minute: 0 };
  }
  for (let left = days; left > 0; ) {
    date = addDays(date, 1);
    if (!isWeekend(weekdayOf(date))) left--;
  }
  return instantOf(date, time, timeZone);
}

/** The start of the local day after `ms`: when a rep's daily handoff capacity renews. */
export function nextLocalMidnight(ms: number, timeZone: string): number {
  const local = localDateTime(ms, timeZone);
  return instantOf(addDays(local, 1), { hour: 0, minute: 0 }, timeZone);
}

/** The local calendar day of an instant, as YYYY-MM-DD. */
export function localDay(ms: number, timeZone: string): string {
  const l = localDateTime(ms, timeZone);
  return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}
