// The whole product on the time-skipping test server (issue 18): the real worker, activities, a
// fresh SQLite file and the SMTP sink; the three shipped journeys with their sales sections and the
// sample events; account reviews on (rules for tiers 2 and 3, tier 1 left to its deadline default);
// engagement recorded as tracked links record it and delivered by the real dispatcher; sales
// answering handoffs through the task's Update. Every account starts on every journey whose entry
// it meets, as the launcher decides it. Goal: 1,000 accounts × 180 days < 60 s of wall time, from
// the first start to the last step (seeding the database and starting the servers not counted),
// and never a stall.
//
// Knobs (environment):
//   SIM_ACCOUNTS  accounts per run (default 1000)
//   SIM_DAYS      simulated days (default 180), in steps of 5 (see STEP_MS): the
//                 clock skips a step, then the step's engagement is recorded and delivered and
//                 sales answer their new tasks
//   SIM_SEED      the seed of the made-up world (default 1): reps, accounts, buying groups,
//                 engagement and sales' answers (bench/simulation-world.ts)
//   SIM_SEEDS     e.g. "1,2,3,4,5": one run per seed, each on a fresh server and database, a row
//                 each (overrides SIM_SEED)
//   SIM_STALL_S   real seconds a 5-day step may go without progress (the clock not skipping, nothing
//                 new on the timeline) before the run counts as stalled (default 120): the run
//                 stops there and its row fails with what was still open
//   SIM_TRACE     1: a line per step on stderr, where its wall time went (bench/simulation-trace.ts)
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { startJourneyDispatcher, type JourneyDispatcher } from '../client/journey-dispatcher';
import { countUndelivered } from '../client/journey-outbox';
import { recordEngagements, type ResolvedEngagementInput } from '../engagement/record-engagement';
import { projectRoot } from '../config/env';
import { defaultReviewConfig } from '../config/reviews';
import { providerOf } from '../db/client';
import type { EngagementEvent } from '../domain/engagement/score';
import { instantOfLocal, type EventDefinition } from '../domain/programme-events/event-definition';
import { seededRandom } from '../domain/forecast/engagement';
import { journeyDefinitionSchema, type JourneyDefinition } from '../domain/journey/definition';
import { checkEntry } from '../domain/journey/entry';
import { saveEvent, validateEvent } from '../programme-events/event-file';
import { readJourneyFile } from '../journeys/load';
import { createJourneyHarness, type JourneyHarness } from '../test/support/journey-harness';
import { outstandingWork } from '../test/support/outstanding-work';
import { installRuntime } from '../worker/runtime';
import { salesActionUpdate } from '../workflows/sales-api';
import { traceStep } from './simulation-trace';
import { engagementPlan, salesAnswer, salesTeam, targetAccounts, type AccountSpec } from './simulation-world';
import { databaseBytes, fmtMs, forEachConcurrently, freshDb, type BenchResult, type Check } from './support';

