// What the worker knows about its mail relay: up, or down since when. One failed send marks it
// down; from then on a single probe per process checks it every few seconds, and every send that
// waits for it resumes the moment a probe gets through, without a restart. The log says once that
// the relay is down and once that it is back, however many sends are waiting.

export type RelayHealthOptions = {
  /** Opens a connection and greets the relay; rejects while it cannot take mail. */
  probe: () => Promise<void>;
  /** Where to say that the relay went down or came back. */
  log: (line: string) => void;
  /** How often to try the relay while it is down. */
  probeIntervalMs?: number;
  /** The relay as log lines name it (no credentials). */
  label: string;
};

export class RelayHealth {
  private downSinceMs: number | undefined;
  private lastError = '';
  private probing: Promise<void> | undefined;
  private waiters = new Set<() => void>();
  private readonly probeIntervalMs: number;

  constructor(private readonly opts: RelayHealthOptions) {
    this.probeIntervalMs = opts.probeIntervalMs ?? 2_000;
  }

  get isDown(): boolean {
    return this.downSinceMs !== undefined;
  }

  /** A send failed because the relay could not take it: start checking for its return. */
  reportDown(error: string): void {
    this.lastError = error;
    if (this.downSinceMs === undefined) {
      this.downSinceMs = Date.now();
      this.opts.log(`[harpoon] mail relay ${this.opts.label} is unreachable (${error}); emails wait and are retried until it is back`);
    }
    this.probing ??= this.probeUntilUp().finally(() => {
      this.probing = undefined;
    });
  }

  /** A send went through: whatever was said before, the relay takes mail. */
  reportUp(): void {
    if (this.downSinceMs === undefined) return;
    const seconds = Math.round((Date.now() - this.downSinceMs) / 1000);
    this.downSinceMs = undefined;
    this.opts.log(`[harpoon] mail relay ${this.opts.label} is back after ${seconds} s; sending resumes`);
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /**
   * Resolves true once the relay is up (at once if it is), false when `maxMs` passed first.
   * `tick` runs every few seconds meanwhile (activities heartbeat there); `signal` aborts the wait.
   */
  async waitUntilUp(maxMs: number, tick: () => void, signal?: AbortSignal): Promise<boolean> {
    if (!this.isDown) return true;
    let wake!: () => void;
    const up = new Promise<void>((resolve) => {
      wake = resolve;
    });
    this.waiters.add(wake);
    const ticker = setInterval(tick, Math.min(this.probeIntervalMs, 5_000));
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    try {
      const outcome = await Promise.race([
        up.then(() => 'up' as const),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), maxMs);
        }),
        new Promise<'aborted'>((resolve) => {
          onAbort = () => resolve('aborted');
          if (signal?.aborted) onAbort();
          else signal?.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
      if (outcome === 'aborted') throw signal?.reason ?? new Error('aborted');
      return outcome === 'up';
    } finally {
      this.waiters.delete(wake);
      clearInterval(ticker);
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The last error that marked it down, for records that say why a send waits. */
  get reason(): string {
    return this.lastError;
  }

  private async probeUntilUp(): Promise<void> {
    while (this.isDown) {
      await new Promise((resolve) => setTimeout(resolve, this.probeIntervalMs).unref());
      try {
        await this.opts.probe();
        this.reportUp();
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
      }
    }
  }
}
