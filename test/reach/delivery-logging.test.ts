// What a failing webhook delivery says in the worker's log: each attempt is recorded on its delivery
// row (and failed ones are listed in the console), so a receiver that is down for hours must not fill
// the log with a stack trace per retry; a delivery given up on is said once, with how to replay it.
import type { LogLevel, LogMetadata } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { expect, it } from 'vitest';
import { createReachActivities } from '../../activities/reach';
import { loggerThrough } from '../../worker/sdk-logging';
import { freePort } from '../support/free-port';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();

it('logs no warning per failed attempt, and one when the delivery is given up', async () => {
  const lines: [LogLevel, string, LogMetadata | undefined][] = [];
  const env = new MockActivityEnvironment({}, { logger: loggerThrough((level, message, meta) => lines.push([level, message, meta])) });
  const acts = createReachActivities(t.db, 'http://127.0.0.1:8080', []);
  const account = await t.db.account.create({ data: { domain: 'down-receiver.example', name: 'Down Receiver', poolStatus: 'target', timezone: 'UTC' } });
  // Nothing listens on this port: every attempt fails to connect.
  const target = await t.db.reachTarget.create({ data: { kind: 'webhook', url: `http://127.0.0.1:${await freePort()}/hook`, secret: 'whsec-test', events: 'won' } });
  const event = { id: 't1.won', type: 'won', at: new Date().toISOString(), accountId: account.id, contactId: null, taskId: null, eventKey: null };
  const delivery = await t.db.reachDelivery.create({ data: { eventId: event.id, eventType: 'won', event, targetId: target.id } });
  const input = { version: 1 as const, deliveryId: delivery.id, generation: 0 };

  await expect(env.run(acts.attemptReachDelivery, input)).rejects.toMatchObject({ type: 'ReachUnavailable', category: 'BENIGN' });
  await expect(env.run(acts.attemptReachDelivery, input)).rejects.toMatchObject({ type: 'ReachUnavailable' });
  expect(await t.db.reachDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: 'pending', attempts: 2, lastError: expect.any(String) });
  expect(lines.filter(([level]) => level === 'WARN' || level === 'ERROR')).toEqual([]);

  await env.run(acts.markReachDeliveryFailed, { ...input, error: 'attempts exhausted' });
  const warnings = lines.filter(([level]) => level === 'WARN').map(([, message]) => message);
  expect(warnings).toEqual([expect.stringMatching(new RegExp(`^reach delivery ${delivery.id} failed for good \\(replay it from the console or "harpoon webhooks replay"\\): `))]);
  // Marking it again (a retried activity) says nothing more.
  await env.run(acts.markReachDeliveryFailed, { ...input, error: 'attempts exhausted' });
  expect(lines.filter(([level]) => level === 'WARN')).toHaveLength(1);
});