/** A whole number from the environment, or the default; anything else stops the benchmark with the knob's name. */
function knob(name: string, fallback: number): number {
  const text = process.env[name];
  const value = text === undefined || text.trim() === '' ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}=${text}: expected a whole number of at least 1`);
  return value;
}

function seedsKnob(): number[] {
  const text = process.env.SIM_SEEDS;
  if (text === undefined || text.trim() === '') return [knob('SIM_SEED', 1)];
  const seeds = text.split(',').map((s) => Number(s.trim()));
  if (seeds.some((s) => !Number.isInteger(s))) throw new Error(`SIM_SEEDS=${text}: expected whole numbers separated by commas, e.g. 1,2,3,4,5`);
  return seeds;
}

const ACCOUNTS = knob('SIM_ACCOUNTS', 1000);
const DAYS = knob('SIM_DAYS', 180);
const SEEDS = seedsKnob();
const STALL_MS = knob('SIM_STALL_S', 120) * 1000;
const TRACE = process.env.SIM_TRACE === '1';
const STEP_DAYS = 5;
const GOAL_MS = 60_000;
const JOURNEYS = ['tier1-executive', 'tier3-nurture', 'demo'];

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const weekMs = 7 * dayMs;
// Starts in flight at once: the launcher's window (use-cases/launch.ts).
const START_WINDOW = 32;
// Sales answer several tasks at once, as a team does.
const SALES_WINDOW = 8;
// A step is exactly 5 days, as long as tier3-nurture's and demo's waits: journeys still busy with a
// step's signals start such a wait a moment after the skip began, so it falls due just as the next
// step's signals arrive. That is the moment the time-skipping server used to strand a run whose
// workflow task cancelled a timer that had fired meanwhile (temporalio/sdk-java#3088; the one stall
// seen in a 60 × 60 run); workflows now leave their timers to fire (workflows/condition-by.ts), and
// this cadence keeps testing that.
const STEP_MS = STEP_DAYS * dayMs;
// How often a step's progress is looked at, for stalls.
const PROBE_MS = 2_000;
// The dispatcher delivers a step's events in well under a second; this long means a journey refuses one.
const DRAIN_MS = 30_000;
// tier1-executive invites about three weeks in (the Tuesday wait, the briefing, two weeks): an event
// closer than this to the start would close its answers before the journey gets to it.
const EVENT_LEAD_MS = 8 * weekMs;

export async function run(): Promise<BenchResult[]> {
  installRuntime('warn');
  const rows: BenchResult[] = [];
  // One seed at a time: each run has the machine's two cores to itself.
  for (const seed of SEEDS) rows.push(await simulate(seed));
  if (SEEDS.length > 1) rows.at(-1)!.notes.push(`each seed: ${rows.map((r, i) => `${SEEDS[i]} ${r.measurement}`).join(', ')}`);
  return rows;
}

type Published = { key: string; version: number; definition: JourneyDefinition };
type SimAccount = Awaited<ReturnType<JourneyHarness['account']>> & { spec: AccountSpec };

/** What the driver did, counted as it went; the database tells the rest at the end. */
type Tally = {
  started: Map<string, number>;
  eventsByType: Map<string, number>;
  deliveriesQueued: number;
  sales: { accept: number; reject: number; refused: Map<string, number> };
  slowDrains: string[];
  dispatcherLog: string[];
};

type Stall = { fromDay: number; clockDay: number; open: string };

async function simulate(seed: number): Promise<BenchResult> {
  const h = await createJourneyHarness({
    db: () => freshDb(),
    reviews: defaultReviewConfig,
  });
  let dispatcher: JourneyDispatcher | undefined;
  try {
    const journeys = await publishShippedJourneys(h);
    const eventNotes = await createSampleEvents(h);
    const accounts = await createWorld(h, seed);
    const tally: Tally = { started: new Map(), eventsByType: new Map(), deliveriesQueued: 0, sales: { accept: 0, reject: 0, refused: new Map() }, slowDrains: [], dispatcherLog: [] };

    const began = performance.now();
    await startEligibleJourneys(h, journeys, accounts, tally);
    dispatcher = startJourneyDispatcher({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, log: (line) => tally.dispatcherLog.push(line) });
    const stall = await playDays(h, dispatcher, seed, accounts, tally);
    const ms = performance.now() - began;
    await dispatcher.stop();
    dispatcher = undefined;

    return await report(h, { seed, ms, stall, accounts, tally, eventNotes });
  } finally {
    await dispatcher?.stop();
    await h.teardown();
  }
}

async function publishShippedJourneys(h: JourneyHarness): Promise<Published[]> {
  const published: Published[] = [];
  for (const key of JOURNEYS) {
    // With their sales sections: handoffs, and the task workflows that outlive their journeys, are part of the run.
    const definition = journeyDefinitionSchema.parse(readJourneyFile(path.join(projectRoot, 'journeys', `${key}.yaml`)));
    published.push({ key, definition, version: (await h.publish(definition)).version });
  }
  return published;
}

/** The sample events (tier1-executive invites to the roundtable), moved later by whole weeks if the clock is too close to them. */
async function createSampleEvents(h: JourneyHarness): Promise<string[]> {
  const dir = path.join(projectRoot, 'samples', 'events');
  const earliestMs = (await h.env.currentTimeMs()) + EVENT_LEAD_MS;
  const notes: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const checked = validateEvent(readJourneyFile(path.join(dir, file)));
    if (!checked.ok) throw new Error(`samples/events/${file}: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    const { event, weeks } = aheadOf(checked.event, earliestMs);
    await saveEvent(h.db, event);
    notes.push(`${event.key} ${event.start} ${event.timezone}${weeks > 0 ? ` (moved ${weeks} weeks later)` : ''}`);
  }
  return notes;
}

