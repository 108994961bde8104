// Everything a journey workflow test needs on real parts: the time-skipping Temporal server, a
// worker with the real activities, a fresh database file and a real SMTP sink on loopback.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../db/client';
import { startJourneyDispatcher } from '../../client/journey-dispatcher';
import { journeyStartOptions } from '../../use-cases/launch';
import type { SendFaults } from '../../activities/send-email';
import type { RepTaskFaults } from '../../activities/rep-tasks';
import type { ReviewConfig } from '../../config/reviews';
import { journeyDefinitionSchema, type JourneyDefinition } from '../../domain/journey/definition';
import { startPosition } from '../../domain/journey/engine';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { publishJourney } from '../../journeys/catalog';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';
import { createMailTransport } from '../../mail/transport';
import { journeyWorkflowId } from '../../workflows/ids';
import { stopSignal, type AccountJourneyInput } from '../../workflows/journey-api';
import { createWorkers, workflowsPath } from '../../worker/create-worker';
import { freshDb, type FreshDb } from './fresh-db';
import { outstandingWork } from './outstanding-work';
import { silentLogger } from './quiet-runtime';
import { createTimeSkippingEnv } from './time-skipping';

export type ContactSeed = { email: string; role: string; seniority?: string; firstName?: string; timezone?: string };

export type JourneyHarness = Awaited<ReturnType<typeof createJourneyHarness>>;

let queues = 0;

// Test files run one after another in each Vitest worker process (vitest.config.ts): the journeys'
// code is bundled once per process, not once per harness.
let bundle: Promise<WorkflowBundle> | undefined;
const journeysBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath, logger: silentLogger }));

/**
 * `db` defaults to a fresh copy of the test run's template database (vitest only). `dispatcher`:
 * also the journey dispatcher beside the worker, as a worker node runs it, for steps whose work
 * the database queues (seat notices, invitation answers).
 */
export type JourneyHarnessOptions = { faults?: SendFaults; repTaskFaults?: RepTaskFaults; db?: () => Promise<FreshDb>; reviews?: ReviewConfig; dispatcher?: boolean };

export async function createJourneyHarness(opts: JourneyHarnessOptions = {}) {
  const env: TestWorkflowEnvironment = await createTimeSkippingEnv();
  const fresh: FreshDb = await (opts.db ?? freshDb)();
  const outboxDir = path.join(fresh.dir, 'outbox');
  const sink: SmtpSink = await startSmtpSink({ port: 0, outboxDir, rejectRecipients: (a) => a.startsWith('bounce') });
  const transport = createMailTransport(sink.url);
  const taskQueue = `journeys-${process.pid}-${++queues}`;
  const workers = await createWorkers({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowBundle: await journeysBundle(),
    deps: {
      db: fresh.db,
      mailer: {
        transport,
        from: 'Harpoon Test <marketing@harpoon.test>',
        publicUrl: 'http://127.0.0.1:9',
        secret: 'test-secret-0123456789abcdef',
        policy: defaultContactPolicy,
      },
      faults: opts.faults,
      repTaskFaults: opts.repTaskFaults,
      reviews: opts.reviews,
    },
  });
  // The journeys' worker and the sends' worker beside it, as a worker process runs them.
  const running = Promise.all(workers.map((w) => w.run()));
  const { db } = fresh;
  const started = new Set<string>();
  watchForStalls(env, db, started, () => workers.map((w) => w.getState()).join(' / '));
  const dispatcher = opts.dispatcher ? startJourneyDispatcher({ db, client: env.client, taskQueue, pollMs: 100, log: () => undefined }) : undefined;

  return {
    env,
    db,
    outboxDir,
    taskQueue,

    async publish(definition: unknown) {
      return publishJourney(db, journeyDefinitionSchema.parse(definition));
    },

    async account(data: { domain: string; tier?: number; timezone?: string; contacts: ContactSeed[] }) {
      return db.account.create({
        data: {
          domain: data.domain,
          name: `${data.domain} Inc.`,
          tier: data.tier ?? 3,
          poolStatus: 'target',
          timezone: data.timezone ?? 'UTC',
          contacts: {
            create: data.contacts.map((c) => ({
              email: c.email,
              role: c.role,
              seniority: c.seniority ?? 'manager',
              firstName: c.firstName ?? c.email.split('@')[0],
              lastName: 'Tester',
              timezone: c.timezone,
            })),
          },
        },
        include: { contacts: true },
      });
    },

    /**
     * Starts a journey as the launcher does (search attributes and memo set at start); with
     * `labels: false`, or for an account or version that does not exist, as older launchers did.
     */
    async start(journeyKey: string, journeyVersion: number, accountId: string, extra: Partial<AccountJourneyInput> = {}, opts: { labels?: boolean } = {}) {
      const input = { journeyKey, journeyVersion, accountId, ...extra };
      started.add(journeyWorkflowId(journeyKey, accountId));
      const [account, published] = await Promise.all([
        db.account.findUnique({ where: { id: accountId } }),
        db.journeyVersion.findUnique({ where: { key_version: { key: journeyKey, version: journeyVersion } } }),
      ]);
      if (opts.labels === false || !account || !published) {
        return env.client.workflow.start('accountJourney', {
          taskQueue,
          workflowId: journeyWorkflowId(journeyKey, accountId),
          args: [{ version: 1, ...input } satisfies AccountJourneyInput],
        });
      }
      const stage = startPosition(published.definition as JourneyDefinition).stage;
      return env.client.workflow.start('accountJourney', journeyStartOptions(taskQueue, input, { accountName: account.name, tier: account.tierOverride ?? account.tier, stage }));
    },

    /**
     * Ends a journey as an operator does (the stop signal) and waits until it has. Never terminate
     * one in these tests: a run terminated with an activity or workflow task in flight keeps the
     * time-skipping server's clock locked for good (README, "Why the test clock once stopped").
     */
    async stop(handle: WorkflowHandle, reason = 'the test is over') {
      await handle.signal(stopSignal, { reason });
      // A second of skipping clock at a time: result() would unlock the clock while it waits and let
      // it race ahead to the next timer of any workflow on the server.
      for (let i = 0; i < 120; i++) {
        if ((await handle.describe()).status.name !== 'RUNNING') return;
        await env.sleep('1 second');
      }
      throw new Error(`${handle.workflowId} did not stop within 2 minutes of its stop signal`);
    },

    /** Emails that actually reached the SMTP server. */
    delivered(): string[] {
      return readdirSync(outboxDir).filter((f) => f.endsWith('.eml'));
    },

    async sends(accountId: string) {
      return db.emailSend.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } });
    },

    async teardown() {
      await dispatcher?.stop();
      for (const w of workers) w.shutdown();
      await running;
      transport.close();
      await sink.stop();
      await env.teardown();
      await db.$disconnect();
    },
  };
}

