// The supervisor with stand-in children (a promise that settles when one "dies"); the real dev
// server's restart is in test/e2e/supervision.test.ts.
import { expect, it } from 'vitest';
import { supervise, type SupervisedChild } from '../../app/supervisor';

type Fake = SupervisedChild & { id: number; die(how: string): void; stopped: boolean };

function fakes() {
  let n = 0;
  const made: Fake[] = [];
  const make = (): Fake => {
    let die!: (how: string) => void;
    const exited = new Promise<string>((resolve) => (die = resolve));
    const child: Fake = { id: ++n, exited, die, stopped: false, stop: async () => void ((child.stopped = true), die('stopped')) };
    made.push(child);
    return child;
  };
  return { made, make };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

it('restarts a child that died, says so once and says when it is back', async () => {
  const { made, make } = fakes();
  const lines: string[] = [];
  const pauses: number[] = [];
  let clock = 0;
  const sup = supervise(make(), {
    name: 'the Temporal dev server',
    start: async () => make(),
    policy: { maxRestarts: 3, windowMs: 60_000, backoffMs: [500, 1000] },
    log: (l) => lines.push(l),
    advice: 'Check its output above.',
    onGiveUp: () => expect.unreachable(),
    now: () => clock,
    sleep: async (ms) => void pauses.push(ms),
  });
  made[0]!.die('killed by SIGKILL');
  await settle();
  expect(lines).toEqual([
    '[harpoon] the Temporal dev server stopped unexpectedly (killed by SIGKILL); restarting it (attempt 1)...',
    '[harpoon] the Temporal dev server is back',
  ]);
  expect(sup.current()?.id).toBe(2);
  clock = 1000;
  made[1]!.die('exited with code 1');
  await settle();
  expect(lines[2]).toContain('(exited with code 1); restarting it (attempt 2)...');
  expect(pauses).toEqual([500, 1000]);
  await sup.stop();
  expect(made[2]!.stopped).toBe(true);
  expect(lines).toHaveLength(4);
});

it('gives up when the child keeps dying, and counts a failed start as a failure', async () => {
  const { made, make } = fakes();
  const lines: string[] = [];
  const gaveUp: string[] = [];
  let starts = 0;
  supervise(make(), {
    name: 'the SMTP sink',
    start: async () => {
      if (++starts > 1) throw new Error('listen EADDRINUSE 127.0.0.1:2525\nmore');
      return make();
    },
    policy: { maxRestarts: 2, windowMs: 300_000, backoffMs: [0] },
    log: (l) => lines.push(l),
    advice: 'Check that nothing else listens on port 2525.',
    onGiveUp: (m) => gaveUp.push(m),
    now: () => 0,
    sleep: async () => {},
  });
  made[0]!.die('closed');
  await settle();
  made[1]!.die('closed');
  await settle();
  expect(lines).toEqual([
    '[harpoon] the SMTP sink stopped unexpectedly (closed); restarting it (attempt 1)...',
    '[harpoon] the SMTP sink is back',
    '[harpoon] the SMTP sink stopped unexpectedly (closed); restarting it (attempt 2)...',
    '[harpoon] the SMTP sink stopped unexpectedly (could not start again: listen EADDRINUSE 127.0.0.1:2525) 3 time(s) within 5 minutes; giving up and stopping Harpoon. Check that nothing else listens on port 2525. Then run "npm start" again.',
  ]);
  expect(gaveUp).toEqual([lines[3]]);
});

it('does not restart a child it was asked to stop', async () => {
  const { made, make } = fakes();
  const lines: string[] = [];
  const sup = supervise(make(), {
    name: 'the SMTP sink',
    start: async () => make(),
    policy: { maxRestarts: 2, windowMs: 1000, backoffMs: [0] },
    log: (l) => lines.push(l),
    advice: '',
    onGiveUp: () => expect.unreachable(),
  });
  await sup.stop();
  await settle();
  expect(made).toHaveLength(1);
  expect(lines).toEqual([]);
});
