// Records the histories that test/replay/replay.test.ts replays. Run it when a workflow change is
// released (`npx tsx test/replay/record-histories.ts`), and commit the new files next to the old
// ones: the old histories stand for journeys still running on the previous code, so they are
// never re-recorded or deleted while such journeys may exist.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { importAttendance } from '../../programme-events/attendance';
import { answerInvitation } from '../../programme-events/registrations';
import { saveEvent } from '../../programme-events/event-file';
import { sendRefFor } from '../../mail/tracking';
import type { EngagementSignal, ProgrammeEventMovedSignal } from '../../workflows/journey-api';
import { until } from '../support/until';
import { startRecorder } from './recorder';

// Contacts whose every send attempt fails (the step-failure scenario, v6).
const failing = new Set<string>();
const { h, dir, save } = await startRecorder('', {
  faults: {
    beforeHandoff: (key) => {
      if (failing.has(key.split('|').at(-1)!)) throw new Error('connection reset by the relay host');
    },
  },
});

const noQuietHours = { quietHours: { start: '00:00', end: '00:00', weekends: false }, perContact: { minGapHours: 0 } };
const event = (eventId: string, type: EngagementSignal['type'], atMs: number, extra: Partial<EngagementSignal> = {}): EngagementSignal => ({
  version: 1,
  eventId,
  type,
  atMs,
  ...extra,
});

const contacts = [
  { email: 'champ@replay.example', role: 'champion' },
  { email: 'boss@replay.example', role: 'decision_maker', seniority: 'executive' },
];