/** Real seconds a skipping sleep may take before the harness says what holds the clock. */
const stallReportAfterMs = 45_000;

/**
 * A journey harness for one test file, on a time-skipping server of the file's own (tests let days
 * pass, and other files' leftover journeys stall a shared server's clock), made before the file's
 * tests and torn down after them. `use` receives it once it exists.
 */
export function withJourneyHarness(use: (h: JourneyHarness) => void, opts: JourneyHarnessOptions = {}): void {
  let h: JourneyHarness | undefined;
  beforeAll(async () => {
    h = await createJourneyHarness(opts);
    use(h);
  });
  afterAll(async () => {
    await h?.teardown();
  });
}

/**
 * A sleep on the skipping clock that has not returned after 45 real seconds is all but stalled:
 * the harness then prints which of the test's workflows hold the clock (a workflow task or an
 * activity that never ends), read from their histories, so a stall under load names its cause in
 * the test's output instead of ending as a bare timeout. The sleep itself goes on unchanged.
 */
function watchForStalls(env: TestWorkflowEnvironment, db: Db, started: ReadonlySet<string>, workerState: () => string): void {
  const sleep = env.sleep;
  env.sleep = async (duration) => {
    const report = setTimeout(() => {
      void holdingTheClock(env, db, started).then(
        (holding) => console.error(`[harness] a skipping sleep of ${String(duration)} has not returned after ${stallReportAfterMs / 1000} s; the worker is ${workerState()}; holding the clock: ${holding}`),
        (err: unknown) => console.error(`[harness] a skipping sleep of ${String(duration)} has not returned after ${stallReportAfterMs / 1000} s; could not read what holds the clock: ${String(err)}`),
      );
    }, stallReportAfterMs);
    try {
      return await sleep(duration);
    } finally {
      clearTimeout(report);
    }
  };
}

async function holdingTheClock(env: TestWorkflowEnvironment, db: Db, started: ReadonlySet<string>): Promise<string> {
  const [journeys, tasks, reviews] = await Promise.all([
    db.journeyRun.findMany({ select: { workflowId: true } }),
    db.salesTask.findMany({ select: { id: true } }),
    db.review.findMany({ select: { id: true } }),
  ]);
  const ids = new Set([...started, ...journeys.map((j) => j.workflowId), ...tasks.map((t) => t.id), ...reviews.map((r) => r.id)]);
  const holding = await outstandingWork(env.client, [...ids]);
  return holding.length === 0
    ? 'none of the journeys, sales tasks and reviews (the lock is elsewhere: the test server itself, or a client call in flight)'
    : holding.map((w) => `${w.workflowId} on ${w.waitingOn} (last events: ${w.lastEvents.join(', ')})`).join('; ');
}
