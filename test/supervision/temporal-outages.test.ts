// The worker's core warnings while Temporal is away, as the Rust core forwards them (copied from a
// run against a dev server killed with SIGKILL), and the two lines Harpoon says instead.
import { expect, it } from 'vitest';
import { connectionRetry, outageAwareLogger, TemporalOutages } from '../../worker/temporal-outages';

const refused = {
  target: 'temporalio_client::retry',
  error:
    'Status { code: Unavailable, message: "tcp connect error", source: Some(tonic::transport::Error(Transport, ConnectError(ConnectError("tcp connect error", 127.0.0.1:23021, Os { code: 111, kind: ConnectionRefused, message: "Connection refused" })))) }',
};

it('recognises a retried call to an unreachable server, and nothing else', () => {
  expect(connectionRetry('WARN', 'gRPC call poll_workflow_task_queue retried 6 times', refused)).toBe('tcp connect error: Connection refused');
  // An error is never summarised; nor a retry the server refused for a reason of its own.
  expect(connectionRetry('ERROR', 'gRPC call poll_workflow_task_queue retried 6 times', refused)).toBeUndefined();
  expect(connectionRetry('WARN', 'gRPC call respond_workflow_task_completed retried 3 times', { ...refused, error: 'Status { code: InvalidArgument, message: "bad" }' })).toBeUndefined();
  expect(connectionRetry('WARN', 'Workflow task failed', refused)).toBeUndefined();
  expect(connectionRetry('WARN', 'gRPC call poll_workflow_task_queue retried 6 times', { ...refused, target: 'temporalio_sdk_core::worker' })).toBeUndefined();
});

it('says once that Temporal went away and once that it is back, and passes everything else on', async () => {
  const outages = new TemporalOutages();
  const passed: string[] = [];
  const downstream = { log: (_l: string, m: string) => passed.push(m), trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const logger = outageAwareLogger(downstream, outages);

  // Nobody watching (a test's runtime, the replayer): the warning comes through as it is.
  logger.warn('gRPC call poll_activity_task_queue retried 6 times', refused);
  expect(passed).toHaveLength(1);

  const lines: string[] = [];
  let up = false;
  const unwatch = outages.watchWith({ address: '127.0.0.1:7233', log: (l) => lines.push(l), probeEveryMs: 5, probe: async () => { if (!up) throw new Error('down'); } });
  for (let i = 0; i < 40; i++) logger.warn(`gRPC call poll_workflow_task_queue retried ${6 + (i % 3)} times`, refused);
  logger.error('Activity failed', { target: 'temporalio_sdk_core::worker' });
  expect(passed).toEqual(['gRPC call poll_activity_task_queue retried 6 times', 'Activity failed']);
  expect(lines).toEqual([
    '[harpoon] Temporal at 127.0.0.1:7233 is unreachable (tcp connect error: Connection refused); the worker keeps retrying quietly and journeys carry on when it is back. Check that the Temporal server is running.',
  ]);
  await new Promise((r) => setTimeout(r, 30));
  expect(lines).toHaveLength(1);
  up = true;
  await new Promise((r) => setTimeout(r, 30));
  expect(lines[1]).toMatch(/^\[harpoon\] Temporal at 127\.0\.0\.1:7233 is reachable again after \d+ s; the worker polls again \(40 retry warning\(s\) held back\)$/);

  // A second outage is said again.
  logger.warn('gRPC call poll_workflow_task_queue retried 6 times', refused);
  expect(lines).toHaveLength(3);
  unwatch();
  logger.warn('gRPC call poll_workflow_task_queue retried 6 times', refused);
  expect(passed).toHaveLength(3);
});
