// `npm run worker`: the production shape: run as many of these as you need, on as many machines.
// An entry point, at the top of its own process tree like bin/, so it may start the worker node
// that app/ composes (worker, plus the journey dispatcher that needs a Temporal client).
import { startWorkerNode } from '../app/worker-node';
import { config, ConfigError } from '../config/env';

try {
  const cfg = config();
  const running = await startWorkerNode(cfg);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.shutdown());
  console.log(`[harpoon] worker polling task queues ${running.queues.map((q) => `"${q}"`).join(' and ')} on ${running.address}`);
  await running.done;
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
