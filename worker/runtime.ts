// The Temporal SDK's process-wide runtime, installed once with Harpoon's logging and signal policy.
// The Rust core's logs are forwarded to Node (not printed by the core itself), so the retries it
// logs while Temporal is away are summarised in words (worker/temporal-outages.ts).
import { DefaultLogger, IllegalStateError, Runtime } from '@temporalio/worker';
import type { Config } from '../config/env';
import { withoutDesignWarnings } from './sdk-logging';
import { outageAwareLogger, TemporalOutages } from './temporal-outages';

/** This process's outage notices: the worker process registers what it watches (worker-process.ts). */
export const temporalOutages = new TemporalOutages();

export function installRuntime(logLevel: Config['logLevel']): void {
  // The SDK's INFO lines (webpack bundle stats, worker state changes) drown Harpoon's own.
  const sdkLevel = logLevel === 'debug' ? 'DEBUG' : logLevel === 'error' ? 'ERROR' : 'WARN';
  try {
    Runtime.install({
      // Harpoon decides the shutdown order itself (see app/harpoon.ts), so the SDK must not react to
      // signals on its own.
      shutdownSignals: [],
      logger: outageAwareLogger(withoutDesignWarnings(new DefaultLogger(sdkLevel)), temporalOutages),
      // The client's retry warnings are forwarded even at LOG_LEVEL=error: they are what tells Harpoon
      // that Temporal went away (the logger above drops the other warnings at that level).
      telemetryOptions: {
        logging: {
          forward: {},
          filter: `ERROR,temporalio_sdk_core=${sdkLevel},temporalio_client=${sdkLevel === 'DEBUG' ? 'DEBUG' : 'WARN'},temporalio_common=${sdkLevel}`,
        },
      },
    });
  } catch (err) {
    if (!(err instanceof IllegalStateError)) throw err; // installed earlier in this process: keep it
  }
}
