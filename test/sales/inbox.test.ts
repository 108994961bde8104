// A rep's inbox through every door, on a real database file, HTTP server and SMTP sink (no
// Temporal: nothing here acts on a workflow): what they can act on comes first, queued tasks are set
// apart and say when they arrive, times are on the rep's clock with the zone named (CLI, console,
// email), and the next action follows the task's status.
import { salesNoticeRequest } from '../../domain/sales/notice-request';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { createApiKey } from '../../use-cases/api-keys';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import type { HttpServer } from '../../http/server';
import { listOutbox, readOutboxMessage } from '../../mail/outbox';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';
import { createMailTransport } from '../../mail/transport';
import { runCli } from '../support/cli';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { useFreshDb } from '../support/fresh-db';

const SECRET = 'inbox-test-secret-0123456789';
const suggestion = 'answer the inquiry of Ada Boss within a day';
// 10:00 UTC is 15:30 in India (UTC+5:30, no summer time).
const dueLocal = 'Tue 8 Dec 2026, 15:30 Asia/Kolkata (UTC+5:30)';
const arrival = /arrives from (\w{3} \d{1,2} \w{3} \d{4}), 00:01 Asia\/Kolkata \(UTC\+5:30\) at the earliest/;

const t = useFreshDb();
let env: Record<string, string>;
let server: HttpServer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  const rep = await t.db.salesRep.create({ data: { email: 'priya@harpoon.example', name: 'Priya Rep', timezone: 'Asia/Kolkata', dailyCapacity: 1 } });
  const tasks = [
    { domain: 'queued-low.example', status: 'queued', priority: 3080, dueAt: null },
    { domain: 'accepted.example', status: 'accepted', priority: 2050, dueAt: new Date('2026-12-02T10:00:00Z') },
    { domain: 'due.example', status: 'created', priority: 2050, dueAt: new Date('2026-12-08T10:00:00Z') },
    { domain: 'queued-high.example', status: 'queued', priority: 1010, dueAt: null },
  ];
  for (const [i, s] of tasks.entries()) {
    const account = await t.db.account.create({ data: { domain: s.domain, name: s.domain, tier: 2, poolStatus: 'target', ownerId: rep.id, timezone: 'Europe/Berlin' } });
    ids[s.domain] = `handoff/${account.id}/1`;
    await t.db.salesTask.create({
      data: {
        id: ids[s.domain]!,
        accountId: account.id,
        seq: 1,
        openAccountId: account.id,
        ownerId: rep.id,
        journeyWorkflowId: `journey/x/${account.id}`,
        status: s.status,
        trigger: 'mqa',
        slaDays: 2,
        priority: s.priority,
        dueAt: s.dueAt,
        createdAt: new Date(Date.parse('2026-12-01T08:00:00Z') + i * 60_000),
        evidence: { why: 'the MQA rule of journey x holds', score: 31, scoreBreakdown: {}, engagedContacts: [], recent: [], gaps: [], nextAction: suggestion },
      },
    });
  }
  server = await startDoorsWithoutTemporal(t.db, SECRET);
});
afterAll(async () => {
  await server?.stop();
});

/** Positions of the four tasks' domains in a text, in inbox order. */
const order = (text: string) => ['due.example', 'accepted.example', 'queued-high.example', 'queued-low.example'].map((d) => text.indexOf(d));
const ascending = (xs: number[]) => xs.every((x, i) => x >= 0 && (i === 0 || x > xs[i - 1]!));

