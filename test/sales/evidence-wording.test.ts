// What a handoff's evidence says, through the real activity over a real database file and the real
// notice email through an SMTP sink: the recent timeline names who did what (one description of a
// timeline entry for every door), and "why" names the part of the MQA rule that held.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import type { HandoffEvidence } from '../../domain/sales/evidence';
import { listOutbox, readOutboxMessage } from '../../mail/outbox';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';
import { createMailTransport } from '../../mail/transport';
import { useFreshDb } from '../support/fresh-db';

const fresh = useFreshDb();
let sink: SmtpSink;
let outboxDir: string;
let transport: ReturnType<typeof createMailTransport>;
let acts: ReturnType<typeof createActivities>;
let repId = '';
beforeAll(async () => {
  outboxDir = mkdtempSync(path.join(os.tmpdir(), 'harpoon-evidence-'));
  sink = await startSmtpSink({ port: 0, outboxDir });
  transport = createMailTransport(sink.url);
  acts = createActivities({
    db: fresh.db,
    mailer: { transport, from: 'm@harpoon.test', publicUrl: 'http://127.0.0.1:9', secret: 'test-secret-0123456789abcdef', policy: defaultContactPolicy },
  });
  repId = (await fresh.db.salesRep.create({ data: { email: 'owner@harpoon.test', name: 'Owen Owner' } })).id;
});
afterAll(async () => {
  transport?.close();
  await sink?.stop();
});

const nowMs = Date.parse('2026-11-24T10:00:00Z');
const at = (hoursAgo: number) => new Date(nowMs - hoursAgo * 3_600_000);

async function accountWithHistory(slug: string, inquiry: boolean) {
  const account = await fresh.db.account.create({
    data: {
      domain: `${slug}.example`, name: slug, tier: 2, poolStatus: 'target', ownerId: repId,
      contacts: { create: [{ email: `ann@${slug}.example`, firstName: 'Ann', lastName: 'Lee', role: 'champion' }, { email: `ben@${slug}.example`, firstName: 'Ben', lastName: 'Boss', role: 'decision_maker' }] },
    },
    include: { contacts: true },
  });
  const [ann, ben] = account.contacts;
  await fresh.db.touch.createMany({
    data: [
      { accountId: account.id, contactId: ann!.id, journeyKey: 'j', type: 'email_sent', detail: { template: 'intro', stage: 'engage' }, at: at(30) },
      { accountId: account.id, contactId: ann!.id, type: 'clicked', detail: { source: 'tracked_link', tag: 'case-study' }, at: at(20) },
      { accountId: account.id, contactId: ben!.id, type: 'clicked', detail: { source: 'tracked_link', tag: 'pricing' }, at: at(10) },
      ...(inquiry ? [{ accountId: account.id, contactId: ben!.id, type: 'inquiry', detail: { source: 'api' }, at: at(5) }] : []),
    ],
  });
  return account;
}

async function handOff(accountId: string) {
  const answer = await acts.requestHandoff({
    accountId, journeyWorkflowId: `journey/j/${accountId}`, journeyKey: 'j', trigger: 'mqa', nowMs,
    engagement: { score: 41, byRole: { champion: 6.5, decision_maker: 19.2 } },
  });
  const taskId = (answer as { taskId: string }).taskId;
  const task = await fresh.db.salesTask.findUniqueOrThrow({ where: { id: taskId } });
  return { taskId, evidence: task.evidence as unknown as HandoffEvidence };
}

it('says who did what in the recent timeline, on the task and in the handoff email', async () => {
  const account = await accountWithHistory('who-what', true);
  const { taskId, evidence } = await handOff(account.id);
  expect(evidence.recent.map((r) => r.what)).toEqual([
    'Ben Boss: inquiry via api',
    'Ben Boss: clicked (pricing) via tracked_link',
    'Ann Lee: clicked (case-study) via tracked_link',
    'Ann Lee: sent "intro" (engage): the mail relay accepted it',
  ]);

  const notice = {
    idempotencyKey: `${taskId}|notice|handoff`, workflowId: taskId, journeyKey: 'sales', accountId: account.id, contactId: null,
    templateKey: 'sales-handoff', stage: 'handoff', stepPath: 'handoff', nowMs, internal: { notice: 'handoff' as const, taskId, salesRepId: repId },
  };
  expect(await acts.sendEmail(notice)).toEqual({ status: 'sent' });
  const [mail] = await listOutbox(outboxDir);
  const text = (await readOutboxMessage(outboxDir, mail!.file)).text as string;
  expect(text).toContain('Ben Boss: clicked (pricing) via tracked_link');
  expect(text).toContain('Ann Lee: sent "intro" (engage)');
  expect(text).not.toMatch(/^\s+\S+ (email_sent|clicked)(: \w+)?$/m);
});

it('names the part of the MQA rule that held', async () => {
  const asked = await handOff((await accountWithHistory('inquired', true)).id);
  expect(asked.evidence.why).toBe('the MQA rule of journey j holds: an inquiry was seen');
  const engaged = await handOff((await accountWithHistory('engaged', false)).id);
  expect(engaged.evidence.why).toBe(
    'the MQA rule of journey j holds: engagement score 41 (at least 30), 2 roles engaged: champion, decision_maker (at least 2), decision_maker engaged',
  );
});

it("counts a programme event's registration and attendance as engagement, in words, as the score does", async () => {
  const account = await fresh.db.account.create({
    data: {
      domain: 'came.example', name: 'came', tier: 2, poolStatus: 'target', ownerId: repId,
      contacts: { create: [{ email: 'raj@came.example', firstName: 'Raj', lastName: 'Rao', role: 'champion' }] },
    },
    include: { contacts: true },
  });
  const raj = account.contacts[0]!;
  const eventKey = 'exec-roundtable-2027';
  await fresh.db.touch.createMany({
    data: [
      { accountId: account.id, contactId: raj.id, type: 'event_registered', detail: { eventKey, tag: eventKey }, at: at(48) },
      { accountId: account.id, contactId: raj.id, type: 'event_attended', detail: { eventKey, tag: eventKey, file: 'export.csv' }, at: at(2) },
    ],
  });
  const { evidence } = await handOff(account.id);
  expect(evidence.engagedContacts).toEqual([{ contactId: raj.id, name: 'Raj Rao', role: 'champion', did: [`attended ${eventKey}`, `registered for ${eventKey}`] }]);
  expect(evidence.gaps).not.toContain('champion not engaged');
  expect(evidence.nextAction).toMatch(/^reach out to Raj Rao \(champion\) and ask who else decides/);
});
