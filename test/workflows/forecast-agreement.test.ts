// One runner, two drivers: the sample journeys run as real workflows on the time-skipping server
// (real activities, database file and SMTP sink) for 54 accounts hearing seeded engagement at its
// moments, and the forecast runs the same journeys for the same accounts and engagement in memory.
// Both drive domain/journey/runner.ts; what this checks is where their effects differ: the send
// activity against the forecast's contact policy, the audience query against its planning, real
// timers against its jumping clock. They must agree on every email: who got which template from
// which step, and when. A small journey of the lifecycle steps (wait_for, an email's if, an invite)
// runs beside the samples.
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seededEngagement, type EngagementSetting } from '../../domain/forecast/engagement';
import { journeyDefinitionSchema, type JourneyDefinition } from '../../domain/journey/definition';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { defaultSalesConfig } from '../../config/sales';
import { saveEvent } from '../../programme-events/event-file';
import { loadInviteEvents } from '../../forecast/forecast-journey';
import { loadForecastAccounts } from '../../forecast/load';
import { forecastAccount } from '../../forecast/simulate';
import { readJourneyFile } from '../../journeys/load';
import { journeyWorkflowId } from '../../workflows/ids';
import type { EngagementSignal } from '../../workflows/journey-api';
import { defaultReviewConfig } from '../../config/reviews';
import { createJourneyHarness, type ContactSeed, type JourneyHarness } from '../support/journey-harness';
import { until } from '../support/until';

let h: JourneyHarness;
let player: Worker;
let playing: Promise<void>;
const playerQueue = `engagement-player-${process.pid}`;

beforeAll(async () => {
  // Account reviews are decisions made on the day (rules on that day's scores, or a person), like
  // sales' answers: the forecast does not predict them, so these journeys come due for none.
  h = await createJourneyHarness({ reviews: { ...defaultReviewConfig, cadenceDays: [10_000, 10_000, 10_000] } });
  player = await Worker.create({
    connection: h.env.nativeConnection,
    taskQueue: playerQueue,
    workflowsPath: fileURLToPath(new URL('../support/workflows/engagement-player.ts', import.meta.url)),
  });
  playing = player.run();
});
afterAll(async () => {
  player?.shutdown();
  await playing;
  await h?.teardown();
});

const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Shanghai', 'America/Los_Angeles', 'UTC', 'Australia/Sydney'];
const people: Omit<ContactSeed, 'email'>[] = [
  { role: 'champion', seniority: 'manager' },
  { role: 'problem_owner', seniority: 'manager' },
  { role: 'decision_maker', seniority: 'executive' },
  { role: 'budget_holder', seniority: 'executive' },
  { role: 'technical_evaluator', seniority: 'individual' },
  { role: 'user', seniority: 'individual' },
  { role: 'influencer', seniority: 'manager' },
];

/** A varied buying group: some roles missing, some contacts in their own time zone, one unsubscribed now and then. */
function buyingGroup(n: number, domain: string): ContactSeed[] {
  return people
    .filter((_, i) => (n + i) % 4 !== 0)
    .map((p, i) => ({ ...p, email: `${p.role}.${i}@${domain}`, timezone: (n + i) % 5 === 0 ? zones[(n + i) % zones.length] : undefined }));
}

const samples = ['demo', 'tier1-executive', 'tier3-nurture'] as const;
const accountsPerJourney = 18;

