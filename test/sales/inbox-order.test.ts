// The pure rules behind a rep's inbox: what they can act on first, queued tasks apart with the
// earliest moment each can reach them, times on the rep's own clock with the zone named, and a next
// action that follows the task's status.
import { describe, expect, it } from 'vitest';
import { arrangeInbox, arrivalFrom, type InboxTask } from '../../domain/sales/inbox-order';
import { nextActionFor } from '../../domain/sales/next-action';
import { formatInZone } from '../../domain/time/zone-time';

const at = (iso: string) => Date.parse(iso);
const task = (id: string, extra: Partial<InboxTask>): InboxTask => ({
  id,
  status: 'created',
  ownerId: 'rep-1',
  dueAtMs: null,
  createdAtMs: at('2026-12-01T08:00:00Z'),
  priority: 2050,
  timeZone: 'Asia/Kolkata',
  capacity: 1,
  ...extra,
});

describe('formatInZone', () => {
  it("names the zone and its offset, half-hour zones and summer time included", () => {
    expect(formatInZone(at('2026-12-08T10:00:00Z'), 'Asia/Kolkata')).toBe('Tue 8 Dec 2026, 15:30 Asia/Kolkata (UTC+5:30)');
    expect(formatInZone(at('2026-12-08T10:00:00Z'), 'America/St_Johns')).toBe('Tue 8 Dec 2026, 06:30 America/St_Johns (UTC-3:30)');
    expect(formatInZone(at('2026-07-08T10:00:00Z'), 'America/New_York')).toBe('Wed 8 Jul 2026, 06:00 America/New_York (UTC-4)');
    expect(formatInZone(at('2026-12-08T10:00:00Z'), 'America/New_York')).toBe('Tue 8 Dec 2026, 05:00 America/New_York (UTC-5)');
    expect(formatInZone(at('2026-12-08T10:00:00Z'), 'UTC')).toBe('Tue 8 Dec 2026, 10:00 UTC');
  });
});

describe('arrangeInbox', () => {
  it('puts what the rep can act on first (answers soonest due first), and queued tasks apart in release order', () => {
    const now = at('2026-12-04T12:00:00Z');
    const { actionable, queued } = arrangeInbox(
      [
        task('queued-low', { status: 'queued', priority: 3080 }),
        task('due-later', { dueAtMs: at('2026-12-09T10:00:00Z') }),
        task('accepted', { status: 'accepted', dueAtMs: at('2026-12-02T10:00:00Z') }),
        task('queued-high', { status: 'queued', priority: 1010 }),
        task('due-soon', { dueAtMs: at('2026-12-08T10:00:00Z') }),
      ],
      now,
    );
    expect(actionable.map((t) => t.id)).toEqual(['due-soon', 'due-later', 'accepted']);
    expect(queued.map((t) => [t.id, t.queue.place])).toEqual([['queued-high', 1], ['queued-low', 2]]);
    // Capacity 1 a day: the first in line from the next local midnight, the second a day later.
    expect(queued.map((t) => formatInZone(t.queue.arrivesFromMs!, t.timeZone))).toEqual([
      'Sat 5 Dec 2026, 00:01 Asia/Kolkata (UTC+5:30)',
      'Sun 6 Dec 2026, 00:01 Asia/Kolkata (UTC+5:30)',
    ]);
  });

  it('counts each owner\'s line on its own', () => {
    const { queued } = arrangeInbox([task('a', { status: 'queued' }), task('b', { status: 'queued', ownerId: 'rep-2' })], at('2026-12-04T12:00:00Z'));
    expect(queued.map((t) => t.queue.place)).toEqual([1, 1]);
  });
});

describe('arrivalFrom', () => {
  it('releases capacity-sized groups a local day apart, across a change to summer time', () => {
    // Berlin moves to summer time on Sunday 29 March 2026.
    const now = at('2026-03-28T12:00:00Z');
    const days = [0, 1, 2, 3].map((ahead) => formatInZone(arrivalFrom(ahead, 2, now, 'Europe/Berlin')!, 'Europe/Berlin'));
    expect(days).toEqual([
      'Sun 29 Mar 2026, 00:01 Europe/Berlin (UTC+1)',
      'Sun 29 Mar 2026, 00:01 Europe/Berlin (UTC+1)',
      'Mon 30 Mar 2026, 00:01 Europe/Berlin (UTC+2)',
      'Mon 30 Mar 2026, 00:01 Europe/Berlin (UTC+2)',
    ]);
  });

  it('has no arrival for an owner without capacity', () => {
    expect(arrivalFrom(0, 0, Date.now(), 'UTC')).toBeNull();
  });
});

describe('nextActionFor', () => {
  it("keeps the handoff's suggestion only while the task waits for an answer", () => {
    const suggestion = 'answer the inquiry of Ada Boss within a day';
    expect(nextActionFor('created', suggestion)).toBe(suggestion);
    for (const status of ['queued', 'accepted', 'opportunity', 'rejected', 'won', 'lost'] as const) {
      expect(nextActionFor(status, suggestion)).not.toContain('answer the inquiry');
    }
    expect(nextActionFor('accepted', suggestion)).toMatch(/log the opportunity/);
    expect(nextActionFor('opportunity', suggestion)).toMatch(/won or lost/);
  });
});
