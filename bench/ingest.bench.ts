// Engagement ingestion (issue 20): with INGEST_JOURNEYS journeys running (default 500) on one dev
// server and the real worker, INGEST_EVENTS opens (default 20,000) for their accounts' contacts are
// POSTed to `/v1/engagement-events` of the real HTTP server (startTrackingServer, a marketing API key) in
// batches of 1,000, REQUESTS_IN_FLIGHT requests at a time, while the real journey dispatcher, kicked
// by the API as in `npm start`, delivers the outbox. Two figures: events/s answered 202 (accepted),
// and events/s from the first POST until the outbox has marked every event delivered and every
// journey's `status` shows its events (delivered). The baseline, first, on the same dev server: the
// same number of raw signals from a plain client to as many counting workflows, as many in flight
// as the dispatcher signals at once, until every counter's query shows its count.
import type { WorkflowHandle } from '@temporalio/client';
// default import: @temporalio/proto is CommonJS, and tsx's native ESM sees no named exports in it
import proto from '@temporalio/proto';
import { startTrackingServer } from '../app/tracking-server';
import { createApiKey } from '../use-cases/api-keys';
import { startJourneyDispatcher } from '../client/journey-dispatcher';
import { countUndelivered } from '../client/journey-outbox';
import { launchForAccounts } from '../use-cases/launch';
import { loadConfig } from '../config/env';
import { journeyDefinitionSchema } from '../domain/journey/definition';
import { publishJourney } from '../journeys/catalog';
import { journeyWorkflowId } from '../workflows/ids';
import { statusQuery } from '../workflows/journey-api';
import { launchActivities } from './launch-path';
import { countedSignal, countQuery } from './workflows/signal-counter';
import { fmtMs, fmtRatio, forEachConcurrently, freshDb, perSecond, type BenchResult, type Check } from './support';
import { startBenchTemporal, until, withWorker } from './temporal';

const JOURNEYS = Number(process.env.INGEST_JOURNEYS ?? 500);
const EVENTS = Number(process.env.INGEST_EVENTS ?? 20_000);
/** The most one `POST /v1/engagement-events` takes. */
const BATCH = 1_000;
const REQUESTS_IN_FLIGHT = 4;
/** The journeys the dispatcher signals at once (its default, passed explicitly); the baseline's signals in flight. */
const SIGNALS_IN_FLIGHT = 8;
const CONTACTS_PER_ACCOUNT = 2;
const GOAL = { acceptedPerSecond: 5_000, deliveredVsRaw: 0.8 };
const [KEY, TASK_QUEUE] = ['bench-ingest', 'ingest-harpoon'];
const QUERIES_IN_FLIGHT = 32;
/** A wait that sees no progress for this long gives up, and its check fails, rather than hang the run. */
const STALL_MS = 120_000;

const { EventType } = proto.temporal.api.enums.v1;
/** Histories read to count workflow tasks per signal on each side. */
const HISTORY_SAMPLE = 20;

/**
 * Workflow tasks completed per signal in these workflows' histories, from their first signal on:
 * signals that reach a workflow while its task runs share the next task, and the server's work
 * (and so the signal rate it keeps up) goes with tasks more than with signals.
 */
async function tasksPerSignal(handles: WorkflowHandle[]): Promise<number> {
  let [signals, tasks] = [0, 0];
  for (const h of handles) {
    let signalled = false;
    for (const e of (await h.fetchHistory()).events ?? []) {
      if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) [signalled, signals] = [true, signals + 1];
      else if (signalled && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) tasks++;
    }
  }
  return tasks / signals;
}

const rate = (count: number, ms: number) => `${Math.round(perSecond(count, ms)).toLocaleString('en')} events/s`;