/** The event as written, or as many weeks later as it takes to start after `earliestMs` (same weekday and local time). */
function aheadOf(event: EventDefinition, earliestMs: number): { event: EventDefinition; weeks: number } {
  const startMs = instantOfLocal(event.start, event.timezone).getTime();
  if (startMs >= earliestMs) return { event, weeks: 0 };
  const weeks = Math.ceil((earliestMs - startMs) / weekMs);
  // The wall clock read as UTC only to add days to it; the event's own zone still applies.
  const later = (local: string) => new Date(Date.parse(`${local}:00Z`) + weeks * weekMs).toISOString().slice(0, 16);
  return { event: { ...event, start: later(event.start), end: later(event.end) }, weeks };
}

/** A sales manager, ten reps and the accounts of `seed`, written as imports would leave them. */
async function createWorld(h: JourneyHarness, seed: number): Promise<SimAccount[]> {
  const rand = seededRandom(seed);
  const manager = await h.db.salesRep.create({ data: { email: 'head-of-sales@harpoon.sim', name: 'head-of-sales' } });
  const reps = [];
  for (const rep of salesTeam(rand)) {
    const { email, timezone, dailyCapacity, reportsToManager } = rep;
    reps.push(await h.db.salesRep.create({ data: { email, name: email.split('@')[0]!, timezone, dailyCapacity, managerId: reportsToManager ? manager.id : null } }));
  }
  const accounts: SimAccount[] = [];
  for (const spec of targetAccounts(rand, ACCOUNTS, reps.length)) {
    const account = await h.account(spec);
    const ownerId = spec.ownerIndex === null ? null : reps[spec.ownerIndex]!.id;
    if (ownerId) await h.db.account.update({ where: { id: account.id }, data: { ownerId } });
    accounts.push({ ...account, ownerId, spec });
  }
  return accounts;
}

/** Every account on every journey whose entry it meets, decided by the launcher's own rule. */
async function startEligibleJourneys(h: JourneyHarness, journeys: Published[], accounts: SimAccount[], tally: Tally): Promise<void> {
  const starts = accounts.flatMap((account) =>
    journeys
      .filter((j) => checkEntry(j.definition.entry, { ...account, tier: account.tierOverride ?? account.tier }).admitted)
      .map((journey) => ({ journey, account })),
  );
  await forEachConcurrently(starts, START_WINDOW, async ({ journey, account }) => {
    await h.start(journey.key, journey.version, account.id);
  });
  for (const { journey } of starts) tally.started.set(journey.key, (tally.started.get(journey.key) ?? 0) + 1);
}

/** Steps of 5 days to the end; returns where the clock stalled, if it did. */
async function playDays(h: JourneyHarness, dispatcher: JourneyDispatcher, seed: number, accounts: SimAccount[], tally: Tally): Promise<Stall | undefined> {
  const startMs = await h.env.currentTimeMs();
  const dayOf = (ms: number) => Math.floor((ms - startMs) / dayMs);
  // The plan's own IDs name the generator; these name the run.
  const plan = engagementPlan(seed, accounts.map((a) => a.spec), startMs, DAYS).map((e, i) => ({ ...e, eventId: `sim-${seed}-${i}` }));
  const contactOf = contactsByPlanKey(accounts);
  const accountIndex = new Map(accounts.map((a, i) => [a.id, i]));
  const answered = new Set<string>();
  let next = 0;
  for (let step = 0; step < Math.round(DAYS / STEP_DAYS); step++) {
    const fromDay = dayOf(await h.env.currentTimeMs());
    const trace = traceStep(TRACE);
    if (!(await skipWithin(h, STEP_MS))) return { fromDay, clockDay: dayOf(await h.env.currentTimeMs()), open: await openWork(h) };
    trace.phase('skip');
    const nowMs = await h.env.currentTimeMs();
    const due: EngagementEvent[] = [];
    while (next < plan.length && plan[next]!.atMs <= nowMs) due.push(plan[next++]!);
    await recordEngagement(h, due, nowMs, contactOf, tally);
    trace.phase('record');
    await drainOutbox(h, dispatcher, dayOf(nowMs), tally);
    trace.phase('drain');
    await answerSalesTasks(h, seed, nowMs, accountIndex, answered, tally);
    trace.phase('answer');
    trace.end(step, fromDay, `${due.length} events`);
  }
  return undefined;
}

