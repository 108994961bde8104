// Loggers for the Temporal SDK's runtime that pass its lines on with some left out: a logger is one
// function of (level, message, metadata), and these build the SDK's Logger shape around one.
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';

export type LogLine = (level: LogLevel, message: string, meta?: LogMetadata) => void;

/** The SDK's Logger that sends every line, whatever its level, through `log`. */
export function loggerThrough(log: LogLine): Logger {
  return {
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}

/**
 * Warnings that describe Harpoon's design, not a fault. The sends worker runs activities only, on a
 * task queue of its own (worker/create-worker.ts), and the SDK warns at every start that such a
 * worker polls no workflow tasks: a user reads it as something wrong.
 */
const designWarnings = new Set(['No workflows registered, not polling for workflow tasks']);

export function withoutDesignWarnings(downstream: Logger): Logger {
  return loggerThrough((level, message, meta) => {
    if (level === 'WARN' && designWarnings.has(message)) return;
    downstream.log(level, message, meta);
  });
}
