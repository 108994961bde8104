import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../domain/time/duration';

describe('parseDuration', () => {
  it.each([
    ['45s', 45_000],
    ['30m', 30 * 60_000],
    ['12h', 12 * 3_600_000],
    ['3d', 3 * 86_400_000],
    ['2w', 14 * 86_400_000],
    [' 3d ', 3 * 86_400_000],
    ['366d', 366 * 86_400_000],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['3', 'd', '3 days', '3D', '1.5d', '-2d', '0d', '1d12h', '367d', '53w', ''])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