/** The plan names contacts `<account index>.<contact index>`; these are their rows. */
function contactsByPlanKey(accounts: SimAccount[]): Map<string, ResolvedEngagementInput['contact']> {
  const byKey = new Map<string, ResolvedEngagementInput['contact']>();
  accounts.forEach((account, i) => {
    // By email: an account's contacts are not guaranteed to read back in the order they were written.
    const byEmail = new Map(account.contacts.map((c) => [c.email, c]));
    account.spec.contacts.forEach((seedContact, j) => byKey.set(`${i}.${j}`, byEmail.get(seedContact.email)!));
  });
  return byKey;
}

/** Where the run stands: the skipping clock, the real one, and how much the timeline holds. */
type Progress = { clockMs: number; wallMs: number; touches: number };

async function progress(h: JourneyHarness): Promise<Progress> {
  return { clockMs: await h.env.currentTimeMs(), wallMs: Date.now(), touches: await h.db.touch.count() };
}

/**
 * Work happened between two looks: something new on the timeline (every send, skip, step and answer
 * is recorded there), or the clock skipped ahead of real time (by more than a minute, so the
 * milliseconds real time adds to a locked clock do not count).
 */
const moved = (before: Progress, after: Progress) =>
  after.touches !== before.touches || after.clockMs - before.clockMs > after.wallMs - before.wallMs + 60_000;

/**
 * Lets the skipping clock move on `ms`; false when it stalled: STALL_MS of real time in which
 * nothing moved. A step that is slow but working (thousands of first emails at 1,000 accounts) is no
 * stall. A stalled sleep is cancelled, not left pending: it would retry against the server torn
 * down after it, on a closed channel, and crash the process. The looks also keep the connection busy,
 * so the server does not drop it for keepalive pings on an idle call ("excess pings").
 */
async function skipWithin(h: JourneyHarness, ms: number): Promise<boolean> {
  const abort = new AbortController();
  const sleeping = h.env.connection.withAbortSignal(abort.signal, () => h.env.sleep(ms)).then(() => true);
  let last = await progress(h);
  let lastMovedAt = Date.now();
  for (;;) {
    if (await Promise.race([sleeping, delay(PROBE_MS).then(() => false)])) return true;
    const now = await progress(h);
    if (moved(last, now)) lastMovedAt = Date.now();
    else if (Date.now() - lastMovedAt > STALL_MS) {
      abort.abort();
      // The sleep now fails with the abort asked for here; any other failure is the run's.
      await sleeping.then(undefined, (err: unknown) => {
        if (!abort.signal.aborted) throw err;
      });
      return false;
    }
    last = now;
  }
}

/** The step's events, as tracked links record them (timeline and outbox, one transaction), at the skipping clock's now. */
async function recordEngagement(h: JourneyHarness, due: EngagementEvent[], nowMs: number, contactOf: Map<string, ResolvedEngagementInput['contact']>, tally: Tally) {
  if (due.length === 0) return;
  const results = await recordEngagements(
    h.db,
    due.map((e) => ({
      type: e.type,
      contact: contactOf.get(e.contactId!)!,
      ...(e.tag ? { tag: e.tag } : {}),
      at: new Date(nowMs),
      source: 'simulation',
      eventId: e.eventId,
    })),
  );
  for (const e of due) {
    const kind = e.tag ? `${e.type} ${e.tag}` : e.type;
    tally.eventsByType.set(kind, (tally.eventsByType.get(kind) ?? 0) + 1);
  }
  tally.deliveriesQueued += results.reduce((sum, r) => sum + r.queued.length, 0);
}

/** Until the dispatcher has delivered what this step queued, so the journeys hear it before the clock moves on. */
async function drainOutbox(h: JourneyHarness, dispatcher: JourneyDispatcher, day: number, tally: Tally): Promise<void> {
  dispatcher.kick();
  const deadline = Date.now() + DRAIN_MS;
  for (;;) {
    const waiting = await countUndelivered(h.db);
    if (waiting === 0) return;
    if (Date.now() > deadline) {
      tally.slowDrains.push(`day ${day}: ${waiting} deliveries still waiting after ${DRAIN_MS / 1000} s`);
      return;
    }
    await delay(20);
  }
}

