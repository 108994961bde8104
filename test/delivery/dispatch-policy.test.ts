import { describe, expect, it } from 'vitest';
import { dueQueues, failureKind, journeyQueues, outageNotice, retryDelayMs } from '../../domain/delivery/dispatch-policy';

const row = (id: number, workflowId: string) => ({ id, workflowId });

describe('journeyQueues', () => {
  it('gives each journey its rows oldest first, journeys in the order of their oldest row', () => {
    const queues = journeyQueues([row(5, 'b'), row(2, 'a'), row(9, 'a'), row(3, 'c'), row(4, 'b')]);
    expect(queues).toEqual([
      [row(2, 'a'), row(9, 'a')],
      [row(3, 'c')],
      [row(4, 'b'), row(5, 'b')],
    ]);
  });

  it('is empty for an empty outbox', () => {
    expect(journeyQueues([])).toEqual([]);
  });
});

describe('dueQueues', () => {
  const queues = journeyQueues([row(1, 'a'), row(2, 'b'), row(3, 'a')]);

  it('holds back a whole journey while its head row waits out a retry delay', () => {
    expect(dueQueues(queues, new Map([['a', 1_000]]), 999)).toEqual([[row(2, 'b')]]);
  });

  it('lets it go again once the delay is over', () => {
    expect(dueQueues(queues, new Map([['a', 1_000]]), 1_000)).toEqual(queues);
  });
});

describe('retryDelayMs', () => {
  it('waits nothing before the first attempt, then doubles from the base', () => {
    expect([0, 1, 2, 3, 4].map((n) => retryDelayMs(n, { baseMs: 250, capMs: 4_000 }))).toEqual([0, 250, 500, 1_000, 2_000]);
  });

  it('never waits longer than the cap, however long the outage', () => {
    expect(retryDelayMs(5, { baseMs: 250, capMs: 4_000 })).toBe(4_000);
    expect(retryDelayMs(10_000)).toBe(4_000);
  });
});

describe('failureKind', () => {
  it('takes an unreachable, overloaded or refusing server as a reason for every journey to wait', () => {
    for (const code of [undefined, 1, 2, 4, 7, 8, 13, 14, 16]) expect(failureKind(code)).toBe('unavailable');
  });

  it('takes a request Temporal rejects as one journey’s problem', () => {
    for (const code of [3, 6, 9, 11, 12]) expect(failureKind(code)).toBe('rejected');
  });
});

describe('outageNotice', () => {
  it('speaks once when deliveries start waiting and once when they resume', () => {
    const rounds = [false, true, true, true, false, false, true];
    let waiting = false;
    const notices = rounds.map((unavailable) => {
      const notice = outageNotice(waiting, unavailable);
      if (notice) waiting = notice === 'waiting';
      return notice;
    });
    expect(notices).toEqual([undefined, 'waiting', undefined, undefined, 'resumed', undefined, 'waiting']);
  });
});
