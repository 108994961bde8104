// Journey lifecycle on the time-skipping server, with real activities, a real database file and a
// real SMTP sink: wait_for exits, account conditions on emails, the per-step failure policy,
// moving running journeys to a new version, re-entry and auto-enrolment.
import { describe, expect, it } from 'vitest';
import { reconcileAutoEnrolment } from '../../client/auto-enrol';
import { journeyStatus } from '../../use-cases/journey-status';
import { launchForAccounts, type LaunchAccount } from '../../use-cases/launch';
import { moveRunningJourneys, runningOlderVersions } from '../../use-cases/publish-running';
import { latestJourneyVersion } from '../../journeys/catalog';
import { accountTimeline } from '../../timeline/account-timeline';
import type { EngagementSignal, JourneyView } from '../../workflows/journey-api';
import { withJourneyHarness, type JourneyHarness } from '../support/journey-harness';

let h: JourneyHarness;
/** Contacts whose every send attempt fails, as with a relay host that resets the connection. */
const doomed = new Set<string>();
withJourneyHarness((made) => (h = made), {
    faults: {
      beforeHandoff: (key) => {
        if (doomed.has(key.split('|').at(-1)!)) throw new Error('connection reset by the relay host');
      },
    },
  });

const dayMs = 86_400_000;
const noQuietHours = { quietHours: { start: '00:00', end: '00:00', weekends: false }, perContact: { minGapHours: 0 } };
const stage = (key: string, steps: unknown[]) => ({ key, steps });
const journey = (key: string, name: string, ...stages: unknown[]) => ({ key, name, policy: noQuietHours, stages });
let events = 0;
const event = (type: EngagementSignal['type'], extra: Partial<EngagementSignal> = {}): EngagementSignal => ({
  version: 1,
  eventId: `lc-evt-${++events}`,
  type,
  atMs: 0,
  ...extra,
});
const touches = (accountId: string, type: string) => h.db.touch.findMany({ where: { accountId, type }, orderBy: { at: 'asc' } });
const text = (detail: unknown) => (detail as { text: string }).text;

