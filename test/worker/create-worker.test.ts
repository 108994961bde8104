// The workers a process runs for its roles: journeys on the configured queue, sends on the queue
// beside it with the relay's rate limit, and nothing else.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { createMailTransport } from '../../mail/transport';
import { createWorkers } from '../../worker/create-worker';
import { createTimeSkippingEnv } from '../support/time-skipping';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const deps = {
  db: {} as Db, // nothing runs: the workers are only built
  mailer: { transport: createMailTransport('smtp://127.0.0.1:9'), from: 'T <t@harpoon.test>', publicUrl: 'http://127.0.0.1:9', secret: 'test-secret-0123456789abcdef', policy: defaultContactPolicy },
};

/** Builds the workers, then runs and stops them at once: built workers hold the connection. */
async function built(options: Omit<Parameters<typeof createWorkers>[0], 'connection' | 'namespace' | 'deps'>) {
  const workers = await createWorkers({ connection: env.nativeConnection, namespace: 'default', deps, ...options });
  const compiled = workers.map((w) => w.options);
  await Promise.all(
    workers.map((w) => {
      const running = w.run();
      w.shutdown();
      return running;
    }),
  );
  return compiled;
}

it('builds a sends-only worker on the sends queue, with only the send activity and the rate limit', async () => {
  const workers = await built({ taskQueue: 'abm', roles: ['sends'], sendsPerSecond: 2.5 });
  expect(workers.map((w) => w.taskQueue)).toEqual(['abm-sends']);
  expect([...workers[0]!.activities.keys()]).toEqual(['sendEmail']);
  expect(workers[0]!.maxTaskQueueActivitiesPerSecond).toBe(2.5);
  expect(workers[0]!.workflowBundle).toBeUndefined();
});

it('sets no rate limit on the sends queue unless asked', async () => {
  const [sends] = await built({ taskQueue: 'unlimited', roles: ['sends'] });
  expect(sends!.maxTaskQueueActivitiesPerSecond).toBeUndefined();
});

it('keeps a journey\'s workflow task on its own worker\'s queue for a minute, not the SDK\'s 10 s', async () => {
  // Moved to the shared queue sooner, a wake-up in a burst waits behind every launch still queued there.
  const [journeys] = await built({ taskQueue: 'sticky', roles: ['journeys'] });
  expect(journeys!.taskQueue).toBe('sticky');
  expect(journeys!.stickyQueueScheduleToStartTimeoutMs).toBe(60_000);
});
