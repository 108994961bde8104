// Watches one child of `npm start` (the Temporal dev server, the SMTP sink) and starts it again when
// it dies on its own, saying so in words: once when it stops, once when it is back. When it keeps
// dying (domain/supervision/restart-policy.ts) it gives up and says what to do; the caller stops.
import { decideRestart, sayWindow, type RestartPolicy } from '../domain/supervision/restart-policy';

/** A started child: `exited` settles with how it ended ("killed by SIGKILL", "exited with code 1"). */
export type SupervisedChild = { exited: Promise<string>; stop(): Promise<void> };

export type SuperviseOptions<C extends SupervisedChild> = {
  /** As a sentence says it: "the Temporal dev server". */
  name: string;
  /** Starts the child, the same way each time (same ports, same data). */
  start: () => Promise<C>;
  policy: RestartPolicy;
  log: (line: string) => void;
  /** What a person should check when it keeps dying. */
  advice: string;
  /** Called once, with the message already logged, when the policy gives up. */
  onGiveUp: (message: string) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export type Supervisor<C> = { current: () => C | undefined; stop(): Promise<void> };

/** Supervises a child that is already running (`first`). */
export function supervise<C extends SupervisedChild>(first: C, opts: SuperviseOptions<C>): Supervisor<C> {
  const now = opts.now ?? Date.now;
  let child: C | undefined = first;
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wakeUp = () => {
      clearTimeout(timer);
      resolve();
    };
  }));
  const failures: number[] = [];

  const watch = (c: C) => {
    void c.exited.then((how) => {
      if (stopping || child !== c) return;
      child = undefined;
      void recover(how);
    });
  };

  const recover = async (how: string) => {
    for (;;) {
      failures.push(now());
      const decision = decideRestart(opts.policy, failures, now());
      if (decision.action === 'give-up') {
        const message =
          `[harpoon] ${opts.name} stopped unexpectedly (${how}) ${decision.failures} time(s) within ${sayWindow(decision.windowMs)}; ` +
          `giving up and stopping Harpoon. ${opts.advice} Then run "npm start" again.`;
        opts.log(message);
        opts.onGiveUp(message);
        return;
      }
      opts.log(`[harpoon] ${opts.name} stopped unexpectedly (${how}); restarting it (attempt ${decision.attempt})...`);
      await sleep(decision.delayMs);
      if (stopping) return;
      try {
        const next = await opts.start();
        if (stopping) return void (await next.stop());
        child = next;
        opts.log(`[harpoon] ${opts.name} is back`);
        watch(next);
        return;
      } catch (err) {
        how = `could not start again: ${(err as Error).message.split('\n')[0]}`;
      }
    }
  };

  watch(first);
  return {
    current: () => child,
    stop: async () => {
      stopping = true;
      wakeUp?.();
      await child?.stop();
    },
  };
}