describe('wait_for', () => {
  const waitsForPricing = (key: string) =>
    journey(
      key,
      'Wait for pricing',
      stage('engage', [
        { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
        {
          id: 'hear-back',
          type: 'wait_for',
          event: { type: 'clicked', tag: 'pricing', roles: ['decision_maker'] },
          timeout: '14d',
          onEvent: { stage: 'convert' },
          onTimeout: { step: 'last' },
        },
        { id: 'last', type: 'email', template: 'last-call', audience: { roles: ['champion'] } },
        { id: 'done', type: 'exit', reason: 'no_reply' },
      ]),
      stage('convert', [{ id: 'pricing', type: 'email', template: 'pricing-guide', audience: { roles: ['decision_maker'] } }]),
    );
  const contacts = (domain: string) => [
    { email: `champ@${domain}`, role: 'champion' },
    { email: `boss@${domain}`, role: 'decision_maker' },
  ];

  it('leaves by its event exit when the awaited event arrives, and says so on the timeline', async () => {
    const j = await h.publish(waitsForPricing('wait-for-event'));
    const account = await h.account({ domain: 'waitfor-event.example', contacts: contacts('waitfor-event.example') });
    const boss = account.contacts.find((c) => c.role === 'decision_maker')!;
    const champ = account.contacts.find((c) => c.role === 'champion')!;
    const run = await h.start('wait-for-event', j.version, account.id);
    await h.env.sleep('3 days');
    const now = await h.env.currentTimeMs();
    // Not the awaited event: the wrong role, then no tag. The journey keeps waiting.
    await run.signal('engagement', event('clicked', { tag: 'pricing', contactId: champ.id, role: 'champion', atMs: now }));
    await run.signal('engagement', event('clicked', { contactId: boss.id, role: 'decision_maker', atMs: now }));
    await h.env.sleep('1 day');
    expect((await run.query<JourneyView>('status')).step).toMatchObject({ id: 'hear-back', type: 'wait_for' });
    // Without Temporal, the database says where the journey waits.
    const offline = await journeyStatus(h.db, undefined, account, 'Temporal unreachable');
    expect(offline.journeys[0]).toMatchObject({ stage: 'engage', step: 'hear-back' });
    await run.signal('engagement', event('clicked', { tag: 'pricing', contactId: boss.id, role: 'decision_maker', atMs: now }));
    const view: JourneyView = await run.result();

    expect(view).toMatchObject({ status: 'completed', stage: 'convert' });
    expect((await h.sends(account.id)).map((s) => s.templateKey)).toEqual(['intro', 'pricing-guide']);
    const [woke] = await touches(account.id, 'lifecycle_woke');
    expect(woke).toMatchObject({ contactId: boss.id, detail: expect.objectContaining({ woke: 'event' }) });
    expect(text(woke!.detail)).toBe(`hear-back: woke for clicked (pricing) by contact ${boss.id} (decision_maker), going to the stage convert`);
    // The history keeps the id; readers of the timeline and of the journey's status get the person.
    const row = (await accountTimeline(h.db, account.id)).find((t) => t.type === 'lifecycle_woke');
    const named = (c: { firstName: string | null; lastName: string | null }) => `${c.firstName} ${c.lastName}`;
    expect(row?.summary).toBe(`hear-back: woke for clicked (pricing) by ${named(boss)} (decision_maker), going to the stage convert`);
    const status = await journeyStatus(h.db, h.env.client, account);
    const said = status.journeys[0]!.timeline.map((t) => t.text).join('\n');
    expect(said).toContain(`intro to ${named(champ)}: sent`);
    expect(said).toContain(`clicked (pricing) by ${named(boss)}`);
    expect(said).not.toMatch(new RegExp(`${boss.id}|${champ.id}`));
  });

  it('leaves by its timeout exit when nothing matching arrives in time', async () => {
    const j = await h.publish(waitsForPricing('wait-for-timeout'));
    const account = await h.account({ domain: 'waitfor-timeout.example', contacts: contacts('waitfor-timeout.example') });
    const run = await h.start('wait-for-timeout', j.version, account.id);
    const view: JourneyView = await run.result();

    expect(view).toMatchObject({ status: 'completed', stage: 'engage', exitReason: 'no_reply' });
    const sends = await h.sends(account.id);
    expect(sends.map((s) => s.templateKey)).toEqual(['intro', 'last-call']);
    expect(sends[1]!.sentAt!.getTime() - sends[0]!.sentAt!.getTime()).toBeGreaterThanOrEqual(14 * dayMs);
    const [woke] = await touches(account.id, 'lifecycle_woke');
    expect(woke!.detail).toMatchObject({ woke: 'timeout' });
    expect(text(woke!.detail)).toBe('hear-back: no clicked tagged pricing by a decision_maker within 14d, going to the step last');
  });


  it('an operator who skips the wait sends the journey out by its timeout exit', async () => {
    const j = await h.publish(waitsForPricing('wait-for-skipped'));
    const account = await h.account({ domain: 'waitfor-skip.example', contacts: contacts('waitfor-skip.example') });
    const run = await h.start('wait-for-skipped', j.version, account.id);
    await h.env.sleep('1 day');
    expect(await run.executeUpdate('skipWait', { args: [] })).toEqual({ skipped: 'hear-back' });
    await run.result();
    const [woke] = await touches(account.id, 'lifecycle_woke');
    expect(text(woke!.detail)).toBe('hear-back: no clicked tagged pricing by a decision_maker within 14d (wait skipped by an operator), going to the step last');
  });
});

describe('account conditions on email steps', () => {
  it('sends to the budget holder only while the account has not engaged, and records the email it did not plan', async () => {
    const def = (key: string) =>
      journey(key, 'Budget holder', stage('engage', [
        { id: 'wait', type: 'wait', duration: '2d' },
        { id: 'budget', type: 'email', template: 'exec-briefing', audience: { roles: ['budget_holder'] }, if: { engagementScore: { lt: 1 } } },
      ]));
    const quiet = await h.account({ domain: 'cond-quiet.example', contacts: [{ email: 'cfo@cond-quiet.example', role: 'budget_holder', seniority: 'executive' }] });
    const busy = await h.account({ domain: 'cond-busy.example', contacts: [{ email: 'cfo@cond-busy.example', role: 'budget_holder', seniority: 'executive' }] });
    const j = await h.publish(def('budget-if'));
    const quietRun = await h.start('budget-if', j.version, quiet.id);
    const busyRun = await h.start('budget-if', j.version, busy.id);
    await busyRun.signal('engagement', event('replied', { contactId: busy.contacts[0]!.id, role: 'budget_holder', atMs: await h.env.currentTimeMs() }));
    // One result at a time: concurrent result() calls upset the time-skipping server's lock count.
    await quietRun.result();
    await busyRun.result();

    expect((await h.sends(quiet.id)).map((s) => [s.templateKey, s.status])).toEqual([['exec-briefing', 'sent']]);
    expect(await h.sends(busy.id)).toEqual([]);
    const [notPlanned] = await touches(busy.id, 'email_not_planned');
    expect(notPlanned!.detail).toMatchObject({ template: 'exec-briefing', reason: 'account_condition' });
  });
});

describe('failure policy', () => {
  const flaky = (key: string, policy: Record<string, unknown>) =>
    journey(key, 'Flaky relay', stage('engage', [
      { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion', 'user'] }, ...policy },
      { id: 'after', type: 'email', template: 'case-study', audience: { roles: ['user'] } },
    ]));

  /** An account whose champion's sends all fail and whose user's go through. */
  const flakyAccount = async (domain: string) => {
    const account = await h.account({ domain, contacts: [{ email: `doomed@${domain}`, role: 'champion' }, { email: `fine@${domain}`, role: 'user' }] });
    doomed.add(account.contacts.find((c) => c.role === 'champion')!.id);
    return account;
  };

  it('skip_on_failure: gives up the failing recipient after its retries, records it, and carries on', async () => {
    const j = await h.publish(flaky('flaky-skip', { retries: 2, skip_on_failure: true }));
    const account = await flakyAccount('flaky-skip.example');
    const run = await h.start('flaky-skip', j.version, account.id);
    const view: JourneyView = await run.result();

    expect(view).toMatchObject({ status: 'completed', exitReason: 'journey_complete' });
    const byEmail = new Map(account.contacts.map((c) => [c.id, c.email]));
    const sends = await h.sends(account.id);
    // The failing attempts never reached the relay (no send row); the timeline says what happened.
    expect(sends.map((s) => [s.templateKey, byEmail.get(s.contactId!), s.status])).toEqual([
      ['intro', 'fine@flaky-skip.example', 'sent'],
      ['case-study', 'fine@flaky-skip.example', 'sent'],
    ]);
    const [failed] = await touches(account.id, 'lifecycle_step_failed');
    expect(byEmail.get(failed!.contactId!)).toBe('doomed@flaky-skip.example');
    expect(text(failed!.detail)).toBe('step intro failed for "intro": connection reset by the relay host; skipped (skip_on_failure), the journey carries on');
    const attempts = (await run.fetchHistory()).events!.filter((e) => e.activityTaskStartedEventAttributes).map((e) => e.activityTaskStartedEventAttributes!.attempt);
    expect(attempts).toContain(3);
  });

  it('without skip_on_failure: stops the journey after the retries, saying which step failed and who was not reached', async () => {
    const j = await h.publish(flaky('flaky-stop', { retries: 1 }));
    const account = await flakyAccount('flaky-stop.example');
    const view: JourneyView = await (await h.start('flaky-stop', j.version, account.id)).result();

    expect(view).toMatchObject({ status: 'stopped', exitReason: 'step_failed:intro' });
    expect(await h.sends(account.id)).toEqual([]);
    expect(text((await touches(account.id, 'lifecycle_step_failed'))[0]!.detail)).toBe(
      'step intro failed for "intro": connection reset by the relay host; the journey stops (step_failed:intro)',
    );
    const fine = account.contacts.find((c) => c.email.startsWith('fine'))!;
    const [unsent] = await touches(account.id, 'email_not_sent');
    expect(unsent).toMatchObject({ contactId: fine.id, detail: expect.objectContaining({ reason: 'step_interrupted', why: 'journey stopped: step_failed:intro' }) });
    expect((await h.db.journeyRun.findFirstOrThrow({ where: { accountId: account.id } })).status).toBe('stopped');
  });
});

describe('publishing a new version of a running journey', () => {
  const v1 = (key: string) =>
    journey(key, 'Versioned', stage('engage', [
      { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
      { id: 'listen', type: 'wait', duration: '10d' },
      { id: 'old-follow-up', type: 'email', template: 'case-study', audience: { roles: ['champion'] } },
    ]));
  const v2 = (key: string) =>
    journey(key, 'Versioned', stage('engage', [
      { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
      { id: 'listen', type: 'wait', duration: '10d' },
      { id: 'new-follow-up', type: 'email', template: 'pricing-guide', audience: { roles: ['champion'] } },
    ]));

  it('migrate: moves running accounts to the same step of the new version at their wait, keeping the wait\'s end', async () => {
    const first = await h.publish(v1('migrating'));
    const account = await h.account({ domain: 'migrate.example', contacts: [{ email: 'champ@migrate.example', role: 'champion' }] });
    const run = await h.start('migrating', first.version, account.id);
    await h.env.sleep('2 days');
    const second = await h.publish(v2('migrating'));
    const running = await runningOlderVersions(h.db, h.env.client, 'migrating', second.version);
    expect(running).toEqual([expect.objectContaining({ domain: 'migrate.example', journeyVersion: 1, stage: 'engage', step: 'listen' })]);
    const target = (await latestJourneyVersion(h.db, 'migrating'))!;
    const [moved] = await moveRunningJourneys(h.env.client, running, target, 'migrate', h.db);
    expect(moved).toMatchObject({ result: 'accepted' });
    const view: JourneyView = await run.result();

    expect(view).toMatchObject({ status: 'completed', journeyVersion: 2 });
    const sends = await h.sends(account.id);
    expect(sends.map((s) => s.templateKey)).toEqual(['intro', 'pricing-guide']);
    expect(sends[1]!.sentAt!.getTime() - sends[0]!.sentAt!.getTime()).toBeLessThan(10 * dayMs + 60_000);
    const [changed] = await touches(account.id, 'lifecycle_version_changed');
    expect(changed!.detail).toMatchObject({ from: 1, to: 2, mode: 'migrate', stage: 'engage', step: 'listen' });
    expect(await h.db.journeyRun.findFirstOrThrow({ where: { accountId: account.id } })).toMatchObject({ journeyVersion: 2 });
    expect((await run.describe()).memo).toMatchObject({ journeyVersion: 2 });
  });

  it('says why a running account did not tell its step: a run the Temporal server does not know', async () => {
    const first = await h.publish(v1('unanswered'));
    const account = await h.account({ domain: 'stale.example', contacts: [{ email: 'champ@stale.example', role: 'champion' }] });
    await h.db.journeyRun.create({
      data: { workflowId: `journey/unanswered/${account.id}`, journeyKey: 'unanswered', journeyVersion: first.version, accountId: account.id, status: 'running', stage: 'engage' },
    });
    const second = await h.publish(v2('unanswered'));
    const running = await runningOlderVersions(h.db, h.env.client, 'unanswered', second.version);
    expect(running).toEqual([expect.objectContaining({ domain: 'stale.example', stage: 'engage', step: null, unanswered: expect.stringMatching(/not found/i) })]);
  });

  it('migrate is refused for an account whose step the new version does not have; it keeps its version', async () => {
    const first = await h.publish(v1('migrate-refused'));
    const account = await h.account({ domain: 'refused.example', contacts: [{ email: 'champ@refused.example', role: 'champion' }] });
    const run = await h.start('migrate-refused', first.version, account.id);
    await h.env.sleep('2 days');
    const renamed = { ...v2('migrate-refused'), stages: [stage('engage', [{ id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } }, { id: 'pause', type: 'wait', duration: '1d' }])] };
    await h.publish(renamed);
    const target = (await latestJourneyVersion(h.db, 'migrate-refused'))!;
    const running = await runningOlderVersions(h.db, h.env.client, 'migrate-refused', target.version);
    const [outcome] = await moveRunningJourneys(h.env.client, running, target, 'migrate', h.db);
    expect(outcome).toMatchObject({ result: 'refused', detail: 'step listen does not exist in version 2: the journey keeps version 1 (restart it instead)' });
    // A marketer reading the account sees why it still runs version 1; asking again adds no second line.
    await moveRunningJourneys(h.env.client, running, target, 'migrate', h.db);
    const timeline = await accountTimeline(h.db, account.id);
    expect(timeline.filter((t) => t.type === 'lifecycle_version_refused').map((t) => [t.journey, t.summary])).toEqual([
      ['migrate-refused', 'stays on version 1: migrate to version 2 refused (step listen does not exist in version 2: the journey keeps version 1 (restart it instead))'],
    ]);
    const view: JourneyView = await run.result();
    expect(view.journeyVersion).toBe(1);
    expect((await h.sends(account.id)).map((s) => s.templateKey)).toEqual(['intro', 'case-study']);
  });

  it('restart: starts the new version from its first step, sending its emails as new ones', async () => {
    const first = await h.publish(v1('restarting'));
    const account = await h.account({ domain: 'restart.example', contacts: [{ email: 'champ@restart.example', role: 'champion' }] });
    const run = await h.start('restarting', first.version, account.id);
    await h.env.sleep('2 days');
    await h.publish(v2('restarting'));
    const target = (await latestJourneyVersion(h.db, 'restarting'))!;
    const running = await runningOlderVersions(h.db, h.env.client, 'restarting', target.version);
    expect((await moveRunningJourneys(h.env.client, running, target, 'restart', h.db))[0]).toMatchObject({ result: 'accepted' });
    const view: JourneyView = await run.result();

    expect(view).toMatchObject({ status: 'completed', journeyVersion: 2 });
    // intro again (a new visit of the step, so a new email), then the new follow-up after a full wait.
    expect((await h.sends(account.id)).map((s) => [s.templateKey, s.stepPath])).toEqual([
      ['intro', 'engage/intro#1'],
      ['intro', 'engage/intro#2'],
      ['pricing-guide', 'engage/new-follow-up#1'],
    ]);
  });
});

describe('re-entry', () => {
  const oneEmail = (key: string, reentry?: unknown) => ({
    key,
    name: 'Re-entry',
    policy: noQuietHours,
    ...(reentry ? { reentry } : {}),
    stages: [stage('engage', [{ id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } }])],
  });
  const finish = (key: string, accountId: string) => h.env.client.workflow.getHandle(`journey/${key}/${accountId}`).result();
  // Journeys record their end on their own clock, which earlier tests' skipped days put ahead of the
  // system's; a relaunch judges re-entry on that same clock.
  const launch = async (key: string, account: LaunchAccount) =>
    launchForAccounts(h.db, h.env.client, h.taskQueue, key, [account], undefined, { now: new Date(await h.env.currentTimeMs()) });

  it('once: a second launch after the journey ended is refused with the reason', async () => {
    await h.publish(oneEmail('enter-once', { policy: 'once' }));
    const account = await h.account({ domain: 'once.example', contacts: [{ email: 'champ@once.example', role: 'champion' }] });
    expect((await launch('enter-once', account)).started).toEqual(['once.example']);
    await finish('enter-once', account.id);
    const again = await launch('enter-once', account);
    expect(again.started).toEqual([]);
    expect(again.notEligible).toEqual([{ domain: 'once.example', reason: expect.stringMatching(/^re-entry policy once: its previous run ended .* \(journey_complete\)$/) }]);
  });

  it('after_exit (the default): the account enters again under the same workflow ID and gets the emails again', async () => {
    await h.publish(oneEmail('enter-again'));
    const account = await h.account({ domain: 'again.example', contacts: [{ email: 'champ@again.example', role: 'champion' }] });
    await launch('enter-again', account);
    await finish('enter-again', account.id);
    expect((await launch('enter-again', account)).started).toEqual(['again.example']);
    await finish('enter-again', account.id);

    expect((await h.sends(account.id)).map((s) => [s.status, s.stepPath])).toEqual([
      ['sent', 'engage/intro#1'],
      ['sent', 'engage/intro#2.1'],
    ]);
    expect(await h.db.journeyRun.findFirstOrThrow({ where: { accountId: account.id } })).toMatchObject({ entries: 2, status: 'completed' });
  });

  it('on_requalify: enters again only after its tier or pool status changed', async () => {
    await h.publish(oneEmail('enter-requalified', { policy: 'on_requalify' }));
    const account = await h.account({ domain: 'requalify.example', contacts: [{ email: 'champ@requalify.example', role: 'champion' }] });
    await launch('enter-requalified', account);
    await finish('enter-requalified', account.id);
    const refused = await launch('enter-requalified', account);
    expect(refused.notEligible[0]!.reason).toMatch(/^re-entry policy on_requalify: its tier and pool status have not changed since its previous run ended/);

    await h.db.statusChange.create({ data: { accountId: account.id, field: 'tier', oldValue: '3', newValue: '2', reason: 'rescored', actor: 'system', at: new Date((await h.env.currentTimeMs()) + 1000) } });
    expect((await launch('enter-requalified', account)).started).toEqual(['requalify.example']);
    await finish('enter-requalified', account.id);
  });
});

describe('auto-enrolment', () => {
  it('starts targets that meet the entry criteria, and stops those that left the target pool with that reason', async () => {
    await h.publish({
      key: 'auto-tier2',
      name: 'Auto tier 2',
      autoEnrol: true,
      entry: { tiers: [2] },
      stages: [stage('engage', [{ id: 'long', type: 'wait', duration: '60d' }])],
    });
    const joiner = await h.account({ domain: 'auto-joiner.example', tier: 2, contacts: [{ email: 'champ@auto-joiner.example', role: 'champion' }] });
    const round = await reconcileAutoEnrolment(h.db, h.env.client, h.taskQueue);
    const launched = round.launched.find((s) => s.journeyKey === 'auto-tier2')!;
    expect(launched.started).toContain('auto-joiner.example');
    // Accounts of other tiers were considered and refused by the entry criteria, as a launch would.
    expect(launched.notEligible.every((n) => n.reason.startsWith('tier'))).toBe(true);
    // A second round finds it running and starts nothing.
    expect((await reconcileAutoEnrolment(h.db, h.env.client, h.taskQueue)).launched.filter((s) => s.journeyKey === 'auto-tier2')).toEqual([]);

    await h.db.account.update({ where: { id: joiner.id }, data: { poolStatus: 'retired' } });
    const exits = await reconcileAutoEnrolment(h.db, h.env.client, h.taskQueue);
    expect(exits.stopped).toEqual([{ journeyKey: 'auto-tier2', domain: 'auto-joiner.example', reason: 'left_target_pool: retired' }]);
    const view: JourneyView = await h.env.client.workflow.getHandle(`journey/auto-tier2/${joiner.id}`).result();
    expect(view).toMatchObject({ status: 'stopped', exitReason: 'left_target_pool: retired' });
  });

  it('enrols an account once when the journey has no re-entry policy, however many rounds follow its end', async () => {
    await h.publish({ key: 'auto-once', name: 'Auto once', autoEnrol: true, entry: { tiers: [1] }, stages: [stage('engage', [{ id: 'bye', type: 'exit', reason: 'done' }])] });
    const account = await h.account({ domain: 'auto-once.example', tier: 1, contacts: [{ email: 'champ@auto-once.example', role: 'champion' }] });
    const first = await reconcileAutoEnrolment(h.db, h.env.client, h.taskQueue);
    expect(first.launched.find((s) => s.journeyKey === 'auto-once')?.started).toEqual(['auto-once.example']);
    await h.env.client.workflow.getHandle(`journey/auto-once/${account.id}`).result();
    const again = await reconcileAutoEnrolment(h.db, h.env.client, h.taskQueue);
    expect(again.launched.find((s) => s.journeyKey === 'auto-once')).toBeUndefined();
  });
});
