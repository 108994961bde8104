// The account journey on the time-skipping server, with real activities, a real database file and a
// real SMTP sink: months of journey in seconds.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchForAccounts } from '../../use-cases/launch';
import { steerJourneys } from '../../use-cases/steer';
import { accountTimeline } from '../../timeline/account-timeline';
import { EngagementScore, JourneyName, JourneyStage } from '../../temporal/search-attributes';
import type { EngagementSignal, JourneyView } from '../../workflows/journey-api';
import { createJourneyHarness, type JourneyHarness } from '../support/journey-harness';

let h: JourneyHarness;
beforeAll(async () => {
  h = await createJourneyHarness();
});
afterAll(async () => {
  await h?.teardown();
});

const dayMs = 86_400_000;
let events = 0;
const event = (type: EngagementSignal['type'], extra: Partial<EngagementSignal> = {}): EngagementSignal => ({
  version: 1,
  eventId: `evt-${++events}`,
  type,
  atMs: 0,
  ...extra,
});

/** Local wall-clock parts of an instant, to assert times in the recipient's time zone. */
function local(ms: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('weekday')} ${get('hour')}:${get('minute')}`;
}

const stage = (key: string, steps: unknown[]) => ({ key, steps });
const email = (id: string, template: string, roles: string[]) => ({ id, type: 'email', template, audience: { roles } });
const wait = (id: string, duration: string) => ({ id, type: 'wait', duration });
const noQuietHours = { quietHours: { start: '00:00', end: '00:00', weekends: false } };

describe('timing', () => {
  it('runs a journey over 90+ days of waits, sending role-specific emails, then completes', async () => {
    const j = await h.publish({
      key: 'ninety-days',
      name: 'Ninety days',
      stages: [
        stage('identify', [{ id: 'align', type: 'wait', until: { weekday: 'mon', time: '10:00' } }]),
        stage('engage', [
          email('intro', 'intro', ['champion']),
          wait('month-1', '30d'),
          email('case', 'case-study', ['decision_maker']),
          wait('month-2', '30d'),
          wait('month-3', '31d'),
        ]),
      ],
    });
    const account = await h.account({
      domain: 'ninety.example',
      contacts: [
        { email: 'champ@ninety.example', role: 'champion' },
        { email: 'boss@ninety.example', role: 'decision_maker', seniority: 'executive' },
        { email: 'user@ninety.example', role: 'user' },
      ],
    });
    const handle = await h.start('ninety-days', j.version, account.id);
    const result: JourneyView = await handle.result();

    expect(result).toMatchObject({ status: 'completed', exitReason: 'journey_complete', stage: 'engage' });
    const started = result.timeline.find((t) => t.text.startsWith('started'))!.atMs;
    const ended = result.timeline.at(-1)!.atMs;
    expect(ended - started).toBeGreaterThan(91 * dayMs);

    const sends = await h.sends(account.id);
    expect(sends.map((s) => [s.templateKey, s.status])).toEqual([
      ['intro', 'sent'],
      ['case-study', 'sent'],
    ]);
    const byId = new Map(account.contacts.map((c) => [c.id, c.email]));
    expect(sends.map((s) => byId.get(s.contactId!))).toEqual(['champ@ninety.example', 'boss@ninety.example']);
    const gap = sends[1]!.sentAt!.getTime() - sends[0]!.sentAt!.getTime();
    expect(gap).toBeGreaterThanOrEqual(30 * dayMs);
    expect(gap).toBeLessThan(30 * dayMs + 60_000); // plus the real time the first send took
    expect(h.delivered()).toHaveLength(2);

    const run = await h.db.journeyRun.findUniqueOrThrow({ where: { workflowId: handle.workflowId } });
    expect(run).toMatchObject({ status: 'completed', stage: 'engage', exitReason: 'journey_complete' });
    const stageChange = await h.db.touch.findFirstOrThrow({ where: { accountId: account.id, type: 'stage_changed' } });
    expect(stageChange.detail).toMatchObject({ from: 'identify', to: 'engage' });
  });

  it('holds an email through quiet hours and the weekend, then sends it at 08:00 local time', async () => {
    const j = await h.publish({
      key: 'quiet-hours',
      name: 'Quiet hours',
      stages: [
        stage('engage', [
          { id: 'saturday-night', type: 'wait', until: { weekday: 'sat', time: '21:00' } },
          email('intro', 'intro', ['champion']),
        ]),
      ],
    });
    const account = await h.account({
      domain: 'quiet.example',
      timezone: 'Asia/Shanghai',
      contacts: [{ email: 'champ@quiet.example', role: 'champion' }],
    });
    const handle = await h.start('quiet-hours', j.version, account.id);
    await handle.result();

    const [send] = await h.sends(account.id);
    expect(send).toMatchObject({ status: 'sent' });
    expect(local(send!.sentAt!.getTime(), 'Asia/Shanghai')).toBe('Mon 08:00');
    const deferred = await h.db.touch.findFirstOrThrow({ where: { accountId: account.id, type: 'email_deferred' } });
    expect(deferred.detail).toMatchObject({ reason: 'quiet_hours', template: 'intro', timeZone: 'Asia/Shanghai' });
    const [entry] = (await accountTimeline(h.db, account.id)).filter((t) => t.type === 'email_deferred');
    expect(entry!.summary).toMatch(/^held "intro" for quiet hours until Mon \d+ \w+ \d{4}, 08:00 Asia\/Shanghai \(UTC\+8\)$/);
  });
});

describe('starting', () => {
  it('is findable by account, tier, journey and stage the moment it is launched, before a worker has run it', async () => {
    const j = await h.publish({ key: 'findable', name: 'Findable', policy: noQuietHours, stages: [stage('identify', [email('intro', 'intro', ['champion'])])] });
    const account = await h.account({ domain: 'findable.example', tier: 2, contacts: [{ email: 'champ@findable.example', role: 'champion' }] });
    // Named twice (a list in two spellings): started once, and the summary says it once.
    const summary = await launchForAccounts(h.db, h.env.client, h.taskQueue, 'findable', [account, { ...account }]);
    expect(summary).toMatchObject({ started: ['findable.example'], alreadyRunning: [] });
    const handle = h.env.client.workflow.getHandle(`journey/findable/${account.id}`);
    expect(await h.db.journeyRun.findUnique({ where: { workflowId: handle.workflowId } })).toMatchObject({ status: 'running' });
    await handle.result();
    // What the start event carries is there before any workflow task: the launch itself set it.
    const started = (await handle.fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!;
    const decode = (fields: Record<string, { data?: Uint8Array | null }>) =>
      Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, JSON.parse(new TextDecoder().decode(p.data!))]));
    expect(decode(started.searchAttributes!.indexedFields as never)).toMatchObject({
      AccountId: account.id,
      AccountTier: '2',
      JourneyName: 'findable',
      JourneyStage: 'identify',
    });
    expect(decode(started.memo!.fields as never)).toEqual({ accountName: 'findable.example Inc.', journeyVersion: j.version });
  });

  it('reaches its first step in its first workflow task, and searches by the engagement it started with', async () => {
    const j = await h.publish({ key: 'one-activity', name: 'One activity', policy: noQuietHours, stages: [stage('engage', [email('intro', 'intro', ['champion'])])] });
    const account = await h.account({ domain: 'one-activity.example', contacts: [{ email: 'champ@one-activity.example', role: 'champion' }] });
    const now = await h.env.currentTimeMs();
    await h.db.touch.create({ data: { accountId: account.id, contactId: account.contacts[0]!.id, type: 'clicked', idempotencyKey: 'event|one-1', at: new Date(now - dayMs) } });
    const handle = await h.start('one-activity', j.version, account.id);
    const view: JourneyView = await handle.result();
    const history = await handle.fetchHistory();
    const scheduled = (history.events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : []));
    // The start and the audience are local activities (markers, not tasks through the server):
    // like a bare workflow, the first thing the server schedules is the email.
    expect(scheduled).toEqual(['sendEmail', 'recordJourneyEnd']);
    expect((history.events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(2);
    // Begin and email, email done and end recorded, ended: three workflow tasks in all.
    expect((history.events ?? []).filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(3);
    expect(view.engagement.score).toBeGreaterThan(0);
    expect((await handle.describe()).typedSearchAttributes.get(EngagementScore)).toBe(view.engagement.score);
    expect(await h.db.touch.count({ where: { accountId: account.id, type: 'journey_started' } })).toBe(1);
    // IDs, never personal data: no contact's address anywhere in the history, with every payload
    // (base64 in the history's JSON) decoded.
    const asText = JSON.stringify(history, (key, value: unknown) => (key === 'data' && typeof value === 'string' ? Buffer.from(value, 'base64').toString('latin1') : value));
    expect(asText).toContain(account.id);
    expect(asText).not.toContain('champ@one-activity.example');
  });

  it('sets its search attributes and memo itself when started without them, as older launchers did', async () => {
    const j = await h.publish({ key: 'unlabelled', name: 'Unlabelled', stages: [stage('engage', [{ id: 'bye', type: 'exit', reason: 'done' }])] });
    const account = await h.account({ domain: 'unlabelled.example', contacts: [{ email: 'champ@unlabelled.example', role: 'champion' }] });
    const handle = await h.start('unlabelled', j.version, account.id, {}, { labels: false });
    await handle.result();
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(JourneyName)).toBe('unlabelled');
    expect(described.typedSearchAttributes.get(JourneyStage)).toBe('engage');
    expect(described.memo).toEqual({ accountName: 'unlabelled.example Inc.', journeyVersion: j.version });
  });
});

describe('contact policy', () => {
  it('enforces the 24-hour gap and the per-contact cap, recording each skip', async () => {
    const j = await h.publish({
      key: 'contact-caps',
      name: 'Contact caps',
      stages: [
        stage('engage', [
          { id: 'align', type: 'wait', until: { weekday: 'mon', time: '10:00' } },
          email('a', 'intro', ['champion']),
          wait('w1', '1h'),
          email('b', 'case-study', ['champion']),
          wait('w2', '2d'),
          email('c', 'pricing-guide', ['champion']),
          wait('w3', '1d'),
          email('d', 'last-call', ['champion']),
        ]),
      ],
    });
    const account = await h.account({ domain: 'caps.example', contacts: [{ email: 'champ@caps.example', role: 'champion' }] });
    await (await h.start('contact-caps', j.version, account.id)).result();

    const sends = await h.sends(account.id);
    expect(sends.map((s) => [s.templateKey, s.status, s.skipReason])).toEqual([
      ['intro', 'sent', null],
      ['case-study', 'skipped', 'cap:contact-24h'],
      ['pricing-guide', 'sent', null],
      ['last-call', 'skipped', 'cap:contact'],
    ]);
    const skips = await h.db.touch.findMany({ where: { accountId: account.id, type: 'email_skipped' } });
    expect(skips.map((t) => (t.detail as { why: string }).why)).toEqual([
      'the contact was already emailed within the last 24 hours',
      'the contact already received 2 emails in the last 7 days (limit 2)',
    ]);
  });

  it('caps the emails one account receives across all its contacts', async () => {
    const j = await h.publish({
      key: 'account-cap',
      name: 'Account cap',
      stages: [stage('engage', [email('blast', 'intro', ['user'])])],
      policy: noQuietHours,
    });
    const contacts = Array.from({ length: 7 }, (_, i) => ({ email: `user${i}@cap.example`, role: 'user' }));
    const account = await h.account({ domain: 'cap.example', contacts });
    await (await h.start('account-cap', j.version, account.id)).result();

    const sends = await h.sends(account.id);
    expect(sends.filter((s) => s.status === 'sent')).toHaveLength(6);
    expect(sends.filter((s) => s.status === 'skipped').map((s) => s.skipReason)).toEqual(['cap:account']);
  });
  it('suppresses a hard-bounced address everywhere and never retries it', async () => {
    const j = await h.publish({
      key: 'bounce',
      name: 'Bounce',
      policy: { ...noQuietHours, perContact: { minGapHours: 0 } },
      stages: [
        stage('engage', [
          email('intro', 'intro', ['champion', 'user']),
          wait('w', '2d'),
          email('case', 'case-study', ['champion', 'user']),
        ]),
      ],
    });
    const account = await h.account({ domain: 'bounce.example', contacts: [{ email: 'bounce-me@bounce.example', role: 'champion' }, { email: 'fine@bounce.example', role: 'user' }] });
    const before = h.delivered().length;
    await (await h.start('bounce', j.version, account.id)).result();

    const bounced = account.contacts.find((c) => c.email.startsWith('bounce'))!;
    expect(await h.db.contact.findUniqueOrThrow({ where: { id: bounced.id } })).toMatchObject({ consent: 'bounced', consentSource: 'smtp 550' });
    const sends = await h.sends(account.id);
    expect(sends.filter((s) => s.contactId === bounced.id).map((s) => [s.templateKey, s.status, s.skipReason])).toEqual([
      ['intro', 'bounced', null],
      ['case-study', 'skipped', 'consent:bounced'],
    ]);
    expect(h.delivered().length - before).toBe(2); // both emails to the other contact
    expect(await h.db.touch.count({ where: { contactId: bounced.id, type: 'bounced' } })).toBe(1);
  });
});

describe('the pool', () => {
  it('stops emailing an account excluded mid-journey and ends its journey', async () => {
    const j = await h.publish({
      key: 'excluded-midway',
      name: 'Excluded midway',
      policy: noQuietHours,
      stages: [
        stage('engage', [
          email('intro', 'intro', ['champion']),
          wait('w', '3d'),
          email('case', 'case-study', ['champion']),
          wait('w2', '30d'),
        ]),
      ],
    });
    const account = await h.account({ domain: 'excluded.example', contacts: [{ email: 'champ@excluded.example', role: 'champion' }] });
    const run = await h.start('excluded-midway', j.version, account.id);
    await h.env.sleep('1 day');
    await h.db.account.update({ where: { id: account.id }, data: { poolStatus: 'excluded', poolReason: 'competitor' } });
    const view = await run.result();

    expect(view).toMatchObject({ status: 'completed', exitReason: 'account_retired' });
    expect((await h.sends(account.id)).map((s) => [s.templateKey, s.status, s.skipReason])).toEqual([
      ['intro', 'sent', null],
      ['case-study', 'skipped', 'account:excluded'],
    ]);
  });
});

describe('reacting to engagement', () => {
  const branching = {
    key: 'branching',
    name: 'Branching',
    policy: noQuietHours,
    stages: [
      stage('engage', [
        email('intro', 'intro', ['champion', 'decision_maker']),
        wait('listen', '3d'),
        {
          id: 'ready',
          type: 'branch',
          if: { all: [{ engagementScore: { gte: 10 } }, { engagedRoles: { includes: ['decision_maker'] } }] },
          then: { stage: 'convert' },
          else: { stage: 'nurture' },
        },
      ]),
      stage('nurture', [
        email('digest', 'nurture-digest', ['champion']),
        { id: 'nurtured', type: 'exit', reason: 'back_to_nurture' },
      ]),
      stage('convert', [email('pricing', 'pricing-guide', ['decision_maker'])]),
    ],
  };

  it('branches on engagement score and engaged roles', async () => {
    const j = await h.publish(branching);
    const contacts = [
      { email: 'champ@hot.example', role: 'champion' },
      { email: 'boss@hot.example', role: 'decision_maker' },
    ];
    const hot = await h.account({ domain: 'hot.example', contacts });
    const cold = await h.account({ domain: 'cold.example', contacts: contacts.map((c) => ({ ...c, email: c.email.replace('hot', 'cold') })) });
    const hotRun = await h.start('branching', j.version, hot.id);
    const coldRun = await h.start('branching', j.version, cold.id);
    await h.env.sleep('1 day');
    const boss = hot.contacts.find((c) => c.role === 'decision_maker')!;
    const now = await h.env.currentTimeMs();
    await hotRun.signal('engagement', event('clicked', { contactId: boss.id, role: 'decision_maker', atMs: now }));
    await hotRun.signal('engagement', event('replied', { contactId: boss.id, role: 'decision_maker', atMs: now }));

    const hotView = await hotRun.result();
    const coldView = await coldRun.result();
    expect(hotView.stage).toBe('convert');
    expect(hotView.engagement.engagedRoles).toEqual(['decision_maker']);
    expect(coldView).toMatchObject({ stage: 'nurture', exitReason: 'back_to_nurture' });
    expect((await h.sends(hot.id)).map((s) => s.templateKey)).toEqual(['intro', 'intro', 'pricing-guide']);
    expect((await h.sends(cold.id)).map((s) => s.templateKey)).toEqual(['intro', 'intro', 'nurture-digest']);
  });

  it('starts knowing the engagement the account showed before the journey began', async () => {
    const j = await h.publish({
      key: 'prior-engagement',
      name: 'Prior engagement',
      policy: noQuietHours,
      stages: [
        stage('identify', [
          { id: 'warm', type: 'branch', if: { engagedRoles: { includes: ['decision_maker'] } }, then: { stage: 'convert' } },
          email('intro', 'intro', ['champion']),
          { id: 'cold', type: 'exit', reason: 'cold_start' },
        ]),
        stage('convert', [email('pricing', 'pricing-guide', ['decision_maker'])]),
      ],
    });
    const contacts = [
      { email: 'champ@warm.example', role: 'champion' },
      { email: 'boss@warm.example', role: 'decision_maker' },
    ];
    const warm = await h.account({ domain: 'warm.example', contacts });
    const boss = warm.contacts.find((c) => c.role === 'decision_maker')!;
    const now = await h.env.currentTimeMs();
    await h.db.touch.create({
      data: { accountId: warm.id, contactId: boss.id, type: 'replied', idempotencyKey: 'event|prior-1', at: new Date(now - 2 * dayMs) },
    });
    // Older than the 90 days a journey looks back: it does not count.
    const stale = await h.account({ domain: 'stale.example', contacts: contacts.map((c) => ({ ...c, email: c.email.replace('warm', 'stale') })) });
    await h.db.touch.create({
      data: { accountId: stale.id, contactId: stale.contacts.find((c) => c.role === 'decision_maker')!.id, type: 'replied', at: new Date(now - 120 * dayMs) },
    });

    const warmView: JourneyView = await (await h.start('prior-engagement', j.version, warm.id)).result();
    const staleView: JourneyView = await (await h.start('prior-engagement', j.version, stale.id)).result();
    expect(warmView.stage).toBe('convert');
    expect(warmView.engagement.byContact[boss.id]).toBeGreaterThan(0);
    expect((await h.sends(warm.id)).map((s) => s.templateKey)).toEqual(['pricing-guide']);
    expect(staleView).toMatchObject({ stage: 'identify', exitReason: 'cold_start' });
  });

  it('shows a paused journey a trigger moved at its new stage, not at the step it left in another', async () => {
    const j = await h.publish({
      key: 'paused-trigger',
      name: 'Paused trigger',
      policy: noQuietHours,
      triggers: [{ on: { type: 'clicked', tag: 'pricing' }, then: { goto: 'convert' } }],
      stages: [stage('engage', [wait('long', '60d')]), stage('convert', [email('pricing', 'pricing-guide', ['decision_maker'])])],
    });
    const account = await h.account({ domain: 'paused-trigger.example', contacts: [{ email: 'boss@paused-trigger.example', role: 'decision_maker' }] });
    const run = await h.start('paused-trigger', j.version, account.id);
    await h.env.sleep('1 day');
    expect((await run.query<JourneyView>('status')).step).toMatchObject({ id: 'long' });
    await run.signal('pause', { reason: 'checking the account' });
    await run.signal('engagement', event('clicked', { tag: 'pricing', atMs: await h.env.currentTimeMs() }));
    let view = await run.query<JourneyView>('status');
    for (let i = 0; i < 60 && view.stage !== 'convert'; i++) view = (await h.env.sleep('1 second'), await run.query<JourneyView>('status'));
    expect(view).toMatchObject({ status: 'paused', stage: 'convert', step: null });
    await run.signal('stop', { reason: 'done' });
    await run.result();
  });

  it('jumps to convert the moment a pricing link is clicked, abandoning a long wait', async () => {
    const j = await h.publish({
      key: 'trigger',
      name: 'Trigger',
      policy: noQuietHours,
      triggers: [{ on: { type: 'clicked', tag: 'pricing' }, then: { goto: 'convert' } }],
      stages: [
        stage('engage', [
          wait('long', '60d'),
          email('never', 'last-call', ['champion']),
        ]),
        stage('convert', [
          email('pricing', 'pricing-guide', ['decision_maker']),
          wait('follow', '30d'),
        ]),
      ],
    });
    const account = await h.account({ domain: 'trigger.example', contacts: [{ email: 'champ@trigger.example', role: 'champion' }, { email: 'boss@trigger.example', role: 'decision_maker' }] });
    const run = await h.start('trigger', j.version, account.id);
    await h.env.sleep('2 days');
    const clickedAt = await h.env.currentTimeMs();
    // A click without the tag does nothing; the tagged one moves the journey.
    await run.signal('engagement', event('clicked', { tag: 'case-study', atMs: clickedAt }));
    await run.signal('engagement', event('clicked', { tag: 'Pricing', atMs: clickedAt }));
    const view = await run.result();

    expect(view.stage).toBe('convert');
    const sends = await h.sends(account.id);
    expect(sends.map((s) => s.templateKey)).toEqual(['pricing-guide']);
    expect(sends[0]!.sentAt!.getTime() - clickedAt).toBeLessThan(dayMs);
    const change = await h.db.touch.findFirstOrThrow({ where: { accountId: account.id, type: 'stage_changed' } });
    expect(change.detail).toMatchObject({ from: 'engage', to: 'convert', why: 'trigger: clicked (Pricing)' });
  });

  it('stops emailing a contact who unsubscribes, and exits when nobody is left to reach', async () => {
    const j = await h.publish({
      key: 'unsubscribe',
      name: 'Unsubscribe',
      policy: noQuietHours,
      goals: [{ when: 'all_contacts_unsubscribed', exit: 'nobody_left' }],
      stages: [
        stage('engage', [
          email('intro', 'intro', ['champion', 'user']),
          wait('w', '10d'),
          email('case', 'case-study', ['champion', 'user']),
          wait('w2', '10d'),
          email('last', 'last-call', ['champion', 'user']),
        ]),
      ],
    });
    const account = await h.account({ domain: 'unsub.example', contacts: [{ email: 'champ@unsub.example', role: 'champion' }, { email: 'user@unsub.example', role: 'user' }] });
    const [champ, user] = account.contacts;
    const run = await h.start('unsubscribe', j.version, account.id);
    await h.env.sleep('2 days');
    await h.db.contact.update({ where: { id: champ!.id }, data: { consent: 'unsubscribed' } });
    await run.signal('engagement', event('unsubscribed', { contactId: champ!.id, atMs: await h.env.currentTimeMs() }));
    await h.env.sleep('12 days');
    await h.db.contact.update({ where: { id: user!.id }, data: { consent: 'unsubscribed' } });
    await run.signal('contactChanged', { version: 1, contactId: user!.id, change: 'consent', consent: 'unsubscribed' });
    const view = await run.result();

    expect(view).toMatchObject({ status: 'completed', exitReason: 'nobody_left' });
    const sends = await h.sends(account.id);
    const champSends = sends.filter((s) => s.contactId === champ!.id);
    expect(champSends.map((s) => [s.templateKey, s.status, s.skipReason])).toEqual([
      ['intro', 'sent', null],
      ['case-study', 'skipped', 'consent:unsubscribed'],
    ]);
    expect(sends.filter((s) => s.templateKey === 'last-call')).toEqual([]);
  });
});

describe('operators steer a journey', () => {
  const steerable = {
    key: 'steerable',
    name: 'Steerable',
    policy: noQuietHours,
    stages: [
      stage('engage', [
        wait('first-wait', '1d'),
        email('intro', 'intro', ['champion']),
        wait('second-wait', '20d'),
        email('case', 'case-study', ['champion']),
      ]),
      stage('convert', [email('pricing', 'pricing-guide', ['champion'])]),
    ],
  };

  it('pauses, resumes and stops; queries show stage, step, next wake-up and timeline', async () => {
    const j = await h.publish(steerable);
    const account = await h.account({ domain: 'pause.example', contacts: [{ email: 'champ@pause.example', role: 'champion' }] });
    const run = await h.start('steerable', j.version, account.id);
    await run.signal('pause', { reason: 'sales asked to hold' });
    await h.env.sleep('5 days');
    expect(await h.sends(account.id)).toEqual([]);
    const paused = await run.query<JourneyView>('status');
    expect(paused.status).toBe('paused');
    expect((await h.db.journeyRun.findUniqueOrThrow({ where: { workflowId: run.workflowId } })).status).toBe('paused');

    await run.signal('resume');
    await h.env.sleep('2 days');
    expect((await h.sends(account.id)).map((s) => s.templateKey)).toEqual(['intro']);
    const waiting = await run.query<JourneyView>('status');
    expect(waiting).toMatchObject({ status: 'running', stage: 'engage', step: { id: 'second-wait', type: 'wait' } });
    expect(waiting.nextWakeAtMs).toBeGreaterThan(await h.env.currentTimeMs());
    expect(waiting.timeline.map((t) => t.text)).toContain('paused: sales asked to hold');

    await run.signal('stop', { reason: 'account went to a competitor' });
    const view = await run.result();
    expect(view).toMatchObject({ status: 'stopped', exitReason: 'account went to a competitor' });
    expect((await h.db.journeyRun.findUniqueOrThrow({ where: { workflowId: run.workflowId } })).status).toBe('stopped');
  });

  it("puts an operator's pause and resume on the account's timeline, with the reason, once the journey has them", async () => {
    const j = await h.publish({ ...steerable, key: 'steered-timeline' });
    const account = await h.account({ domain: 'steered.example', contacts: [{ email: 'champ@steered.example', role: 'champion' }] });
    const run = await h.start('steered-timeline', j.version, account.id);
    for (let i = 0; i < 60 && (await h.db.journeyRun.findUnique({ where: { workflowId: run.workflowId } }))?.status !== 'running'; i++) await h.env.sleep('1 second');
    expect(await steerJourneys(h.db, h.env.client, { accountId: account.id }, 'pause', 'the account is in a legal dispute')).toEqual({ steered: [run.workflowId], unchanged: [] });
    // A second click changes nothing and the timeline does not say "paused" twice; nor does a resume of a running journey.
    expect(await steerJourneys(h.db, h.env.client, { accountId: account.id }, 'pause', 'clicked again')).toEqual({
      steered: [],
      unchanged: [{ workflowId: run.workflowId, why: 'already paused' }],
    });
    await steerJourneys(h.db, h.env.client, { accountId: account.id }, 'resume', 'the dispute is settled');
    expect((await steerJourneys(h.db, h.env.client, { accountId: account.id }, 'resume', 'clicked again')).unchanged).toEqual([{ workflowId: run.workflowId, why: 'not paused' }]);
    const timeline = (await accountTimeline(h.db, account.id)).filter((t) => t.type.startsWith('journey_') && t.type !== 'journey_started');
    expect(timeline.map((t) => [t.type, t.summary])).toEqual([
      ['journey_paused', 'journey steered-timeline paused: the account is in a legal dispute'],
      ['journey_resumed', 'journey steered-timeline resumed: the dispute is settled'],
    ]);
    await h.stop(run);
  });

  it('holds an email waiting for quiet hours while the journey is paused', async () => {
    const j = await h.publish({
      key: 'pause-deferred',
      name: 'Pause deferred',
      stages: [
        stage('engage', [
          { id: 'saturday-night', type: 'wait', until: { weekday: 'sat', time: '21:00' } },
          email('intro', 'intro', ['champion']),
        ]),
      ],
    });
    const account = await h.account({ domain: 'paused-weekend.example', contacts: [{ email: 'champ@paused-weekend.example', role: 'champion' }] });
    const run = await h.start('pause-deferred', j.version, account.id);
    // Run until the email is held for the weekend, then pause.
    const deferred = await (async () => {
      for (let i = 0; i < 20; i++) {
        await h.env.sleep('12 hours');
        const touch = await h.db.touch.findFirst({ where: { accountId: account.id, type: 'email_deferred' } });
        if (touch) return touch;
      }
      throw new Error('the email was never deferred');
    })();
    await run.signal('pause', { reason: 'hold everything' });
    const until = Date.parse((deferred.detail as { until: string }).until);
    await h.env.sleep(until - (await h.env.currentTimeMs()) + 3 * 86_400_000);
    expect(await h.sends(account.id)).toEqual([]);

    await run.signal('resume');
    const view = await run.result();
    expect(view.status).toBe('completed');
    expect((await h.sends(account.id)).map((s) => s.status)).toEqual(['sent']);
  });

  it('accepts valid operator updates and rejects invalid ones with the reason', async () => {
    const j = await h.publish({ ...steerable, key: 'steerable-updates' });
    const account = await h.account({ domain: 'update.example', contacts: [{ email: 'champ@update.example', role: 'champion' }] });
    const run = await h.start('steerable-updates', j.version, account.id);
    await h.env.sleep('2 days'); // now in the 20-day wait

    await expect(run.executeUpdate('moveToStage', { args: [{ stage: 'closing' }] })).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(run.executeUpdate('moveToStage', { args: [{ stage: 'closing' }] })).rejects.toMatchObject({
      cause: { message: 'unknown stage "closing": expected one of engage, convert' },
    });
    expect(await run.executeUpdate('skipWait', { args: [] })).toEqual({ skipped: 'second-wait' });
    const ended = await run.result();
    expect((await h.sends(account.id)).map((s) => s.templateKey)).toEqual(['intro', 'case-study', 'pricing-guide']);
    expect(ended.status).toBe('completed');
    await expect(run.executeUpdate('moveToStage', { args: [{ stage: 'convert' }] })).rejects.toThrow();
  });

  it('moves to a stage on an operator update', async () => {
    const j = await h.publish({ ...steerable, key: 'steerable-move' });
    const account = await h.account({ domain: 'move.example', contacts: [{ email: 'champ@move.example', role: 'champion' }] });
    const run = await h.start('steerable-move', j.version, account.id);
    await h.env.sleep('2 days');
    expect(await run.executeUpdate('moveToStage', { args: [{ stage: 'convert', reason: 'asked for a quote' }] })).toEqual({
      from: 'engage',
      to: 'convert',
    });
    const view = await run.result();
    expect(view.stage).toBe('convert');
    expect((await h.sends(account.id)).map((s) => s.templateKey)).toEqual(['intro', 'pricing-guide']);
  });
});

describe('long journeys', () => {
  it('continues as new with its state: position, engagement, timeline and send history', async () => {
    const j = await h.publish({
      key: 'weekly-loop',
      name: 'Weekly loop',
      policy: noQuietHours,
      stages: [
        stage('engage', [
          wait('week', '7d'),
          email('digest', 'nurture-digest', ['champion']),
          { id: 'enough', type: 'branch', if: { timeInStage: { gte: '60d' } }, then: { step: 'bye' } },
          { id: 'again', type: 'goto', stage: 'engage' },
          { id: 'bye', type: 'exit', reason: 'loop_done' },
        ]),
      ],
    });
    const account = await h.account({ domain: 'loop.example', contacts: [{ email: 'champ@loop.example', role: 'champion' }] });
    const run = await h.start('weekly-loop', j.version, account.id, { historyLimit: 60 });
    await h.env.sleep('3 days');
    await run.signal('engagement', event('replied', { contactId: account.contacts[0]!.id, role: 'champion', atMs: await h.env.currentTimeMs() }));
    const view: JourneyView = await run.result();

    const description = await run.describe();
    expect(description.runId).not.toBe(run.firstExecutionRunId);
    expect(view.exitReason).toBe('loop_done');
    expect(view.engagement.byRole.champion).toBeGreaterThan(0);
    // One digest a week until 60 days in the stage: each loop is its own send, none repeated by the
    // rollovers, and the journey's view (engagement, timeline) survived them.
    const sends = await h.sends(account.id);
    expect(sends.map((s) => s.status)).toEqual(Array(9).fill('sent'));
    expect(new Set(sends.map((s) => s.stepPath)).size).toBe(9);
    expect(view.timeline.some((t) => t.text.startsWith('replied'))).toBe(true);
  });
});

describe('every planned email that is not sent says why', () => {
  it('names the recipients a trigger cut off, the one held for quiet hours, and those left out or missing', async () => {
    const j = await h.publish({
      key: 'explained',
      name: 'Explained',
      triggers: [{ on: { type: 'clicked', tag: 'pricing' }, then: { goto: 'convert' } }],
      stages: [
        stage('engage', [
          { id: 'friday-night', type: 'wait', until: { weekday: 'fri', time: '21:00' } },
          email('nobody', 'intro', ['procurement']),
          { id: 'reminder', type: 'email', template: 'intro', audience: { roles: ['champion', 'user'] }, onlyIfNotEngaged: true },
        ]),
        stage('convert', [wait('hold', '30d')]),
      ],
    });
    const account = await h.account({ domain: 'explained.example', contacts: [{ email: 'eng@explained.example', role: 'champion' }, { email: 'first@explained.example', role: 'champion' }, { email: 'second@explained.example', role: 'user' }] });
    const contact = (email: string) => account.contacts.find((c) => c.email === email)!;
    const [engaged, held, cutOff] = [contact('eng@explained.example'), contact('first@explained.example'), contact('second@explained.example')];
    const run = await h.start('explained', j.version, account.id);
    const startedAt = await h.env.currentTimeMs();
    await run.signal('engagement', event('opened', { contactId: engaged!.id, atMs: startedAt }));
    // Friday 21:00 UTC: the reminder to the first contact waits for Monday 08:00; a click moves the
    // journey on before then.
    const touches = async (type: string) => h.db.touch.findMany({ where: { accountId: account.id, type } });
    // Six hours at a time, so the click comes while the email is held (Friday 21:00 to Monday 08:00).
    for (let i = 0; i < 40 && (await touches('email_deferred')).length === 0; i++) await h.env.sleep('6 hours');
    expect(await touches('email_deferred')).toHaveLength(1);
    await run.signal('engagement', event('clicked', { tag: 'pricing', contactId: held!.id, atMs: await h.env.currentTimeMs() }));
    await run.result();

    expect(await h.sends(account.id)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ status: 'sent' })]),
    );
    const unsent = await touches('email_not_sent');
    expect(unsent.map((t) => [t.contactId, (t.detail as { reason: string }).reason]).sort()).toEqual(
      [
        [held!.id, 'held_then_interrupted'],
        [cutOff!.id, 'step_interrupted'],
      ].sort(),
    );
    expect(unsent[0]!.detail).toMatchObject({ why: 'moved to convert by trigger: clicked (pricing)' });
    const notPlanned = await touches('email_not_planned');
    expect(notPlanned.map((t) => [t.contactId, (t.detail as { reason: string }).reason]).sort()).toEqual(
      [
        [null, 'nobody_in_audience'],
        [engaged!.id, 'already_engaged'],
      ].sort(),
    );
  });
});