/** Waits until `left()` is 0; gives up when it has not fallen for STALL_MS. Returns what is left. */
async function untilNoneLeft(left: () => Promise<number>): Promise<number> {
  let last = Infinity;
  let progressAt = performance.now();
  for (;;) {
    const now = await left();
    if (now === 0 || performance.now() - progressAt > STALL_MS) return now;
    if (now < last) [last, progressAt] = [now, performance.now()];
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Queries every workflow until each reads `expected` (one that does is not asked again); returns
 * how many never did. Both sides end with it, so "seen by the workflow" is timed alike on each.
 */
function untilEachReads(handles: Map<string, WorkflowHandle>, expected: Map<string, number>, read: (h: WorkflowHandle) => Promise<number>): Promise<number> {
  const left = new Set(handles.keys());
  return untilNoneLeft(async () => {
    await forEachConcurrently([...left], QUERIES_IN_FLIGHT, async (id) => {
      if ((await read(handles.get(id)!)) === expected.get(id)) left.delete(id);
    });
    return left.size;
  });
}

export async function run(): Promise<BenchResult[]> {
  const temporal = await startBenchTemporal();
  const { client } = temporal;
  const { db, url, dir } = await freshDb();
  const checks: Check[] = [];
  try {
    await db.account.createMany({
      data: Array.from({ length: JOURNEYS }, (_, i) => ({ domain: `ingest-${i}.example`, name: `Ingest ${i} AG`, tier: 2, poolStatus: 'target' })),
    });
    const accounts = await db.account.findMany({ orderBy: { domain: 'asc' } });
    await db.contact.createMany({
      data: accounts.flatMap((a, i) => Array.from({ length: CONTACTS_PER_ACCOUNT }, (_, c) => ({ accountId: a.id, email: `person-${c}@ingest-${i}.example`, role: 'champion' }))),
    });
    await publishJourney(db, journeyDefinitionSchema.parse({ key: KEY, name: 'Ingest bench', stages: [{ key: 'engage', steps: [{ id: 'hold', type: 'wait', duration: '30d' }] }] }));

    // Event i is an open by one of account (i mod N)'s contacts; each journey hears about E / N.
    const occurredAt = new Date().toISOString();
    const accountOf = (i: number) => accounts[i % JOURNEYS]!;
    const expected = new Map<string, number>();
    for (let i = 0; i < EVENTS; i++) expected.set(accountOf(i).id, (expected.get(accountOf(i).id) ?? 0) + 1);
    const bodies = Array.from({ length: Math.ceil(EVENTS / BATCH) }, (_, b) =>
      JSON.stringify({
        events: Array.from({ length: Math.min(BATCH, EVENTS - b * BATCH) }, (_, k) => {
          const i = b * BATCH + k;
          return { id: `open-${i}`, type: 'opened', contact: { email: `person-${Math.floor(i / JOURNEYS) % CONTACTS_PER_ACCOUNT}@ingest-${i % JOURNEYS}.example` }, occurredAt };
        }),
      }),
    );

    const cfg = loadConfig({ DATABASE_URL: url, HARPOON_DATA_DIR: dir, TEMPORAL_TASK_QUEUE: TASK_QUEUE, TRACKING_SECRET: 'bench-secret-0123456789abcdef' });
    const apiKey = (await createApiKey(db, { name: 'bench analytics', role: 'marketing' })).secret;
    const dispatcher = startJourneyDispatcher({ db, client, taskQueue: TASK_QUEUE, parallel: SIGNALS_IN_FLIGHT, log: (line) => process.stderr.write(`  ${line}\n`) });
    const http = await startTrackingServer({ ...cfg, http: { ...cfg.http, port: 0 } }, db, dispatcher.kick, () => {}, client);
    try {
      return await withWorker(temporal, { taskQueue: TASK_QUEUE, bundle: temporal.bundles.harpoon, activities: launchActivities(db) }, () =>
        withWorker(temporal, { taskQueue: 'ingest-raw', bundle: temporal.bundles.baseline, activities: {} }, async () => {
          const launched = await launchForAccounts(db, client, TASK_QUEUE, KEY, accounts);
          await forEachConcurrently(accounts, 32, async (a) => void (await client.workflow.start('signalCounter', { taskQueue: 'ingest-raw', workflowId: `counter/${a.id}` })));
          await until(async () => (await db.touch.count({ where: { journeyKey: KEY, type: 'journey_started' } })) >= JOURNEYS);
          checks.push({ label: `${launched.started.length} of ${JOURNEYS} journeys started`, ok: launched.started.length === JOURNEYS });
          const journeys = new Map(accounts.map((a) => [a.id, client.workflow.getHandle(journeyWorkflowId(KEY, a.id))]));
          const counters = new Map(accounts.map((a) => [a.id, client.workflow.getHandle(`counter/${a.id}`)]));

          // Baseline: raw signals, SIGNALS_IN_FLIGHT at a time, until every counter shows its count.
          let start = performance.now();
          await forEachConcurrently(Array.from({ length: EVENTS }, (_, i) => i), SIGNALS_IN_FLIGHT, async (i) => {
            await counters.get(accountOf(i).id)!.signal(countedSignal, { eventId: `open-${i}` });
          });
          const rawSentMs = performance.now() - start;
          const rawLeft = await untilEachReads(counters, expected, (h) => h.query(countQuery));
          const rawMs = performance.now() - start;

          // Harpoon: the batches POSTed, then the outbox and the journeys watched until all is delivered.
          let accepted = 0;
          let queued = 0;
          const refused: string[] = [];
          const requestMs: number[] = [];
          const startedAt = new Date();
          start = performance.now();
          await forEachConcurrently(bodies, REQUESTS_IN_FLIGHT, async (body) => {
            const sent = performance.now();
            const res = await fetch(`${http.url}/v1/engagement-events`, { method: 'POST', headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' }, body });
            const report = (await res.json()) as { accepted: number; queued: number };
            requestMs.push(performance.now() - sent);
            if (res.status !== 202) return void refused.push(`${res.status} ${JSON.stringify(report).slice(0, 200)}`);
            accepted += report.accepted;
            queued += report.queued;
          });
          const acceptedMs = performance.now() - start;
          const postsDoneAt = new Date();
          const undelivered = await untilNoneLeft(() => countUndelivered(db));
          const outboxMs = performance.now() - start;
          const journeysLeft = await untilEachReads(journeys, expected, async (h) => {
            const byContact = (await h.query(statusQuery)).engagement.byContact;
            // An open weighs 1 point, decayed by seconds out of a 14-day half-life: the rounded sum is the count.
            return Math.round(Object.values(byContact).reduce((sum, points) => sum + points, 0));
          });
          const deliveredMs = performance.now() - start;

          const rows = await db.journeyDelivery.findMany({ where: { createdAt: { gte: startedAt } }, select: { workflowId: true, eventId: true, outcome: true, attempts: true, deliveredAt: true } });
          const perJourney = new Map<string, number>();
          for (const r of rows) perJourney.set(r.workflowId, (perJourney.get(r.workflowId) ?? 0) + 1);
          const deliveredWhilePosting = rows.filter((r) => r.deliveredAt && r.deliveredAt <= postsDoneAt).length;
          const retried = rows.filter((r) => r.attempts > 1).length;
          checks.push(
            { label: `${accepted} of ${EVENTS} events accepted (202 to every request${refused.length > 0 ? `; refused: ${refused.join(' | ')}` : ''}), ${queued} queued`, ok: accepted === EVENTS && queued === EVENTS && refused.length === 0 },
            {
              label: `${rows.length} outbox rows, one per event and journey, all delivered; each journey's row count is its share of events`,
              ok:
                rows.length === EVENTS &&
                new Set(rows.map((r) => `${r.workflowId}|${r.eventId}`)).size === EVENTS &&
                rows.every((r) => r.outcome === 'delivered') &&
                accounts.every((a) => perJourney.get(journeyWorkflowId(KEY, a.id)) === expected.get(a.id)),
            },
            { label: `every journey's status counts its share of events once (${journeysLeft} did not); ${undelivered} outbox rows left undelivered`, ok: journeysLeft === 0 && undelivered === 0 },
            { label: `every counter counted its signals (${rawLeft} did not)`, ok: rawLeft === 0 },
          );

          const acceptedRate = perSecond(accepted, acceptedMs);
          const deliveredRate = perSecond(EVENTS, deliveredMs);
          const rawRate = perSecond(EVENTS, rawMs);
          const sample = (handles: Map<string, WorkflowHandle>) => accounts.slice(0, HISTORY_SAMPLE).map((a) => handles.get(a.id)!);
          const [harpoonTasks, rawTasks] = [await tasksPerSignal(sample(journeys)), await tasksPerSignal(sample(counters))];
          const sorted = [...requestMs].sort((a, b) => a - b);
          return [
            {
              name: `ingest: accepted (${JOURNEYS} running)`,
              measurement: rate(accepted, acceptedMs),
              baseline: `${rate(EVENTS, rawMs)} (raw signals)`,
              ratio: acceptedRate / rawRate,
              goal: `≥ ${GOAL.acceptedPerSecond.toLocaleString('en')} events/s`,
              pass: acceptedRate >= GOAL.acceptedPerSecond,
              notes: [
                `${EVENTS} opens in ${bodies.length} POST /v1/engagement-events of ${BATCH}, ${REQUESTS_IN_FLIGHT} in flight, answered 202 in ${fmtMs(acceptedMs)}; the dispatcher delivering beside them`,
                `per request: min ${fmtMs(sorted[0]!)} / median ${fmtMs(sorted[Math.floor(sorted.length / 2)]!)} / max ${fmtMs(sorted.at(-1)!)}`,
              ],
              checks: [],
            },
            {
              name: `ingest: delivered (${JOURNEYS} running)`,
              measurement: rate(EVENTS, deliveredMs),
              baseline: rate(EVENTS, rawMs),
              ratio: deliveredRate / rawRate,
              goal: `≥ ${GOAL.deliveredVsRaw}× raw`,
              pass: deliveredRate / rawRate >= GOAL.deliveredVsRaw,
              notes: [
                `harpoon: first POST → outbox all marked delivered ${fmtMs(outboxMs)} (${rate(EVENTS, outboxMs)}), → every journey's status shows its events ${fmtMs(deliveredMs)}`,
                `  ${deliveredWhilePosting} events delivered while the POSTs ran (${fmtMs(acceptedMs)}), ${EVENTS - deliveredWhilePosting} after; ${retried} rows took more than one attempt`,
                `raw: ${EVENTS} signals, ${SIGNALS_IN_FLIGHT} in flight (the dispatcher's journeys at once), all accepted in ${fmtMs(rawSentMs)} (${rate(EVENTS, rawSentMs)}), every counter's query shows its count at ${fmtMs(rawMs)}`,
                `delivered vs raw signals accepted: ${fmtRatio(perSecond(EVENTS, outboxMs) / perSecond(EVENTS, rawSentMs))}`,
                `workflow tasks per signal (${HISTORY_SAMPLE} histories a side): harpoon ${harpoonTasks.toFixed(2)}, raw ${rawTasks.toFixed(2)}`,
              ],
              checks,
            },
          ];
        }),
      );
    } finally {
      await http.stop();
      await dispatcher.stop();
    }
  } finally {
    await db.$disconnect();
    await temporal.stop();
  }
}
