// While Temporal is away, the worker's Rust core warns for every poll it retries ("gRPC call
// poll_workflow_task_queue retried 6 times ... tcp connect error"): dozens a minute. Harpoon says
// instead, once, that Temporal is unreachable, and once that it is back (a probe asks every second).
// Any other log line, and every error, passes through untouched.
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { loggerThrough } from './sdk-logging';

/** A core warning that only says a call is being retried because the server cannot be reached. */
export function connectionRetry(level: LogLevel, message: string, meta?: LogMetadata): string | undefined {
  if (level !== 'WARN' && level !== 'INFO' && level !== 'DEBUG' && level !== 'TRACE') return undefined;
  if (!String(meta?.target ?? '').startsWith('temporalio_client')) return undefined;
  if (!/\bretried \d+ times?\b/.test(message)) return undefined;
  const error = String(meta?.error ?? '');
  const status = /code: (Unavailable|DeadlineExceeded|Unknown), message: "([^"]*)"/.exec(error);
  if (!status) return undefined;
  if (status[1] === 'Unknown' && !/transport|connect|connection|broken pipe|reset/i.test(error)) return undefined;
  const os = /message: "([^"]+)" \}\)/.exec(error)?.[1];
  return [status[2] || status[1], os].filter(Boolean).join(': ');
}

export type OutageWatch = {
  address: string;
  log: (line: string) => void;
  /** Resolves when Temporal answers, rejects when it does not (kept short: a second or two). */
  probe: () => Promise<void>;
  probeEveryMs?: number;
};

/** Where the runtime's logger reports retries: the watch of this process's worker, if it runs one. */
export class TemporalOutages {
  private watch: OutageWatch | undefined;
  private down: { sinceMs: number; held: number; timer?: NodeJS.Timeout } | undefined;

  /** Starts summarising for `watch`; returns the way to stop (a stopped worker has nothing to say). */
  watchWith(watch: OutageWatch): () => void {
    this.watch = watch;
    return () => {
      if (this.watch !== watch) return;
      clearTimeout(this.down?.timer);
      this.watch = undefined;
      this.down = undefined;
    };
  }

  /** Reports a retry; false when nobody watches (the caller then logs it as it came). */
  retried(detail: string): boolean {
    const watch = this.watch;
    if (!watch) return false;
    if (this.down) {
      this.down.held++;
      return true;
    }
    this.down = { sinceMs: Date.now(), held: 1 };
    watch.log(
      `[harpoon] Temporal at ${watch.address} is unreachable (${detail}); the worker keeps retrying quietly and ` +
        'journeys carry on when it is back. Check that the Temporal server is running.',
    );
    this.probeLater(watch);
    return true;
  }

  private probeLater(watch: OutageWatch) {
    const down = this.down!;
    down.timer = setTimeout(() => {
      watch.probe().then(
        () => {
          if (this.watch !== watch || this.down !== down) return;
          this.down = undefined;
          const secs = Math.round((Date.now() - down.sinceMs) / 1000);
          watch.log(`[harpoon] Temporal at ${watch.address} is reachable again after ${secs} s; the worker polls again (${down.held} retry warning(s) held back)`);
        },
        () => {
          if (this.watch === watch && this.down === down) this.probeLater(watch);
        },
      );
    }, watch.probeEveryMs ?? 1000);
    down.timer.unref();
  }
}

/** The runtime's logger: connection retries go to `outages`, everything else to `downstream`. */
export function outageAwareLogger(downstream: Logger, outages: TemporalOutages): Logger {
  return loggerThrough((level, message, meta) => {
    const retry = connectionRetry(level, message, meta);
    if (retry !== undefined && outages.retried(retry)) return;
    downstream.log(level, message, meta);
  });
}
