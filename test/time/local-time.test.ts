import { describe, expect, it } from 'vitest';
import { instantOf, localDateTime, skippedBy } from '../../domain/time/local-time';

const iso = (ms: number) => new Date(ms).toISOString();

describe('local time in IANA zones', () => {
  it('reads the wall clock and weekday of an instant in Asia/Shanghai', () => {
    // 2026-01-01T16:00Z is midnight of Friday 2 January in Shanghai (UTC+8).
    expect(localDateTime(Date.UTC(2026, 0, 1, 16), 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 1,
      day: 2,
      hour: 0,
      minute: 0,
      second: 0,
      weekday: 5,
    });
  });

  it('finds the instant of a local time on either side of a DST change', () => {
    const ny = 'America/New_York';
    expect(iso(instantOf({ year: 2026, month: 3, day: 6 }, { hour: 9, minute: 0 }, ny))).toBe('2026-03-06T14:00:00.000Z');
    expect(iso(instantOf({ year: 2026, month: 3, day: 9 }, { hour: 9, minute: 0 }, ny))).toBe('2026-03-09T13:00:00.000Z');
  });

  it('moves a time skipped by spring-forward past the gap, and picks the first of a repeated time', () => {
    const ny = 'America/New_York';
    // 02:30 does not exist on 8 March 2026; the same distance after 02:00 EST is 03:30 EDT.
    expect(iso(instantOf({ year: 2026, month: 3, day: 8 }, { hour: 2, minute: 30 }, ny))).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 1 November 2026: first in EDT (UTC-4).
    expect(iso(instantOf({ year: 2026, month: 11, day: 1 }, { hour: 1, minute: 30 }, ny))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('names the jump of the clocks that skips a time, and none for a time that shows once or twice', () => {
    const night = { year: 2027, month: 3, day: 28 };
    const jump = { from: { hour: 2, minute: 0 }, to: { hour: 3, minute: 0 } };
    expect(skippedBy(night, { hour: 2, minute: 0 }, 'Europe/Berlin')).toEqual(jump);
    expect(skippedBy(night, { hour: 2, minute: 59 }, 'Europe/Berlin')).toEqual(jump);
    expect(skippedBy(night, { hour: 1, minute: 59 }, 'Europe/Berlin')).toBeUndefined();
    expect(skippedBy(night, { hour: 3, minute: 0 }, 'Europe/Berlin')).toBeUndefined();
    // Lord Howe Island moves its clocks by half an hour.
    expect(skippedBy({ year: 2026, month: 10, day: 4 }, { hour: 2, minute: 15 }, 'Australia/Lord_Howe')).toEqual({ from: { hour: 2, minute: 0 }, to: { hour: 2, minute: 30 } });
    // 02:30 on the night clocks go back happens twice: it exists.
    expect(skippedBy({ year: 2027, month: 10, day: 31 }, { hour: 2, minute: 30 }, 'Europe/Berlin')).toBeUndefined();
  });
});

/** The local date and time as Intl reads it, the slow way. */
function intlLocal(ms: number, zone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' })
      .formatToParts(ms)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!),
  };
}
const offsetOf = (ms: number, zone: string) => {
  const l = intlLocal(ms, zone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - Math.floor(ms / 1000) * 1000;
};

it('reads the same local date and time as Intl does, across zones with summer time and half- and quarter-hour offsets', () => {
  const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Kolkata', 'America/Santiago', 'UTC'];
  const moments: number[] = [];
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let i = 0; i < 2000; i++) moments.push(Math.round(Date.UTC(2020, 0, 1) + random() * 15 * 365 * 86_400_000));
  for (const zone of zones) {
    // Every moment the zone's clocks change in 2026 (found minute by minute), and a second either side.
    const dayMs = 86_400_000;
    for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += dayMs) {
      if (offsetOf(day, zone) === offsetOf(day + dayMs, zone)) continue;
      let [before, after] = [day, day + dayMs];
      while (after - before > 60_000) {
        const mid = before + Math.floor((after - before) / 120_000) * 60_000;
        if (offsetOf(mid, zone) === offsetOf(before, zone)) before = mid;
        else after = mid;
      }
      moments.push(after - 1000, after - 1, after, after + 1000);
    }
    for (const ms of moments) expect({ zone, ms, ...localDateTime(ms, zone) }).toEqual({ zone, ms, ...intlLocal(ms, zone) });
  }
});
