// Internal sales emails go through the same send activity as journey email: one idempotency key,
// one row that says what the relay answered, no tracking, and no part in the account's caps or
// the contacts' quiet hours.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { listOutbox, readOutboxMessage } from '../../mail/outbox';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';
import { createMailTransport } from '../../mail/transport';
import { useFreshDb } from '../support/fresh-db';

const fresh = useFreshDb({ each: true });
let sink: SmtpSink;
let outboxDir: string;
const cleanups: Array<() => unknown> = [];
beforeEach(async () => {
  outboxDir = mkdtempSync(path.join(os.tmpdir(), 'harpoon-internal-'));
  sink = await startSmtpSink({ port: 0, outboxDir });
});
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
  await sink.stop();
});

// Saturday 23:00 UTC: quiet hours and a weekend for every contact.
const saturdayNight = Date.parse('2026-11-28T23:00:00Z');

it('sends the handoff notice to the owner once, at any hour, without counting toward the account caps', async () => {
  const transport = createMailTransport(sink.url);
  cleanups.push(() => transport.close());
  const { sendEmail, requestHandoff } = createActivities({
    db: fresh.db,
    mailer: { transport, from: 'm@harpoon.test', publicUrl: 'http://127.0.0.1:9', secret: 'test-secret-0123456789abcdef', policy: defaultContactPolicy },
  });
  const rep = await fresh.db.salesRep.create({ data: { email: 'owner@harpoon.test', name: 'Owen Owner' } });
  const account = await fresh.db.account.create({
    data: { domain: 'internal.example', name: 'Internal AG', tier: 2, poolStatus: 'target', ownerId: rep.id, contacts: { create: { email: 'ann@internal.example', role: 'champion' } } },
  });
  const answer = await requestHandoff({ accountId: account.id, journeyWorkflowId: 'journey/j/a', journeyKey: 'j', trigger: 'step', nowMs: saturdayNight, engagement: { score: 12, byRole: {} } });
  expect(answer).toMatchObject({ kind: 'created', status: 'created' });
  const taskId = (answer as { taskId: string }).taskId;
  const req = {
    idempotencyKey: `${taskId}|notice|handoff`,
    workflowId: taskId,
    journeyKey: 'sales',
    accountId: account.id,
    contactId: null,
    templateKey: 'sales-handoff',
    stage: 'handoff',
    stepPath: 'handoff',
    nowMs: saturdayNight,
    internal: { notice: 'handoff' as const, taskId, salesRepId: rep.id },
  };
  expect(await sendEmail(req)).toEqual({ status: 'sent' });
  expect(await sendEmail(req)).toEqual({ status: 'sent' }); // a retried activity sends nothing more
  const mails = await listOutbox(outboxDir);
  expect(mails).toHaveLength(1);
  const mail = await readOutboxMessage(outboxDir, mails[0]!.file);
  expect(mail.to).toMatchObject({ value: [{ address: 'owner@harpoon.test', name: 'Owen Owner' }] });
  expect(mail.text).toContain(`npx harpoon sales show ${taskId}`);
  expect(mail.headers.get('list-unsubscribe')).toBeUndefined();
  expect(await fresh.db.emailSend.findUniqueOrThrow({ where: { idempotencyKey: req.idempotencyKey } })).toMatchObject({ status: 'sent', contactId: null, salesRepId: rep.id });

  // Six internal emails about the account leave its marketing cap (6 a week) untouched.
  for (const n of [1, 2, 3, 4, 5, 6]) {
    await sendEmail({ ...req, idempotencyKey: `${req.idempotencyKey}#${n}`, nowMs: saturdayNight + n * 1000 });
  }
  const contact = await fresh.db.contact.findFirstOrThrow({ where: { accountId: account.id } });
  const monday10 = Date.parse('2026-11-30T10:00:00Z');
  const marketing = await sendEmail({ ...req, internal: undefined, contactId: contact.id, templateKey: 'intro', idempotencyKey: 'journey/j/a|engage/intro#1|c', workflowId: 'journey/j/a', journeyKey: 'j', stage: 'engage', stepPath: 'engage/intro#1', nowMs: monday10 });
  expect(marketing).toEqual({ status: 'sent' });
});
