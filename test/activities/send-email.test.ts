// The send activity on its own, against a real SMTP server on loopback that is down at first: a
// soft failure is retryable and records why, and the retry delivers exactly one message.
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { SendRequest } from '../../activities/send-email';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';
import { createMailTransport } from '../../mail/transport';
import { freePort } from '../support/free-port';
import { freshDb, type FreshDb } from '../support/fresh-db';

let fresh: FreshDb;
let sink: SmtpSink | undefined;
beforeAll(async () => {
  fresh = await freshDb();
});
afterAll(async () => {
  await sink?.stop();
  await fresh?.db.$disconnect();
});

it('treats an unreachable SMTP server as a soft failure and delivers once on retry', async () => {
  const port = await freePort();
  const outboxDir = mkdtempSync(path.join(os.tmpdir(), 'harpoon-outbox-'));
  const transport = createMailTransport(`smtp://127.0.0.1:${port}`);
  const { sendEmail } = createActivities({
    db: fresh.db,
    mailer: { transport, from: 'm@harpoon.test', publicUrl: 'http://127.0.0.1:9', secret: 'test-secret-0123456789abcdef', policy: defaultContactPolicy },
  });
  const account = await fresh.db.account.create({
    data: { domain: 'retry.example', name: 'Retry Ltd', poolStatus: 'target', contacts: { create: { email: 'ann@retry.example', role: 'champion', firstName: 'Ann' } } },
    include: { contacts: true },
  });
  // Monday 10:00 UTC: inside the sending window whatever the day the test runs.
  const request: SendRequest = {
    idempotencyKey: 'journey/t/x|engage/intro#1|c',
    workflowId: 'journey/t/x',
    journeyKey: 't',
    accountId: account.id,
    contactId: account.contacts[0]!.id,
    templateKey: 'intro',
    stage: 'engage',
    stepPath: 'engage/intro#1',
    nowMs: Date.parse('2026-11-23T10:00:00Z'),
  };

  const failure = await sendEmail(request).catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ type: 'SmtpSoftFailure', nonRetryable: false });
  const failed = await fresh.db.emailSend.findUniqueOrThrow({ where: { idempotencyKey: request.idempotencyKey } });
  expect(failed.status).toBe('failed');
  expect(failed.error).toMatch(/ECONNREFUSED/);

  sink = await startSmtpSink({ port, outboxDir });
  expect(await sendEmail(request)).toEqual({ status: 'sent' });
  expect(await sendEmail(request)).toEqual({ status: 'sent' }); // a replayed activity
  transport.close();
  expect(readdirSync(outboxDir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  expect(await fresh.db.touch.count({ where: { type: 'email_sent', accountId: account.id } })).toBe(1);
});
