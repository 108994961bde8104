// What the benchmarks that run journeys share: one Temporal dev server on free ports for the whole
// benchmark, a worker per measured side, and the polling and spread helpers their timers use.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { sendsTaskQueue } from '../config/task-queues';
import { startDevServer } from '../temporal/dev-server';
import { freePort } from '../test/support/free-port';
import { installRuntime } from '../worker/runtime';
import { journeysWorkerTuning, workflowsPath } from '../worker/create-worker';
import { fmtMs, median, scratchDir } from './support';

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export type BenchTemporal = {
  connection: NativeConnection;
  client: Client;
  /** Harpoon's workflows, and the baselines' (bench/workflows). */
  bundles: { harpoon: WorkflowBundleWithSourceMap; baseline: WorkflowBundleWithSourceMap };
  stop(): Promise<void>;
};

export async function startBenchTemporal(): Promise<BenchTemporal> {
  installRuntime('warn');
  const server = await startDevServer({
    port: await freePort(),
    uiPort: await freePort(),
    namespace: 'default',
    headless: true,
    dbFilename: path.join(scratchDir('temporal'), 'temporal.db'),
  });
  const connection = await NativeConnection.connect({ address: server.address });
  const clientConnection = await Connection.connect({ address: server.address });
  const [harpoon, baseline] = await Promise.all([
    bundleWorkflowCode({ workflowsPath, logger: quiet }),
    bundleWorkflowCode({ workflowsPath: path.join(import.meta.dirname, 'workflows', 'index.ts'), logger: quiet }),
  ]);
  return {
    connection,
    client: new Client({ connection: clientConnection }),
    bundles: { harpoon, baseline },
    async stop() {
      await clientConnection.close();
      await connection.close();
      await server.stop();
    },
  };
}

/**
 * Runs `body` while a worker polls `taskQueue` (and, for Harpoon's activities, a second one its sends
 * queue, as a worker process does); the workers are shut down afterwards, whatever happened.
 */
export async function withWorker<T>(
  temporal: BenchTemporal,
  opts: { taskQueue: string; bundle: WorkflowBundleWithSourceMap; activities: object },
  body: (worker: Worker) => Promise<T>,
): Promise<T> {
  // Both sides' workflows run on a worker tuned as Harpoon's journeys worker is, so a ratio measures the workflows.
  const worker = await Worker.create({ ...journeysWorkerTuning, connection: temporal.connection, taskQueue: opts.taskQueue, workflowBundle: opts.bundle, activities: opts.activities });
  const { sendEmail } = opts.activities as { sendEmail?: unknown };
  const sends = sendEmail
    ? await Worker.create({ connection: temporal.connection, taskQueue: sendsTaskQueue(opts.taskQueue), activities: { sendEmail } })
    : undefined;
  const running = Promise.all([worker.run(), sends?.run()]);
  try {
    return await body(worker);
  } finally {
    worker.shutdown();
    sends?.shutdown();
    await running;
  }
}

export async function until(done: () => Promise<boolean> | boolean, everyMs = 100): Promise<void> {
  while (!(await done())) await new Promise((r) => setTimeout(r, everyMs));
}

export const spread = (ms: number[]) => `min ${fmtMs(Math.min(...ms))} / median ${fmtMs(median(ms))} / max ${fmtMs(Math.max(...ms))}`;
