import { describe, expect, it } from 'vitest';
import { decideRestart, sayWindow, type RestartPolicy } from '../../domain/supervision/restart-policy';

const policy: RestartPolicy = { maxRestarts: 3, windowMs: 60_000, backoffMs: [500, 2_000, 5_000] };

describe('decideRestart', () => {
  it('restarts the first failure after the first pause', () => {
    expect(decideRestart(policy, [10_000], 10_000)).toEqual({ action: 'restart', attempt: 1, delayMs: 500 });
  });

  it('waits longer for each failure in the window, repeating the last pause', () => {
    const bigger = { ...policy, maxRestarts: 5 };
    const at = [1_000, 2_000, 3_000, 4_000, 5_000];
    expect([1, 2, 3, 4, 5].map((n) => decideRestart(bigger, at.slice(0, n), at[n - 1]!))).toEqual([
      { action: 'restart', attempt: 1, delayMs: 500 },
      { action: 'restart', attempt: 2, delayMs: 2_000 },
      { action: 'restart', attempt: 3, delayMs: 5_000 },
      { action: 'restart', attempt: 4, delayMs: 5_000 },
      { action: 'restart', attempt: 5, delayMs: 5_000 },
    ]);
  });

  it('gives up when one failure more than allowed falls in the window', () => {
    expect(decideRestart(policy, [1_000, 2_000, 3_000, 4_000], 4_000)).toEqual({ action: 'give-up', failures: 4, windowMs: 60_000 });
  });

  it('forgets failures older than the window, so a child that dies once a day is always restarted', () => {
    const daily = [0, 86_400_000, 2 * 86_400_000, 3 * 86_400_000, 4 * 86_400_000];
    expect(decideRestart(policy, daily, daily.at(-1)!)).toEqual({ action: 'restart', attempt: 1, delayMs: 500 });
    expect(decideRestart(policy, [0, 30_000, 61_000, 62_000], 62_000)).toEqual({ action: 'restart', attempt: 3, delayMs: 5_000 });
  });

  it('never restarts when no restart is allowed', () => {
    expect(decideRestart({ ...policy, maxRestarts: 0 }, [5], 5)).toEqual({ action: 'give-up', failures: 1, windowMs: 60_000 });
  });

  it('restarts at once with an empty schedule', () => {
    expect(decideRestart({ ...policy, backoffMs: [] }, [5], 5)).toEqual({ action: 'restart', attempt: 1, delayMs: 0 });
  });
});

describe('sayWindow', () => {
  it('says a window in the largest whole unit', () => {
    expect([sayWindow(300_000), sayWindow(60_000), sayWindow(3_600_000), sayWindow(7_200_000), sayWindow(90_000), sayWindow(1_000)]).toEqual([
      '5 minutes', '1 minute', '1 hour', '2 hours', '90 seconds', '1 second',
    ]);
  });
});
