import { describe, expect, it } from 'vitest';
import { instantOf, localDateTime } from '../../domain/journey/local-time';

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
});
