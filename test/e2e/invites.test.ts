// An event invitation on real parts: dev server, worker node with its dispatcher, an SMTP sink on
// loopback as the relay, the tracking server and the real CLI. The invitation arrives through SMTP
// with an .ics that a real iCalendar parser (ical.js) accepts; registering through the signed link
// is recorded and reaches the journey; a tampered link records nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { expect, it } from 'vitest';
import { listOutbox, readOutboxMessage } from '../../mail/outbox';
import { statusQuery } from '../../workflows/journey-api';
import { calendarPartsOf } from '../support/calendar-parts';
import { runCli } from '../support/cli';
import { withDevClusterWithRelay, type ClusterWithRelay } from '../support/dev-cluster';
import { noQuietHours, writeJourneyYaml } from '../support/journey-yaml';
import { until } from '../support/until';

let cluster: ClusterWithRelay;
withDevClusterWithRelay((started) => (cluster = started));

it('invites with a calendar entry through SMTP, and records a registration through the signed link for the journey', async () => {
  const { db } = cluster.fresh;
  const { env, relayDir } = cluster;
  const account = await db.account.create({
    data: {
      domain: 'brandt-gears.example',
      name: 'Brandt Gears',
      tier: 1,
      poolStatus: 'target',
      contacts: { create: [{ email: 'eva.brandt@brandt-gears.example', firstName: 'Eva', lastName: 'Brandt', role: 'decision_maker', seniority: 'executive' }] },
    },
  });

  const start = new Date(Date.now() + 10 * 86_400_000);
  const berlin = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }).format(d).replace(' ', 'T');
  const eventFile = path.join(cluster.fresh.dir, 'roundtable.yaml');
  writeFileSync(
    eventFile,
    [
      'key: e2e-roundtable',
      'kind: roundtable',
      'title: Gear makers roundtable',
      `start: "${berlin(start)}"`,
      `end: "${berlin(new Date(start.getTime() + 7_200_000))}"`,
      'timezone: Europe/Berlin',
      'venue: Hamburg',
      'capacity: 8',
    ].join('\n'),
  );
  expect((await runCli(['events', 'create', eventFile], env)).stdout).toContain('created event e2e-roundtable');

  const journeyFile = writeJourneyYaml(cluster.fresh.dir, {
    key: 'inviting',
    name: 'Inviting',
    policy: noQuietHours,
    steps: [
      '{ id: roundtable, type: invite, event: e2e-roundtable, audience: { roles: [decision_maker] }, template: event-invitation, reminders: ["-1d"], reminderTemplate: event-reminder, on: { registered: { stage: convert } } }',
    ],
    more: ['  - { key: convert, steps: [{ id: after, type: wait, duration: 30d }] }'],
  });
  expect((await runCli(['journeys', 'publish', journeyFile], env)).stdout).toContain('published inviting version 1');
  expect((await runCli(['journeys', 'launch', 'inviting', '--account', account.domain], env)).stdout).toContain('1 started');

  const entry = await until('the invitation', async () => (await listOutbox(relayDir)).find((m) => m.to.includes('eva.brandt@brandt-gears.example')));
  expect(entry.subject).toBe('Eva, an invitation: Gear makers roundtable');
  const mail = await readOutboxMessage(relayDir, entry.file);
  // Every calendar part as it arrived: one text/calendar alternative and one invite.ics, each valid.
  const parts = await calendarPartsOf(readFileSync(path.join(relayDir, entry.file)));
  expect(parts).toHaveLength(2);
  expect(parts.filter((p) => p.contentType.startsWith('text/calendar'))).toHaveLength(1);
  expect(parts.filter((p) => !p.contentType.startsWith('text/calendar') && p.filename === 'invite.ics')).toHaveLength(1);
  for (const part of parts) {
    const calendar = new ICAL.Component(ICAL.parse(part.body));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect((vevent.component.getFirstPropertyValue('dtstamp') as ICAL.Time).zone).toBe(ICAL.Timezone.utcTimezone);
    const startTime = vevent.startDate;
    startTime.zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    expect(Math.abs(startTime.toJSDate().getTime() - start.getTime())).toBeLessThan(60_000);
    expect(vevent.summary).toBe('Gear makers roundtable');
    expect(String(vevent.attendees[0]!.getFirstValue()).toLowerCase()).toBe('mailto:eva.brandt@brandt-gears.example');
  }

  // The link as the recipient has it, sent to the tracking server wherever it listens.
  const http = await cluster.startTrackingServer();
  const link = /https?:\/\/[^/\s]+\/e\/register\?t=[^\s"<>]+/.exec(mail.text ?? '')![0];
  const url = new URL(link);
  const local = `${http.url}${url.pathname}${url.search}`;
  const touches = () => db.touch.count({ where: { accountId: account.id, type: { startsWith: 'event_' } } });
  // The journey records the invitation in an activity after the relay took it: count from there.
  await until('the invitation on the timeline', () => db.touch.findFirst({ where: { accountId: account.id, type: 'event_invited' } }));
  const before = await touches();

  // A tampered token is refused, and nothing is recorded.
  const tampered = local.replace(/t=([^.]+)\./, (_, body: string) => `t=${body.slice(0, -2)}xx.`);
  expect((await fetch(tampered, { method: 'POST' })).status).toBe(400);
  expect(await touches()).toBe(before);

  // GET only asks (mail scanners open links); the form's POST registers.
  const asked = await fetch(local);
  expect(asked.status).toBe(200);
  expect(await asked.text()).toContain('Register for this event?');
  expect(await touches()).toBe(before);
  const registered = await fetch(local, { method: 'POST' });
  expect(registered.status).toBe(200);
  expect(await registered.text()).toContain('You are registered');

  const registration = await db.eventRegistration.findFirstOrThrow({ where: { accountId: account.id } });
  expect(registration.status).toBe('registered');
  const touch = await db.touch.findFirstOrThrow({ where: { accountId: account.id, type: 'event_registered' } });
  expect(touch.detail).toMatchObject({ eventKey: 'e2e-roundtable' });

  const journey = cluster.client.workflow.getHandle(`journey/inviting/${account.id}`);
  await until('the journey to hear the registration', async () =>
    (await journey.query(statusQuery)).timeline.some((t) => t.text.startsWith('event_registered (e2e-roundtable)')),
  );
  const shown = JSON.parse((await runCli(['events', 'show', 'e2e-roundtable', '--json'], env)).stdout);
  expect(shown).toMatchObject({ seatsTaken: 1, registrations: [{ contact: 'eva.brandt@brandt-gears.example', status: 'registered' }] });
});