/**
 * Sales answer each task once, the first step they see it: accept half, reject a quarter, leave the
 * rest to its service level (reminder, escalation). Only tasks released an hour or more ago on the
 * skipping clock: by then the journey has started the task's workflow, an activity after the one
 * that wrote the row.
 */
async function answerSalesTasks(h: JourneyHarness, seed: number, nowMs: number, accountIndex: Map<string, number>, answered: Set<string>, tally: Tally) {
  const tasks = await h.db.salesTask.findMany({
    where: { status: 'created', releasedAt: { lte: new Date(nowMs - hourMs) } },
    select: { id: true, accountId: true, seq: true },
    orderBy: { id: 'asc' },
  });
  const fresh = tasks.filter((t) => !answered.has(t.id));
  await forEachConcurrently(fresh, SALES_WINDOW, async (task) => {
    answered.add(task.id);
    const answer = salesAnswer(seed, accountIndex.get(task.accountId)!, task.seq);
    if (answer.kind === 'none') return;
    try {
      await h.env.client.workflow.getHandle(task.id).executeUpdate(salesActionUpdate, { args: [{ version: 1, ...answer }] });
      tally.sales[answer.kind]++;
    } catch (err) {
      // Refused by the task's validator (it moved on meanwhile) or failed (its journey missed the
      // outcome): counted by reason, for the notes; anything else is the benchmark's failure.
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      const reason = err.cause?.message ?? err.message;
      tally.sales.refused.set(reason, (tally.sales.refused.get(reason) ?? 0) + 1);
    }
  });
}

/**
 * What was still open when the clock stopped, from the database (the test server has no visibility
 * to ask), and which of those workflows hold the clock: a workflow task or an activity that never ends.
 */
async function openWork(h: JourneyHarness): Promise<string> {
  const [journeys, tasks, reviews, sends, deliveries] = await Promise.all([
    h.db.journeyRun.findMany({ where: { status: 'running' }, select: { workflowId: true, journeyKey: true } }),
    h.db.salesTask.findMany({ where: { openAccountId: { not: null } }, select: { id: true, status: true } }),
    h.db.review.findMany({ where: { status: 'waiting' }, select: { id: true, mode: true } }),
    h.db.emailSend.count({ where: { status: 'sending' } }),
    countUndelivered(h.db),
  ]);
  const holding = await outstandingWork(h.env.client, [...journeys.map((j) => j.workflowId), ...tasks.map((t) => t.id), ...reviews.map((r) => r.id)]);
  const tally = (keys: string[]) => counts(keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>()));
  return [
    `running journeys: ${tally(journeys.map((j) => j.journeyKey))}`,
    `open sales tasks: ${tally(tasks.map((t) => t.status))}`,
    `reviews waiting: ${tally(reviews.map((r) => r.mode))}`,
    `sends in flight: ${sends}`,
    `deliveries waiting: ${deliveries}`,
    `holding the clock: ${holding.length === 0 ? 'none of these' : holding.slice(0, 5).map((w) => `${w.workflowId} on ${w.waitingOn} (last events: ${w.lastEvents.join(', ')})`).join('; ')}${holding.length > 5 ? `; and ${holding.length - 5} more` : ''}`,
  ].join('; ');
}

const list = (pairs: [string, number][]) => (pairs.length === 0 ? 'none' : pairs.map(([k, n]) => `${k} ${n}`).join(', '));
const counts = (map: Map<string, number>) => list([...map.entries()].sort((a, b) => b[1] - a[1]));

/** Sends still talking to the sink when the run stops finish in real time; counted once they have. */
async function settledSends(h: JourneyHarness): Promise<void> {
  const deadline = Date.now() + DRAIN_MS;
  while ((await h.db.emailSend.count({ where: { status: 'sending' } })) > 0 && Date.now() < deadline) await delay(50);
}

type RunFacts = { seed: number; ms: number; stall: Stall | undefined; accounts: SimAccount[]; tally: Tally; eventNotes: string[] };