describe('the CLI', () => {
  it('lists what the rep can act on first, soonest due first on their clock, and the queued tasks apart with when they arrive', async () => {
    const inbox = await runCli(['sales', 'inbox', '--owner', 'priya@harpoon.example'], env);
    expect(inbox.code, inbox.stderr).toBe(0);
    expect(ascending(order(inbox.stdout))).toBe(true);
    const [actionable, queued] = inbox.stdout.split(/^Queued/m);
    expect(queued).toBeDefined();
    expect(actionable).toContain(`due ${dueLocal}`);
    expect(actionable).not.toMatch(/UTC\)?\s*$/m);
    const arrivals = [...queued!.matchAll(new RegExp(arrival, 'g'))].map((m) => m[1]!);
    expect(arrivals).toHaveLength(2);
    // One handoff a day: the second in line arrives a day after the first.
    expect(Date.parse(arrivals[1]!) - Date.parse(arrivals[0]!)).toBe(86_400_000);
    // The accepted task's next action is no longer the handoff's "answer the inquiry".
    const acceptedNext = actionable!.split('\n').find((l, i, all) => all[i - 1]?.includes('accepted.example'));
    expect(acceptedNext).toMatch(/next: work the account/);
  });

  it('gives scripts the same order, the zone, and each queued task its place and arrival', async () => {
    const inbox = JSON.parse((await runCli(['sales', 'inbox', '--owner', 'priya@harpoon.example', '--json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(inbox.map((x) => x.id)).toEqual([ids['due.example'], ids['accepted.example'], ids['queued-high.example'], ids['queued-low.example']]);
    expect(inbox.every((x) => x.timeZone === 'Asia/Kolkata')).toBe(true);
    expect(inbox.map((x) => (x.queue as { place: number } | null)?.place ?? null)).toEqual([null, null, 1, 2]);
    expect(typeof (inbox[2]!.queue as { arrivesFrom: string }).arrivesFrom).toBe('string');
  });

  it("shows a task's times on the rep's clock and a next action that follows its status", async () => {
    const due = await runCli(['sales', 'show', 'due.example'], env);
    expect(due.stdout).toContain(`answer due ${dueLocal}`);
    expect(due.stdout).toContain(`next action: ${suggestion}`);
    const accepted = await runCli(['sales', 'show', 'accepted.example'], env);
    expect(accepted.stdout).not.toContain('answer the inquiry');
    expect(accepted.stdout).toMatch(/next action: work the account/);
    const queued = await runCli(['sales', 'show', 'queued-high.example'], env);
    expect(queued.stdout).toMatch(arrival);
  });
});

describe('the console', () => {
  let cookie = '';
  beforeAll(async () => {
    const key = await createApiKey(t.db, { name: 'priya console', role: 'sales', repEmail: 'priya@harpoon.example' });
    const res = await fetch(`${server.url}/console/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: key.secret }).toString(),
    });
    cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  });
  const page = async (p: string) => (await fetch(`${server.url}${p}`, { headers: { cookie } })).text();

  it('lists what the rep can act on first, due on their clock, and the queued tasks apart with when they arrive', async () => {
    const inbox = await page('/console/inbox');
    expect(ascending(order(inbox))).toBe(true);
    expect(inbox).toContain(`due ${dueLocal}`);
    expect(inbox).not.toContain(' UTC</time>');
    const queued = inbox.slice(inbox.indexOf('id="queued"'));
    expect(queued).toMatch(/Queued/);
    expect([...queued.matchAll(new RegExp(arrival, 'g'))]).toHaveLength(2);
  });

  it("shows the task's next action by its status", async () => {
    const accepted = await page(`/console/tasks/${encodeURIComponent(ids['accepted.example']!)}`);
    expect(accepted).not.toContain('answer the inquiry');
    expect(accepted).toMatch(/next action:<\/b> work the account/i);
    const due = await page(`/console/tasks/${encodeURIComponent(ids['due.example']!)}`);
    expect(due).toContain(`due ${dueLocal}`);
  });
});

describe('the emails', () => {
  let sink: SmtpSink;
  let outboxDir: string;
  beforeAll(async () => {
    outboxDir = mkdtempSync(path.join(os.tmpdir(), 'harpoon-inbox-mail-'));
    sink = await startSmtpSink({ port: 0, outboxDir });
  });
  afterAll(() => sink?.stop());

  it("say when the answer is due on the rep's clock", async () => {
    const transport = createMailTransport(sink.url);
    try {
      const { sendEmail } = createActivities({
        db: t.db,
        mailer: { transport, from: 'm@harpoon.test', publicUrl: 'http://127.0.0.1:9', secret: 'test-secret-0123456789abcdef', policy: defaultContactPolicy },
      });
      const rep = await t.db.salesRep.findUniqueOrThrow({ where: { email: 'priya@harpoon.example' } });
      const taskId = ids['due.example']!;
      const account = await t.db.salesTask.findUniqueOrThrow({ where: { id: taskId } });
      for (const notice of ['handoff', 'reminder'] as const) {
        const result = await sendEmail({ ...salesNoticeRequest(taskId, account.accountId, notice, rep.id), nowMs: Date.parse('2026-12-04T10:00:00Z') });
        expect(result).toEqual({ status: 'sent' });
      }
      const mails = await listOutbox(outboxDir);
      const texts = await Promise.all(mails.map(async (m) => (await readOutboxMessage(outboxDir, m.file)).text ?? ''));
      expect(texts).toHaveLength(2);
      for (const text of texts) {
        expect(text).toContain(dueLocal);
        expect(text).not.toContain('2026-12-08T10:00:00.000Z');
      }
    } finally {
      transport.close();
    }
  });
});
