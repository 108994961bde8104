import { expect, it } from 'vitest';
import { timeOrderedId } from '../../db/time-ordered-id';

it('makes version 7 UUIDs that sort in the order of their times, and never the same one twice', () => {
  const base = Date.parse('2026-12-07T06:00:00Z');
  const ids = [base + 5, base, base + 1_000, base + 1, base + 86_400_000].map((ms) => timeOrderedId(ms));
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect([...ids].sort()).toEqual([ids[1], ids[3], ids[0], ids[2], ids[4]]);
  // The time is the id's first 48 bits.
  expect(parseInt(ids[4]!.replace('-', '').slice(0, 12), 16)).toBe(base + 86_400_000);
  const sameMs = Array.from({ length: 1_000 }, () => timeOrderedId(base));
  expect(new Set(sameMs).size).toBe(1_000);
});
