// The send activity on its own, against real SMTP servers on loopback that are down, come back,
// drop the connection or never answer: a row says `sent` only when the relay accepted the message,
// a send waits for an unreachable relay and resumes when it returns, and the contact policy is
// checked at the moment of the attempt.
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { DeliverySettings, SendFaults, SendRequest } from '../../activities/send-email';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { RelayHealth } from '../../mail/relay-health';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';
import { createMailTransport, type MailTransport } from '../../mail/transport';
import { freePort } from '../support/free-port';
import { useFreshDb } from '../support/fresh-db';
import { startScriptedSmtp } from '../support/scripted-smtp';

const fresh = useFreshDb({ each: true });
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

const logged: string[] = [];

function sender(url: string, opts: { delivery?: Partial<DeliverySettings>; faults?: SendFaults } = {}) {
  const transport: MailTransport = createMailTransport(url, { connectionTimeout: 1_000, greetingTimeout: 1_000, socketTimeout: 2_000 });
  cleanups.push(() => transport.close());
  const log = (line: string) => logged.push(line);
  const relay = new RelayHealth({ probe: () => transport.verify(), log, label: transport.label, probeIntervalMs: 100 });
  const { sendEmail } = createActivities({
    db: fresh.db,
    mailer: {
      transport,
      relay,
      log,
      delivery: { outageLimitMs: 60_000, waitPerAttemptMs: 500, ...opts.delivery },
      from: 'm@harpoon.test',
      publicUrl: 'http://127.0.0.1:9',
      secret: 'test-secret-0123456789abcdef',
      policy: defaultContactPolicy,
    },
    faults: opts.faults,
  });
  return sendEmail;
}

/** A fault hook that kills the worker at its moment of the first attempt only, as a crash would. */
function killsTheWorkerOnce() {
  let killed = false;
  return () => {
    if (killed) return;
    killed = true;
    throw new Error('worker killed');
  };
}

async function sink(port = 0) {
  const outboxDir = mkdtempSync(path.join(os.tmpdir(), 'harpoon-outbox-'));
  const s: SmtpSink = await startSmtpSink({ port, outboxDir });
  cleanups.push(() => s.stop());
  return { ...s, delivered: () => readdirSync(outboxDir).filter((f) => f.endsWith('.eml')) };
}

// Monday 10:00 UTC: inside the sending window.
const monday10 = Date.parse('2026-11-23T10:00:00Z');

async function request(over: Partial<SendRequest> = {}): Promise<SendRequest> {
  const account = await fresh.db.account.create({
    data: { domain: 'retry.example', name: 'Retry Ltd', poolStatus: 'target', contacts: { create: { email: 'ann@retry.example', role: 'champion', firstName: 'Ann' } } },
    include: { contacts: true },
  });
  return {
    idempotencyKey: 'journey/t/x|engage/intro#1|c',
    workflowId: 'journey/t/x',
    journeyKey: 't',
    accountId: account.id,
    contactId: account.contacts[0]!.id,
    templateKey: 'intro',
    stage: 'engage',
    stepPath: 'engage/intro#1',
    nowMs: monday10,
    ...over,
  };
}

const rowOf = (key: string) => fresh.db.emailSend.findUniqueOrThrow({ where: { idempotencyKey: key } });
const touchTypes = async (accountId: string) => (await fresh.db.touch.findMany({ where: { accountId }, orderBy: { at: 'asc' } })).map((t) => t.type);
const failureOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('a mail relay that is down', () => {
  it('keeps the email queued, says since when it waits, and delivers it once the relay is back', async () => {
    const port = await freePort();
    const send = sender(`smtp://127.0.0.1:${port}`);
    const req = await request();

    const failure = await failureOf(send(req));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'MailRelayUnreachable', nonRetryable: false });
    const waiting = await rowOf(req.idempotencyKey);
    expect(waiting).toMatchObject({ status: 'queued', sentAt: null, error: expect.stringMatching(/ECONNREFUSED/) });
    // On the journey's clock (weeks before today's), plus the real time the attempt took.
    expect(waiting.relayWaitSince!.getTime() - monday10).toBeGreaterThanOrEqual(0);
    expect(waiting.relayWaitSince!.getTime() - monday10).toBeLessThan(60_000);
    expect(await touchTypes(req.accountId)).toEqual(['email_waiting']);
    expect(logged.filter((l) => l.includes('unreachable'))).toHaveLength(1);

    // The retry waits inside the activity and goes out as soon as the relay answers again.
    const relay = await sink(port).then((s) => s);
    expect(await send(req)).toEqual({ status: 'sent' });
    expect(await send(req)).toEqual({ status: 'sent' }); // a replayed activity
    expect(relay.delivered()).toHaveLength(1);
    const sent = await rowOf(req.idempotencyKey);
    expect(sent.status).toBe('sent');
    // Both on the timeline. Their order there comes from the attempts' scheduled times, which a
    // call without an activity context does not have: both attempts start at the request's time.
    expect((await touchTypes(req.accountId)).sort()).toEqual(['email_sent', 'email_waiting']);
    expect(logged.filter((l) => l.includes('is back after'))).toHaveLength(1);
  });

  it('resumes a waiting send within seconds of the relay coming back, without a new attempt', async () => {
    const port = await freePort();
    const send = sender(`smtp://127.0.0.1:${port}`, { delivery: { waitPerAttemptMs: 30_000 } });
    const req = await request();
    const pending = send(req);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await rowOf(req.idempotencyKey)).status).toBe('queued');
    const relay = await sink(port);
    const returned = Date.now();
    expect(await pending).toEqual({ status: 'sent' });
    expect(Date.now() - returned).toBeLessThan(5_000);
    expect(relay.delivered()).toHaveLength(1);
  });

  it('records the email as failed, never as sent, once it waited longer than the outage limit', async () => {
    const port = await freePort();
    const send = sender(`smtp://127.0.0.1:${port}`, { delivery: { outageLimitMs: 1 } });
    const req = await request();
    await failureOf(send(req)); // the first attempt starts the wait
    const env = new MockActivityEnvironment({ currentAttemptScheduledTimestampMs: monday10 + 60_000 });
    expect(await env.run(send, req)).toEqual({ status: 'failed', reason: 'relay_unreachable' });
    expect(await rowOf(req.idempotencyKey)).toMatchObject({ status: 'failed', skipReason: 'relay_unreachable', sentAt: null });
    expect(await touchTypes(req.accountId)).toEqual(['email_waiting', 'email_failed']);
  });
});

