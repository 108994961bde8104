// The timer of a job that every worker node runs but only the holder of its lease works (db/leases.ts):
// a look every so often, timed from the end of the previous one so looks never overlap however long
// one takes, and on stop the look in hand finished and the lease let go for another node.
import type { Lease } from './leases';

export type LeasedLooks = { stop(): Promise<void> };

export type LeasedLooksOptions = {
  lease: Lease;
  everyMs: number;
  /** The first look, after start: not while the rest of the process tree is still starting. */
  firstAfterMs: number;
  /**
   * One look, run only while this node holds the lease. `stillHeld` renews the lease and says
   * false once it is lost or the job is stopping: the look stops there. It must not reject.
   */
  look: (stillHeld: () => Promise<boolean>) => Promise<void>;
  /** Said when the lease could not be released on stop (not fatal: it expires by itself). */
  onReleaseError: (err: Error) => void;
};

export function startLeasedLooks(opts: LeasedLooksOptions): LeasedLooks {
  const { lease } = opts;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  // Asked again after the hold: a node stopped while it took the lease (which a stopping holder had
  // just let go) must not start a look; its stop lets the lease go again.
  const stillHeld = async () => !stopped && (await lease.hold()) && !stopped;
  let timer = setTimeout(function again() {
    running = opts.look(stillHeld);
    void running.finally(() => {
      if (stopped) return;
      timer = setTimeout(again, opts.everyMs);
      timer.unref();
    });
  }, opts.firstAfterMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await lease.release().catch((err: unknown) => opts.onReleaseError(err as Error));
    },
  };
}