try {
  // Emails, waits, an engagement branch, a trigger that jumps stages, a goal check, completion.
  const engaged = await h.publish({
    key: 'replay-engaged',
    name: 'Replay: engagement',
    policy: noQuietHours,
    triggers: [{ on: { type: 'clicked', tag: 'pricing' }, then: { goto: 'convert' } }],
    goals: [{ when: 'all_contacts_unsubscribed', exit: 'nobody_left' }],
    stages: [
      { key: 'engage', steps: [
        { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion', 'decision_maker'] } },
        { id: 'listen', type: 'wait', duration: '3d' },
        { id: 'warm', type: 'branch', if: { engagementScore: { gte: 3 } }, then: { step: 'case' }, else: { step: 'last' } },
        { id: 'case', type: 'email', template: 'case-study', audience: { roles: ['champion'] } },
        { id: 'long', type: 'wait', duration: '30d' },
        { id: 'last', type: 'email', template: 'last-call', audience: { roles: ['champion'] }, onlyIfNotEngaged: true },
      ] },
      { key: 'convert', steps: [
        { id: 'pricing', type: 'email', template: 'pricing-guide', audience: { roles: ['decision_maker'] } },
        { id: 'after', type: 'wait', duration: '7d' },
      ] },
    ],
  });
  const a1 = await h.account({ domain: 'engaged.replay.example', contacts });
  const r1 = await h.start('replay-engaged', engaged.version, a1.id);
  await h.env.sleep('1 day');
  const champ = a1.contacts.find((c) => c.role === 'champion')!;
  await r1.signal('engagement', event('e1', 'opened', await h.env.currentTimeMs(), { contactId: champ.id, role: 'champion' }));
  await r1.signal('engagement', event('e2', 'clicked', await h.env.currentTimeMs(), { contactId: champ.id, role: 'champion', tag: 'case-study' }));
  await h.env.sleep('5 days');
  await r1.signal('contactChanged', { version: 1, contactId: champ.id, change: 'consent', consent: 'subscribed' });
  await r1.signal('engagement', event('e3', 'clicked', await h.env.currentTimeMs(), { contactId: champ.id, role: 'champion', tag: 'pricing' }));
  await r1.result();
  await save('engagement-trigger-branch', r1);

  // Operators: pause, resume, skip a wait, move to a stage, stop.
  const steer = await h.publish({ key: 'replay-steer', name: 'Replay: steering', policy: noQuietHours, stages: [
    { key: 'engage', steps: [
      { id: 'first', type: 'wait', duration: '1d' },
      { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
      { id: 'second', type: 'wait', duration: '20d' },
      { id: 'case', type: 'email', template: 'case-study', audience: { roles: ['champion'] } },
      { id: 'third', type: 'wait', duration: '20d' },
    ] },
    { key: 'convert', steps: [{ id: 'pricing', type: 'email', template: 'pricing-guide', audience: { roles: ['decision_maker'] } }, { id: 'hold', type: 'wait', duration: '60d' }] },
  ] });
  const a2 = await h.account({ domain: 'steer.replay.example', contacts: contacts.map((c) => ({ ...c, email: `s-${c.email}` })) });
  const r2 = await h.start('replay-steer', steer.version, a2.id);
  await r2.signal('pause', { reason: 'hold' });
  await h.env.sleep('3 days');
  await r2.signal('resume');
  await h.env.sleep('2 days');
  await r2.executeUpdate('skipWait', { args: [] });
  await h.env.sleep('1 day');
  await r2.executeUpdate('moveToStage', { args: [{ stage: 'convert', reason: 'asked for a quote' }] });
  await h.env.sleep('2 days');
  await r2.signal('stop', { reason: 'replay recorded' });
  await r2.result();
  await save('operator-steering', r2);

  // A weekly loop that rolls over into new runs: the first run's history ends in continue-as-new.
  const loop = await h.publish({
    key: 'replay-loop',
    name: 'Replay: loop',
    policy: noQuietHours,
    stages: [{ key: 'engage', steps: [
      { id: 'week', type: 'wait', duration: '7d' },
      { id: 'digest', type: 'email', template: 'nurture-digest', audience: { roles: ['champion'] } },
      { id: 'enough', type: 'branch', if: { timeInStage: { gte: '60d' } }, then: { step: 'bye' } },
      { id: 'again', type: 'goto', stage: 'engage' },
      { id: 'bye', type: 'exit', reason: 'loop_done' },
    ] }],
  });
  const a3 = await h.account({ domain: 'loop.replay.example', contacts: contacts.map((c) => ({ ...c, email: `l-${c.email}` })) });
  const r3 = await h.start('replay-loop', loop.version, a3.id, { historyLimit: 60 });
  await r3.result();
  await save('continue-as-new', r3, r3.firstExecutionRunId);

  // A pause while an email waits for quiet hours to end: the send is held until the resume.
  const held = await h.publish({
    key: 'replay-held',
    name: 'Replay: held send',
    stages: [{ key: 'engage', steps: [
      { id: 'saturday-night', type: 'wait', until: { weekday: 'sat', time: '21:00' } },
      { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
    ] }],
  });
  const a4 = await h.account({ domain: 'held.replay.example', contacts: contacts.map((c) => ({ ...c, email: `h-${c.email}` })) });
  const r4 = await h.start('replay-held', held.version, a4.id);
  while (!(await h.db.touch.findFirst({ where: { accountId: a4.id, type: 'email_deferred' } }))) await h.env.sleep('12 hours');
  await r4.signal('pause', { reason: 'hold' });
  await h.env.sleep('4 days');
  await r4.signal('resume');
  await r4.result();
  await save('held-send', r4);

  // A trigger while an email waits for quiet hours: the step is abandoned, and the timeline says
  // which recipients got nothing and why (v5).
  const cut = await h.publish({
    key: 'replay-cut',
    name: 'Replay: interrupted send',
    triggers: [{ on: { type: 'clicked', tag: 'pricing' }, then: { goto: 'convert' } }],
    stages: [
      { key: 'engage', steps: [
        { id: 'saturday-night', type: 'wait', until: { weekday: 'sat', time: '21:00' } },
        { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion', 'decision_maker'] } },
      ] },
      { key: 'convert', steps: [{ id: 'after', type: 'wait', duration: '7d' }] },
    ],
  });
  const a6 = await h.account({ domain: 'cut.replay.example', contacts: contacts.map((c) => ({ ...c, email: `c-${c.email}` })) });
  const r6 = await h.start('replay-cut', cut.version, a6.id);
  while (!(await h.db.touch.findFirst({ where: { accountId: a6.id, type: 'email_deferred' } }))) await h.env.sleep('12 hours');
  await r6.signal('engagement', event('c1', 'clicked', await h.env.currentTimeMs(), { tag: 'pricing' }));
  await r6.result();
  await save('interrupted-send', r6);

  // Lifecycle (v6): a wait_for that wakes for an event, an email whose account condition fails, and
  // a re-entered journey (entry 2).
  const waits = await h.publish({
    key: 'replay-wait-for',
    name: 'Replay: wait for an event',
    policy: noQuietHours,
    stages: [
      { key: 'engage', steps: [
        { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
        { id: 'hear', type: 'wait_for', event: { type: 'clicked', roles: ['decision_maker'] }, timeout: '14d', onEvent: { stage: 'convert' } },
        { id: 'cold', type: 'email', template: 'last-call', audience: { roles: ['champion'] }, if: { engagementScore: { lt: 1 } } },
      ] },
      { key: 'convert', steps: [
        { id: 'budget', type: 'email', template: 'exec-briefing', audience: { roles: ['decision_maker'] }, if: { engagementScore: { lt: 1 } } },
        { id: 'pricing', type: 'email', template: 'pricing-guide', audience: { roles: ['decision_maker'] } },
      ] },
    ],
  });
  const a7 = await h.account({ domain: 'wait-for.replay.example', contacts: contacts.map((c) => ({ ...c, email: `w-${c.email}` })) });
  const r7 = await h.start('replay-wait-for', waits.version, a7.id, { entry: 2 });
  await h.env.sleep('2 days');
  const boss = a7.contacts.find((c) => c.role === 'decision_maker')!;
  await r7.signal('engagement', event('w1', 'clicked', await h.env.currentTimeMs(), { contactId: boss.id, role: 'decision_maker' }));
  await r7.result();
  await save('wait-for-conditions', r7);

  // Publishing a new version with --running migrate: the journey moves at its wait, keeping its end.
  const versioned = { key: 'replay-versions', name: 'Replay: versions', policy: noQuietHours };
  const oldVersion = await h.publish({ ...versioned, stages: [{ key: 'engage', steps: [
    { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
    { id: 'listen', type: 'wait', duration: '10d' },
    { id: 'old-follow-up', type: 'email', template: 'case-study', audience: { roles: ['champion'] } },
  ] }] });
  const a8 = await h.account({ domain: 'versions.replay.example', contacts: contacts.map((c) => ({ ...c, email: `v-${c.email}` })) });
  const r8 = await h.start('replay-versions', oldVersion.version, a8.id);
  await h.env.sleep('2 days');
  const newVersion = await h.publish({ ...versioned, stages: [{ key: 'engage', steps: [
    { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
    { id: 'listen', type: 'wait', duration: '10d' },
    { id: 'new-follow-up', type: 'email', template: 'pricing-guide', audience: { roles: ['champion'] } },
  ] }] });
  await r8.executeUpdate('changeVersion', { args: [{ version: 1, journeyVersion: newVersion.version, mode: 'migrate', stepIds: ['intro', 'listen', 'new-follow-up'] }] });
  await r8.result();
  await save('version-migrate', r8);

  // A step whose sends fail on every attempt: skipped for that contact (skip_on_failure), then a
  // handoff-free journey carries on.
  const flaky = await h.publish({ key: 'replay-flaky', name: 'Replay: failing step', policy: noQuietHours, stages: [{ key: 'engage', steps: [
    { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion', 'decision_maker'] }, retries: 1, skip_on_failure: true },
    { id: 'after', type: 'wait', duration: '1d' },
  ] }] });
  const a9 = await h.account({ domain: 'flaky.replay.example', contacts: contacts.map((c) => ({ ...c, email: `f-${c.email}` })) });
  failing.add(a9.contacts.find((c) => c.role === 'champion')!.id);
  const r9 = await h.start('replay-flaky', flaky.version, a9.id);
  await r9.result();
  await save('step-failure', r9);

  // Started without search attributes and memo, as launchers before v4 did: the journey sets them.
  const plain = await h.publish({ key: 'replay-plain', name: 'Replay: plain start', policy: noQuietHours, stages: [
    { key: 'engage', steps: [{ id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } }] },
  ] });
  const a5 = await h.account({ domain: 'plain.replay.example', contacts: contacts.map((c) => ({ ...c, email: `p-${c.email}` })) });
  const r5 = await h.start('replay-plain', plain.version, a5.id, {}, { labels: false });
  await r5.result();
  await save('unlabelled-start', r5);

  // An invite step (v6): invitations, a registration through the link's code path, reminders to the
  // registrant, the attendance import's signal, and the attended branch.
  const startsAt = new Date((await h.env.currentTimeMs()) + 10 * 86_400_000);
  const roundtableAt = (start: Date) => ({
    key: 'replay-roundtable',
    kind: 'roundtable' as const,
    title: 'Replay roundtable',
    start: start.toISOString().slice(0, 16),
    end: new Date(start.getTime() + 7_200_000).toISOString().slice(0, 16),
    timezone: 'UTC',
    venue: 'Hamburg',
    capacity: 5,
  });
  await saveEvent(h.db, roundtableAt(startsAt));
  const inviting = await h.publish({ key: 'replay-invite', name: 'Replay: invite', policy: noQuietHours, stages: [
    { key: 'engage', steps: [
      { id: 'roundtable', type: 'invite', event: 'replay-roundtable', audience: { roles: ['decision_maker'] }, template: 'event-invitation',
        reminders: ['-3d', '-1d'], reminderTemplate: 'event-reminder', attendanceWait: '1d', on: { attended: { stage: 'convert' } } },
      { id: 'no-show', type: 'exit', reason: 'did_not_come' },
    ] },
    { key: 'convert', steps: [{ id: 'came', type: 'exit', reason: 'came' }] },
  ] });
  const a10 = await h.account({ domain: 'invite.replay.example', contacts: contacts.map((c) => ({ ...c, email: `i-${c.email}` })) });
  const r10 = await h.start('replay-invite', inviting.version, a10.id);
  const invitation = await until('the invitation', () => h.db.emailSend.findFirst({ where: { accountId: a10.id, status: 'sent' } }));
  await answerInvitation(h.db, { send: sendRefFor(invitation.idempotencyKey), eventKey: 'replay-roundtable', answer: 'register', at: new Date() });
  /** What the journey dispatcher would deliver to the journey, signalled by hand (no dispatcher runs here; a move's notices to the invitees are workflows of their own, not recorded here). */
  const deliver = async () => {
    for (const row of await h.db.journeyDelivery.findMany({ where: { accountId: a10.id, deliveredAt: null, kind: { not: 'eventMovedNotice' } }, orderBy: { id: 'asc' } })) {
      if (row.kind === 'programmeEventMoved') await r10.signal('programmeEventMoved', row.payload as ProgrammeEventMovedSignal);
      else await r10.signal('engagement', row.payload as EngagementSignal);
      await h.db.journeyDelivery.update({ where: { id: row.id }, data: { deliveredAt: new Date(), outcome: 'delivered' } });
    }
  };
  await deliver();
  // v11: postponed by two days after the invitations; the step's reminders and wait follow (patched('invite-follows-event-time')).
  await saveEvent(h.db, roundtableAt(new Date(startsAt.getTime() + 2 * 86_400_000)));
  // v12: the move is signalled (programmeEventMoved), and the waiting step plans again at once.
  await deliver();
  await h.env.sleep('300 hours');
  await until('both reminders', async () => (await h.db.emailSend.count({ where: { accountId: a10.id, templateKey: 'event-reminder' } })) === 2);
  const attendance = path.join(dir, 'attendance.csv');
  writeFileSync(attendance, `email,attended\ni-boss@replay.example,yes\n`);
  await importAttendance(h.db, 'replay-roundtable', attendance, new Date(await h.env.currentTimeMs()));
  await deliver();
  await r10.result();
  await save('invite', r10);
} finally {
  await h.teardown();
}
