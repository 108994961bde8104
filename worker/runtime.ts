// The Temporal SDK's process-wide runtime, installed once with Harpoon's logging and signal policy.
import { DefaultLogger, IllegalStateError, Runtime } from '@temporalio/worker';
import type { Config } from '../config/env';

export function installRuntime(logLevel: Config['logLevel']): void {
  // The SDK's INFO lines (webpack bundle stats, worker state changes) drown Harpoon's own.
  const sdkLevel = logLevel === 'debug' ? 'DEBUG' : logLevel === 'error' ? 'ERROR' : 'WARN';
  try {
    // Harpoon decides the shutdown order itself (see app/harpoon.ts), so the SDK must not react to
    // signals on its own.
    Runtime.install({ shutdownSignals: [], logger: new DefaultLogger(sdkLevel) });
  } catch (err) {
    if (!(err instanceof IllegalStateError)) throw err; // installed earlier in this process: keep it
  }
}
