// `npm run worker`: only the worker, against the configured cluster and database. This is the
// production shape: run as many of these as you need, on as many machines.
import { config, ConfigError } from '../config/env';
import { startWorkerProcess } from './worker-process';

try {
  const cfg = config();
  const running = await startWorkerProcess(cfg);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.shutdown());
  console.log(`[harpoon] worker polling task queue "${cfg.temporal.taskQueue}" on ${running.address}`);
  await running.done;
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
