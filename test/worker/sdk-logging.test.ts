// What the worker's SDK logger leaves out: the warning that an activities-only worker (the sends
// worker, by design) polls no workflow tasks; every other line, and that one at any other level, passes.
import type { LogLevel } from '@temporalio/common';
import { expect, it } from 'vitest';
import { withoutDesignWarnings } from '../../worker/sdk-logging';

it("drops the SDK's warning about a worker with no workflows, and nothing else", () => {
  const passed: [LogLevel, string][] = [];
  const logger = withoutDesignWarnings({ log: (level, message) => passed.push([level, message]), trace() {}, debug() {}, info() {}, warn() {}, error() {} });
  logger.warn('No workflows registered, not polling for workflow tasks', { sdkComponent: 'worker', taskQueue: 'harpoon-sends' });
  logger.error('No workflows registered, not polling for workflow tasks');
  logger.warn('Workflow task failed', { sdkComponent: 'worker' });
  logger.info('Worker state changed');
  expect(passed).toEqual([
    ['ERROR', 'No workflows registered, not polling for workflow tasks'],
    ['WARN', 'Workflow task failed'],
    ['INFO', 'Worker state changed'],
  ]);
});