/** Waits for a click that never comes, emails the cold accounts only, then invites to a roundtable nobody answers. */
const lifecycle = journeyDefinitionSchema.parse({
  key: 'agree-lifecycle',
  name: 'Lifecycle steps',
  stages: [
    {
      key: 'engage',
      steps: [
        { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion', 'problem_owner', 'user'] } },
        // Waits for a click on a webinar link, which seeded engagement never makes: the player's signals
        // can reach a journey after the test server has skipped to the wait's timeout (seen under CI
        // load), so this run only agrees on the timeout exit; the event exit agrees in
        // test/forecast/simulate.test.ts and test/workflows/lifecycle.test.ts.
        { id: 'hear-back', type: 'wait_for', event: { type: 'clicked', tag: 'webinar', roles: ['champion', 'problem_owner', 'decision_maker'] }, timeout: '10d', onEvent: { stage: 'convert' } },
        { id: 'cold-only', type: 'email', template: 'exec-briefing', audience: { roles: ['decision_maker', 'budget_holder'] }, if: { engagementScore: { lt: 4 } } },
        { id: 'pause', type: 'wait', duration: '5d' },
        {
          id: 'roundtable',
          type: 'invite',
          event: 'agree-roundtable',
          audience: { roles: ['decision_maker', 'budget_holder', 'champion'] },
          template: 'event-invitation',
          reminders: ['-3d'],
          reminderTemplate: 'event-reminder',
          rsvpBy: '-1d',
          on: { no_response: { step: 'last-call' } },
        },
        { id: 'not-reached', type: 'exit', reason: 'answered' },
        { id: 'last-call', type: 'email', template: 'last-call', audience: { roles: ['champion', 'user'] } },
        { id: 'done', type: 'exit', reason: 'nurtured' },
      ],
    },
    { key: 'convert', steps: [{ id: 'pricing', type: 'email', template: 'pricing-guide', audience: { roles: ['champion', 'decision_maker'] } }] },
  ],
});
const lifecycleAccounts = 9;
const engagement: EngagementSetting = { kind: 'seeded', seed: 'agreement', eventsPerContactPerWeek: 0.5 };
const days = 180;
const hourMs = 3_600_000;
// Real milliseconds pass on the workflow's clock while activities run; the forecast's clock has none.
const toleranceMs = 60_000;

it(
  'sends what the forecast says it would: the same emails to the same contacts from the same steps at the same times, and ends the same way',
  async () => {
    const journeys = new Map<string, { definition: JourneyDefinition; version: number }>();
    journeys.set(lifecycle.key, { definition: lifecycle, version: (await h.publish(lifecycle)).version });
    for (const key of samples) {
      // Without their sales section: a handoff's task workflow outlives its journey, and its timers and
      // activities stall the time-skipping clock for the journeys after it. No sales outcome comes in
      // this test, so a handoff changes none of a journey's emails (the forecast shows it and assumes
      // no answer either).
      const { sales: _sales, ...definition } = journeyDefinitionSchema.parse(readJourneyFile(`journeys/${key}.yaml`));
      journeys.set(key, { definition, version: (await h.publish(definition)).version });
    }

    const runs: { key: string; accountId: string; workflowId: string; engagement: EngagementSetting }[] = [];
    for (const [k, key] of samples.entries()) {
      for (let i = 0; i < accountsPerJourney; i++) {
        const n = k * accountsPerJourney + i;
        const domain = `agree-${n}.example`;
        const account = await h.account({ domain, tier: key === 'tier1-executive' ? 1 : 3, timezone: zones[n % zones.length], contacts: buyingGroup(n, domain) });
        if (n % 3 === 0) await h.db.contact.update({ where: { id: account.contacts[0]!.id }, data: { consent: 'unsubscribed' } });
        runs.push({ key, accountId: account.id, workflowId: journeyWorkflowId(key, account.id), engagement });
      }
    }
    for (let i = 0; i < lifecycleAccounts; i++) {
      const n = samples.length * accountsPerJourney + i;
      const domain = `agree-${n}.example`;
      const account = await h.account({ domain, timezone: zones[n % zones.length], contacts: buyingGroup(n, domain) });
      // The first lifecycle account hears nothing and the second a lot, so the cold email's both ways
      // (sent, not planned) are taken whatever moment the run starts at; the others hear the seeded mix.
      const setting = i === 0 ? ({ kind: 'none' } as const) : i === 1 ? { ...engagement, eventsPerContactPerWeek: 6 } : engagement;
      runs.push({ key: lifecycle.key, accountId: account.id, workflowId: journeyWorkflowId(lifecycle.key, account.id), engagement: setting });
    }
    // One journey at a time: each client waiting on a result unlocks the time-skipping server's clock
    // once, and with many waiting at once it skips time even while activities and workflow tasks run.
    let compared = 0;
    const forecasts = [];
    for (const run of runs) {
      if (run.key === lifecycle.key) {
        // Three weeks ahead of this journey's start, whichever account it is (each journey moves the clock on).
        const start = new Date((await h.env.currentTimeMs()) + 21 * 86_400_000);
        const local = (d: Date) => d.toISOString().slice(0, 16);
        await saveEvent(h.db, { key: 'agree-roundtable', kind: 'roundtable', title: 'Roundtable', start: local(start), end: local(new Date(start.getTime() + 2 * hourMs)), timezone: 'UTC', venue: 'Hamburg' });
      }
      const handle = await h.start(run.key, journeys.get(run.key)!.version, run.accountId);
      // The journey's start on its own clock, recorded by its first activity: the forecast starts there too.
      const startMs = (await until('the journey to begin', () => h.db.journeyRun.findUnique({ where: { workflowId: run.workflowId } }))).startedAt.getTime();
      const { definition } = journeys.get(run.key)!;
      const inviteEvents = await loadInviteEvents(h.db, definition);
      const [account] = await loadForecastAccounts(h.db, [run.accountId], startMs, defaultContactPolicy, [...inviteEvents.keys()]);
      // Engagement from an hour in, so every event's moment is still ahead when its player starts.
      const events = seededEngagement(run.engagement, account!.contacts, startMs + hourMs, days);
      const forecast = await forecastAccount(definition, account!, { startMs, days, policy: defaultContactPolicy, defaultMqa: defaultSalesConfig.mqa, events, inviteEvents });
      forecasts.push(forecast);
      // The player stops with the last event before the journey's forecast end, so no timer of this
      // account outlives its journey (terminating a workflow mid-task stalls time skipping).
      const heard = events.filter((e) => forecast.end.status === 'running' || e.atMs < forecast.end.atMs);
      await h.env.client.workflow.start('playEngagement', {
        taskQueue: playerQueue,
        workflowId: `play/${run.workflowId}`,
        args: [run.workflowId, heard.map((e): EngagementSignal => ({ version: 1, ...e }))],
      });

      await handle.result();

      const sent = (await h.db.emailSend.findMany({ where: { accountId: run.accountId, contactId: { not: null }, status: 'sent' } }))
        .map((s) => ({ contactId: s.contactId!, template: s.templateKey, stepPath: s.stepPath, atMs: s.sentAt!.getTime() }))
        .sort((a, b) => a.atMs - b.atMs || a.stepPath.localeCompare(b.stepPath) || a.contactId.localeCompare(b.contactId));
      const predicted = forecast.entries
        .filter((e) => e.kind === 'sent')
        .map((e) => ({ contactId: e.contactId!, template: e.template!, stepPath: e.stepPath!, atMs: e.atMs }))
        .sort((a, b) => a.atMs - b.atMs || a.stepPath.localeCompare(b.stepPath) || a.contactId.localeCompare(b.contactId));
      const what = (list: typeof sent) => list.map(({ contactId, template, stepPath }) => `${stepPath} ${template} ${contactId}`);
      expect(what(sent), `${run.workflowId}: the emails`).toEqual(what(predicted));
      for (const [i, s] of sent.entries()) {
        expect(Math.abs(s.atMs - predicted[i]!.atMs), `${run.workflowId} ${s.stepPath} ${s.contactId}: sent at ${new Date(s.atMs).toISOString()}, forecast ${new Date(predicted[i]!.atMs).toISOString()}`).toBeLessThan(toleranceMs);
      }
      const ended = await h.db.journeyRun.findUniqueOrThrow({ where: { workflowId: run.workflowId } });
      expect({ status: ended.status, reason: ended.exitReason }, `${run.workflowId}: the end`).toEqual({ status: forecast.end.status, reason: forecast.end.reason });
      compared += sent.length;
    }
    // The comparison means something: many emails, some of them steered by engagement.
    expect(compared).toBeGreaterThan(200);
    const moved = forecasts.filter((forecast) => forecast.entries.some((e) => e.kind === 'stage' && e.reason?.startsWith('trigger'))).length;
    expect(moved).toBeGreaterThan(0);
    // The lifecycle journey took each way: timed out, the cold email sent and not planned, invitations out.
    const lifecycleEntries = forecasts.slice(-lifecycleAccounts).flatMap((forecast) => forecast.entries);
    const seen = (kind: string, reason?: string, template?: string) =>
      lifecycleEntries.some((e) => e.kind === kind && (reason === undefined || e.reason === reason) && (template === undefined || e.template === template));
    expect([seen('woke', 'timeout'), seen('sent', undefined, 'exec-briefing'), seen('not_planned', 'account_condition'), seen('sent', undefined, 'event-invitation'), seen('invite', 'no_response')]).toEqual([true, true, true, true, true]);
  },
  240_000,
);