async function report(h: JourneyHarness, { seed, ms, stall, accounts, tally, eventNotes }: RunFacts): Promise<BenchResult> {
  await settledSends(h);
  const [sentToContacts, salesNotices, skipped, deliveries, tasks, reviews, ends] = await Promise.all([
    h.db.emailSend.count({ where: { status: 'sent', contactId: { not: null } } }),
    h.db.emailSend.count({ where: { status: 'sent', contactId: null } }),
    h.db.emailSend.count({ where: { status: 'skipped' } }),
    h.db.journeyDelivery.groupBy({ by: ['outcome'], _count: true }),
    h.db.salesTask.groupBy({ by: ['status'], _count: true }),
    h.db.review.groupBy({ by: ['mode', 'status', 'decidedBy', 'decision'], _count: true }),
    h.db.journeyRun.groupBy({ by: ['journeyKey', 'status'], _count: true }),
  ]);
  const sent = sentToContacts + salesNotices;
  const inSink = h.delivered().length;
  const mib = (await databaseBytes(h.db)) / 2 ** 20;
  const journeysStarted = [...tally.started.values()].reduce((a, b) => a + b, 0);
  const tiers = [1, 2, 3].map((t) => accounts.filter((a) => a.tier === t).length).join('/');
  const owned = accounts.filter((a) => a.ownerId !== null).length;
  const opened = (mode: string) => reviews.filter((r) => r.mode === mode).reduce((sum, r) => sum + r._count, 0);
  const decided = reviews.filter((r) => r.status === 'decided').map((r): [string, number] => [`${r.mode} ${r.decision} by ${r.decidedBy}`, r._count]);
  const events = [...tally.eventsByType.values()].reduce((a, b) => a + b, 0);

  const notes = [
    `seed ${seed}: ${accounts.length} accounts (tier 1/2/3 ${tiers}, ${owned} with an owner), the time-skipping server with the real worker, activities, SQLite file and SMTP sink, reviews and handoffs on`,
    `journeys started: ${counts(tally.started)}; at the end: ${list(ends.map((e) => [`${e.journeyKey} ${e.status}`, e._count]))}`,
    `sample events: ${eventNotes.join(', ')}`,
    `emails sent: ${sentToContacts} to contacts, ${salesNotices} sales notices; ${skipped} skipped`,
    `engagement: ${events} events recorded (${counts(tally.eventsByType)}), ${tally.deliveriesQueued} deliveries queued: ${list(deliveries.map((d) => [d.outcome ?? 'waiting', d._count]))}`,
    `handoffs: ${tasks.reduce((sum, t) => sum + t._count, 0)} tasks (${list(tasks.map((t) => [t.status, t._count]))}); sales accepted ${tally.sales.accept}, rejected ${tally.sales.reject}, refused ${[...tally.sales.refused.values()].reduce((a, b) => a + b, 0)}${tally.sales.refused.size > 0 ? ` (${counts(tally.sales.refused)})` : ''}`,
    `reviews opened: rule ${opened('rule')}, human ${opened('human')}; decided: ${list(decided)}`,
    `database (${providerOf(h.db)}): ${mib.toFixed(1)} MiB at the end, ${((mib * 1000) / journeysStarted).toFixed(1)} MiB per 1,000 journeys started`,
    ...tally.slowDrains,
    ...(tally.dispatcherLog.length > 0 ? [`dispatcher said (${tally.dispatcherLog.length} lines): ${tally.dispatcherLog.slice(0, 3).join(' | ')}`] : []),
    ...(stall ? [`STALLED in the step from day ${stall.fromDay} (clock at day ${stall.clockDay}): ${stall.open}`] : []),
  ];
  const checks: Check[] = [
    {
      label: stall ? `the clock stalled: ${STALL_MS / 1000} s of real time without progress in the ${STEP_DAYS} days from day ${stall.fromDay}` : `no stall: no ${STEP_DAYS}-day step went ${STALL_MS / 1000} s of real time without progress`,
      ok: !stall,
    },
    { label: `every email recorded sent reached the sink (${sent} sent, ${inSink} in the sink)`, ok: sent === inSink },
  ];
  return {
    name: `simulation (${ACCOUNTS} × ${DAYS} d, seed ${seed})`,
    measurement: stall ? `stalled at day ${stall.clockDay}` : fmtMs(ms),
    baseline: '-',
    ratio: stall ? Number.NaN : ms / GOAL_MS,
    goal: `< ${GOAL_MS / 1000} s`,
    pass: !stall && ms < GOAL_MS,
    notes,
    checks,
  };
}
