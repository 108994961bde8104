// Email through running journeys: N accounts (JOURNEY_EMAIL_ACCOUNTS, default 2,000 as in issue 12)
// launched like a tier, each journey's first step an email to the account's one contact, until every
// email is in the SMTP sink: the launcher, the worker, the journey workflow, the send activity with
// its policy checks and records, the pooled transport and the real sink. The baseline, in the same
// run on the same dev server and sink: a no-op workflow whose one activity hands the same composed
// message to the same pooled transport, started with the same number in flight. Alternating,
// JOURNEY_EMAIL_RUNS repetitions (default 3); each gets new accounts, a new task queue and worker.
import path from 'node:path';
import { createActivities } from '../activities';
import { launchForAccounts } from '../use-cases/launch';
import type { Db } from '../db/client';
import { journeyDefinitionSchema } from '../domain/journey/definition';
import { defaultContactPolicy } from '../domain/policy/contact-policy';
import { publishJourney } from '../journeys/catalog';
import { messageIdFor } from '../mail/compose';
import { startSmtpSink } from '../mail/smtp-sink';
import { createMailTransport } from '../mail/transport';
import { composeSample, drainOutbox, forEachConcurrently, freshDb, median, scratchDir, type BenchResult, type Check } from './support';
import { spread, startBenchTemporal, until, withWorker } from './temporal';

const N = Number(process.env.JOURNEY_EMAIL_ACCOUNTS ?? 2000);
const RUNS = Number(process.env.JOURNEY_EMAIL_RUNS ?? 3);
// What use-cases/launch.ts keeps in flight; the baseline gets the same.
const IN_FLIGHT = 32;
const GOAL = 0.7;
const mailer = { from: 'Harpoon Marketing <marketing@harpoon.local>', publicUrl: 'http://127.0.0.1:8080', secret: 'bench-secret-0123456789abcdef' };

/** N new target accounts with one subscribed contact each, for one side of one repetition. */
async function seedAccounts(db: Db, label: string) {
  for (let i = 0; i < N; i++) {
    await db.account.create({
      data: {
        domain: `${label}-${i}.example`,
        name: `${label} ${i} AG`,
        tier: 3,
        poolStatus: 'target',
        timezone: 'UTC',
        contacts: { create: { email: `buyer@${label}-${i}.example`, firstName: 'Mia', lastName: `Berg ${i}`, title: 'Plant Director', role: 'champion', seniority: 'manager' } },
      },
    });
  }
  return db.account.findMany({ where: { domain: { startsWith: `${label}-` } }, orderBy: { domain: 'asc' } });
}

export async function run(): Promise<BenchResult> {
  const outboxDir = path.join(scratchDir('journey-email'), 'outbox');
  const sink = await startSmtpSink({ port: 0, outboxDir });
  const transport = createMailTransport(sink.url);
  const temporal = await startBenchTemporal();
  const { client } = temporal;
  const { db } = await freshDb();
  const checks: Check[] = [];
  try {
    const activities = createActivities({ db, mailer: { ...mailer, transport, policy: defaultContactPolicy } });
    // The baseline's message: the same template, composed once; each send gets its own Message-ID.
    const composed = await composeSample('intro', 'bench/journey-email');

    const harpoonMs: number[] = [];
    const baselineMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const baselineSide = async () => {
        const accounts = await seedAccounts(db, `plain-${r}`);
        let sent = 0;
        const firstStep = async (accountId: string) => {
          await transport.sendMail({ ...composed, to: `buyer@${accountId}.example`, messageId: messageIdFor(`bench/plain/${r}/${accountId}`) });
          sent++;
        };
        const ms = await withWorker(temporal, { taskQueue: `plain-${r}`, bundle: temporal.bundles.baseline, activities: { firstStep } }, async () => {
          const start = performance.now();
          await forEachConcurrently(accounts, IN_FLIGHT, async (a) => void (await client.workflow.start('noopJourney', { taskQueue: `plain-${r}`, workflowId: `plain/${r}/${a.id}`, args: [a.id] })));
          await until(() => sent >= N);
          return performance.now() - start;
        });
        const stored = drainOutbox(outboxDir);
        checks.push({ label: `baseline repetition ${r + 1}: ${sent} sent, ${stored} of ${N} in the sink`, ok: sent === N && stored === N });
        baselineMs.push(ms);
      };
      const harpoonSide = async () => {
        const key = `bench-email-${r}`;
        const accounts = await seedAccounts(db, `journey-${r}`);
        await publishJourney(
          db,
          journeyDefinitionSchema.parse({
            key,
            name: `Email bench ${r}`,
            // Quiet hours off: the benchmark runs at any hour.
            policy: { quietHours: { start: '00:00', end: '00:00', weekends: false } },
            stages: [{ key: 'engage', steps: [{ id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } }, { id: 'hold', type: 'wait', duration: '30d' }] }],
          }),
        );
        const sentOf = () => db.emailSend.count({ where: { workflowId: { startsWith: `journey/${key}/` }, status: 'sent' } });
        let started = 0;
        const ms = await withWorker(temporal, { taskQueue: `journey-${r}`, bundle: temporal.bundles.harpoon, activities }, async () => {
          const start = performance.now();
          started = (await launchForAccounts(db, client, `journey-${r}`, key, accounts)).started.length;
          await until(async () => (await sentOf()) >= N || (await db.emailSend.count({ where: { workflowId: { startsWith: `journey/${key}/` }, status: { notIn: ['sent', 'queued', 'sending'] } } })) > 0);
          return performance.now() - start;
        });
        const sent = await sentOf();
        const stored = drainOutbox(outboxDir);
        checks.push({ label: `repetition ${r + 1}: ${started} journeys started, ${sent} emails recorded sent, ${stored} of ${N} in the sink`, ok: started === N && sent === N && stored === N });
        harpoonMs.push(ms);
      };
      const [first, second] = r % 2 === 0 ? [baselineSide, harpoonSide] : [harpoonSide, baselineSide];
      await first();
      await second();
      process.stderr.write(`  journey-email repetition ${r + 1}/${RUNS}: baseline ${(N / (baselineMs.at(-1)! / 1000)).toFixed(1)}/s, harpoon ${(N / (harpoonMs.at(-1)! / 1000)).toFixed(1)}/s\n`);
    }
    const rate = N / (median(harpoonMs) / 1000);
    const baseRate = N / (median(baselineMs) / 1000);
    return {
      name: `email through journeys (${N})`,
      measurement: `${rate.toFixed(1)} emails/s`,
      baseline: `${baseRate.toFixed(1)} emails/s`,
      ratio: rate / baseRate,
      goal: `≥ ${GOAL}× the rate`,
      pass: rate / baseRate >= GOAL,
      notes: [
        `${N} accounts launched per side and repetition, until every first email is in the sink; ${IN_FLIGHT} starts in flight on both sides; median of ${RUNS}, alternating`,
        `harpoon: ${spread(harpoonMs)}; workflow + plain send activity: ${spread(baselineMs)}`,
      ],
      checks,
    };
  } finally {
    transport.close();
    await db.$disconnect();
    await temporal.stop();
    await sink.stop();
  }
}
