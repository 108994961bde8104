// What one timer fire costs the time-skipping test server, early in a run and late in it (issue 18).
// The simulation grows faster than its work: per task (a workflow task or an activity completed),
// the worker's CPU was ~6 ms both at 200 accounts × 60 days and at 1,000 × 180, the test server's
// ~1.6 ms and ~4.1 ms (seed 1, SIM_TRACE and the worker's metrics, 2026-12-05). This isolates the
// server: TIMER_WORKFLOWS workflows that do nothing but sleep a minute at a time
// (bench/workflows/ticker.ts), at distinct moments, so each fire is a skip of its own; the run is
// cut in TIMER_CHUNKS chunks of TIMER_TICKS minutes, and the server's CPU per fire in the last chunk
// is compared with the first. A server whose cost does not grow with what it has done gives ~1×.
//
// Knobs: TIMER_WORKFLOWS (default 20), TIMER_CHUNKS (default 10), TIMER_TICKS (default 150).
import path from 'node:path';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import { installRuntime } from '../worker/runtime';
import { cpuSeconds } from './process-cpu';
import type { BenchResult } from './support';

function knob(name: string, fallback: number): number {
  const text = process.env[name];
  const value = text === undefined || text.trim() === '' ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}=${text}: expected a whole number of at least 1`);
  return value;
}

const WORKFLOWS = knob('TIMER_WORKFLOWS', 20);
const CHUNKS = knob('TIMER_CHUNKS', 10);
const TICKS = knob('TIMER_TICKS', 150);
const minuteMs = 60_000;
const GOAL = 1.25;

export async function run(): Promise<BenchResult> {
  installRuntime('warn');
  const cpu = () => {
    const now = cpuSeconds();
    if (!now) throw new Error('test-server-timers reads the server\'s CPU time from /proc: Linux only');
    return now.children;
  };
  const env = await createTimeSkippingEnv();
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: path.join(import.meta.dirname, 'workflows', 'index.ts'), logger: quiet });
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'ticker', workflowBundle });
  const running = worker.run();
  const perFireMs: number[] = [];
  try {
    for (let w = 0; w < WORKFLOWS; w++) {
      await env.client.workflow.start('ticker', { taskQueue: 'ticker', workflowId: `ticker-${w}`, args: [CHUNKS * TICKS + 10] });
      // Apart by a little more than a second each, so no two of them ever wake at the same moment.
      await env.sleep(1_000 + w * 137);
    }
    for (let c = 0; c < CHUNKS; c++) {
      const before = cpu();
      await env.sleep(TICKS * minuteMs);
      perFireMs.push(((cpu() - before) * 1000) / (TICKS * WORKFLOWS));
    }
  } finally {
    worker.shutdown();
    await running;
    await env.teardown();
  }
  const ratio = perFireMs.at(-1)! / perFireMs[0]!;
  return {
    name: `test-server-timers (${WORKFLOWS} × ${CHUNKS * TICKS} fires)`,
    measurement: `${perFireMs.at(-1)!.toFixed(2)} ms CPU/fire, last chunk`,
    baseline: `${perFireMs[0]!.toFixed(2)} ms, first chunk`,
    ratio,
    goal: `≤ ${GOAL}×`,
    pass: ratio <= GOAL,
    notes: [`the time-skipping server's CPU per timer fire, chunk by chunk (${TICKS * WORKFLOWS} fires each): ${perFireMs.map((ms) => ms.toFixed(2)).join(', ')} ms`],
    checks: [],
  };
}
