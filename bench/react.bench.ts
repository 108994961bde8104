// Engagement event → the journey's status reflects it, with REACT_JOURNEYS journeys running (default
// 250 as in issue 12): an event recorded through the same path as a tracked link (timeline, outbox,
// the dispatcher's signal, the journey's workflow task), timed until the journey's `status` query
// shows it. The baseline, in the same run on the same dev server: a raw signal to a workflow that
// counts it, timed until its query answers the new count. REACT_EVENTS events per side (default
// 200), alternating one by one, each to the next journey in turn; p50 and p99 of each side.
import { randomUUID } from 'node:crypto';
import { createActivities } from '../activities';
import { startJourneyDispatcher } from '../client/journey-dispatcher';
import { launchForAccounts } from '../use-cases/launch';
import { recordEngagement } from '../engagement/record-engagement';
import { journeyDefinitionSchema } from '../domain/journey/definition';
import { defaultWeights } from '../domain/engagement/score';
import { defaultContactPolicy } from '../domain/policy/contact-policy';
import { publishJourney } from '../journeys/catalog';
import { createMailTransport } from '../mail/transport';
import { journeyWorkflowId } from '../workflows/ids';
import { statusQuery } from '../workflows/journey-api';
import { countedSignal, countQuery } from './workflows/signal-counter';
import { fmtMs, forEachConcurrently, freshDb, percentile, type BenchResult, type Check } from './support';
import { startBenchTemporal, until, withWorker } from './temporal';

const JOURNEYS = Number(process.env.REACT_JOURNEYS ?? 250);
const EVENTS = Number(process.env.REACT_EVENTS ?? 200);
const GOAL = 3;
const KEY = 'bench-react';
// Both sides poll their query this often until it reflects the event.
const POLL_MS = 2;

export async function run(): Promise<BenchResult> {
  const temporal = await startBenchTemporal();
  const { client } = temporal;
  const { db } = await freshDb();
  const checks: Check[] = [];
  try {
    for (let i = 0; i < JOURNEYS; i++) {
      await db.account.create({
        data: {
          domain: `react-${i}.example`,
          name: `React ${i} AG`,
          tier: 2,
          poolStatus: 'target',
          contacts: { create: { email: `buyer@react-${i}.example`, role: 'champion', seniority: 'manager' } },
        },
      });
    }
    const accounts = await db.account.findMany({ include: { contacts: true }, orderBy: { domain: 'asc' } });
    await publishJourney(db, journeyDefinitionSchema.parse({ key: KEY, name: 'React bench', stages: [{ key: 'engage', steps: [{ id: 'hold', type: 'wait', duration: '30d' }] }] }));
    const activities = createActivities({
      db,
      // Nothing is sent: the journey's only step is a wait.
      mailer: { transport: createMailTransport('smtp://127.0.0.1:9'), from: 'Bench <bench@harpoon.local>', publicUrl: 'http://127.0.0.1:9', secret: 'bench-secret-0123456789abcdef', policy: defaultContactPolicy },
    });
    const dispatcher = startJourneyDispatcher({ db, client, taskQueue: 'react-harpoon', log: () => {} });
    try {
      return await withWorker(temporal, { taskQueue: 'react-harpoon', bundle: temporal.bundles.harpoon, activities }, () =>
        withWorker(temporal, { taskQueue: 'react-raw', bundle: temporal.bundles.baseline, activities: { async firstStep() {} } }, async () => {
          const launched = await launchForAccounts(db, client, 'react-harpoon', KEY, accounts);
          await forEachConcurrently(accounts, 32, async (a) => void (await client.workflow.start('signalCounter', { taskQueue: 'react-raw', workflowId: `counter/${a.id}` })));
          await until(async () => (await db.touch.count({ where: { journeyKey: KEY, type: 'journey_started' } })) >= JOURNEYS);
          checks.push({ label: `${launched.started.length} of ${JOURNEYS} journeys started`, ok: launched.started.length === JOURNEYS });

          const harpoonMs: number[] = [];
          const rawMs: number[] = [];
          // A click adds its weight to the contact's engagement; decay over seconds is far smaller.
          const added = defaultWeights.clicked / 2;
          for (let i = 0; i < EVENTS; i++) {
            const account = accounts[i % JOURNEYS]!;
            const contactId = account.contacts[0]!.id;
            const journey = client.workflow.getHandle(journeyWorkflowId(KEY, account.id));
            const engagementOf = async () => (await journey.query(statusQuery)).engagement.byContact[contactId] ?? 0;
            const before = await engagementOf();
            let start = performance.now();
            await recordEngagement(db, { type: 'clicked', contact: { id: contactId }, source: 'bench' });
            dispatcher.kick();
            await until(async () => (await engagementOf()) > before + added, POLL_MS);
            harpoonMs.push(performance.now() - start);

            const counter = client.workflow.getHandle(`counter/${account.id}`);
            const count = await counter.query(countQuery);
            start = performance.now();
            await counter.signal(countedSignal, { eventId: randomUUID() });
            await until(async () => (await counter.query(countQuery)) > count, POLL_MS);
            rawMs.push(performance.now() - start);
          }
          const [p50, p99, raw50, raw99] = [percentile(harpoonMs, 50), percentile(harpoonMs, 99), percentile(rawMs, 50), percentile(rawMs, 99)];
          return {
            name: `engagement → status (${JOURNEYS} running)`,
            measurement: `p50 ${fmtMs(p50)} / p99 ${fmtMs(p99)}`,
            baseline: `p50 ${fmtMs(raw50)} / p99 ${fmtMs(raw99)}`,
            ratio: p99 / raw99,
            goal: `p99 ≤ ${GOAL}× raw`,
            pass: p99 / raw99 <= GOAL,
            notes: [
              `${EVENTS} events per side, alternating; harpoon: recordEngagement (timeline + outbox), the dispatcher kicked, until the journey's status query shows the click`,
              `raw: a signal to a counting workflow until its query shows the new count; both poll every ${POLL_MS} ms`,
              `p50 ratio ${(p50 / raw50).toFixed(2)}×`,
            ],
            checks,
          };
        }),
      );
    } finally {
      await dispatcher.stop();
    }
  } finally {
    await db.$disconnect();
    await temporal.stop();
  }
}