describe('what a row says', () => {
  it('records a template that throws as failed with its reason, and sends nothing', async () => {
    const relay = await sink();
    const send = sender(relay.url);
    const req = await request({ templateKey: 'no-such-template' });
    const result = await send(req);
    expect(result).toMatchObject({ status: 'failed', reason: 'template_error' });
    expect(relay.delivered()).toHaveLength(0);
    const touch = await fresh.db.touch.findFirstOrThrow({ where: { type: 'email_failed' } });
    expect(touch.detail).toMatchObject({ reason: 'template_error', error: expect.stringContaining('no-such-template') });
    expect(logged.some((l) => l.includes('no-such-template'))).toBe(true);
  });

  it('delivers after a retry when the worker died before the hand-off', async () => {
    const relay = await sink();
    const send = sender(relay.url, { faults: { beforeHandoff: killsTheWorkerOnce() } });
    const req = await request();
    await expect(send(req)).rejects.toThrow('worker killed');
    expect(relay.delivered()).toHaveLength(0);
    expect(await send(req)).toEqual({ status: 'sent' });
    expect(relay.delivered()).toHaveLength(1);
  });

  it('records unconfirmed, and never resends, when the relay took the whole message but no answer came', async () => {
    const relay = await startScriptedSmtp({ afterData: 'close' });
    cleanups.push(() => relay.stop());
    const send = sender(relay.url);
    const req = await request();
    expect(await send(req)).toEqual({ status: 'unconfirmed' });
    expect(await send(req)).toEqual({ status: 'unconfirmed' });
    expect(relay.received).toHaveLength(1);
    expect(await rowOf(req.idempotencyKey)).toMatchObject({ status: 'unconfirmed' });
    expect(await touchTypes(req.accountId)).toEqual(['email_unconfirmed']);
  });

  it('says unconfirmed, not sent, when the worker died after the relay accepted and before recording', async () => {
    const relay = await sink();
    const send = sender(relay.url, { faults: { afterHandoff: killsTheWorkerOnce() } });
    const req = await request();
    await expect(send(req)).rejects.toThrow('worker killed');
    expect(await send(req)).toEqual({ status: 'unconfirmed' });
    expect(relay.delivered()).toHaveLength(1);
    const touch = await fresh.db.touch.findFirstOrThrow({ where: { type: 'email_unconfirmed' } });
    expect(touch.detail).toMatchObject({ why: expect.stringContaining('not sent again') });
  });
});

describe('the contact policy at the moment of the attempt', () => {
  it('holds an email for quiet hours when a retry comes after 20:00, though the step asked before', async () => {
    const relay = await sink();
    const send = sender(relay.url);
    const asked = Date.parse('2026-11-23T19:55:00Z'); // Monday, inside the window
    const req = await request({ nowMs: asked });
    const retry = new MockActivityEnvironment({ currentAttemptScheduledTimestampMs: Date.parse('2026-11-23T20:30:00Z'), attempt: 7 });
    expect(await retry.run(send, req)).toEqual({ status: 'deferred', reason: 'quiet_hours', untilMs: Date.parse('2026-11-24T08:00:00Z') });
    expect(relay.delivered()).toHaveLength(0);

    const nextMorning = new MockActivityEnvironment({ currentAttemptScheduledTimestampMs: Date.parse('2026-11-24T08:00:00Z') });
    expect(await nextMorning.run(send, { ...req, nowMs: Date.parse('2026-11-24T08:00:00Z') })).toEqual({ status: 'sent' });
    expect((await rowOf(req.idempotencyKey)).sentAt!.getTime() - Date.parse('2026-11-24T08:00:00Z')).toBeLessThan(1_000);
  });
});
