// The whole system on real parts, as `npm start` runs it: Temporal dev server, worker, SMTP sink on
// loopback, tracking/unsubscribe HTTP server and a database file. 20 sample accounts run a journey
// with short waits; what the SMTP server received is parsed and checked.
import '../support/quiet-runtime';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedSampleData } from '../../accounts/seed-sample-data';
import { runHarpoon } from '../../app/harpoon';
import { loadConfig, projectRoot, type Config } from '../../config/env';
import { createDb, type Db } from '../../db/client';
import { messageIdFor } from '../../mail/compose';
import { sendRefFor, trackingSecret, verifyToken } from '../../mail/tracking';
import { connectClient } from '../../temporal/connection';
import { statusQuery } from '../../workflows/journey-api';
import { runCli } from '../support/cli';
import { freePort } from '../support/free-port';
import { noQuietHours, writeJourneyYaml } from '../support/journey-yaml';
import { testTmpDir } from '../support/paths';
import type { Client } from '@temporalio/client';
import { until } from '../support/until';

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

let cfg: Config;
let env: Record<string, string>;
let db: Db;
let client: Client;
let harpoon: { stop(): Promise<void> };
let failedOnce: string | undefined;
let crashedBefore: string | undefined;

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(testTmpDir(), 'journeys-'));
  env = {
    HARPOON_DATA_DIR: dataDir,
    HARPOON_SEED: 'false',
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    HTTP_PORT: String(await freePort()),
    SMTP_SINK_PORT: String(await freePort()),
    TEMPORAL_ADDRESS: '',
    DATABASE_URL: '',
    SMTP_URL: '',
    // The clicks below come seconds after delivery; with the default window they would count as a
    // scanner's prefetch (test/http/tracked-engagement.test.ts covers that rule).
    TRACKING_MACHINE_WINDOW: '0',
  };
  cfg = loadConfig({ ...process.env, ...env });
  harpoon = await runHarpoon(cfg, {
    log: () => {},
    faults: {
      // One send crashes before the message goes out: the retry must deliver it, once.
      beforeHandoff: (key) => {
        if (crashedBefore === undefined) {
          crashedBefore = key;
          throw new Error('injected crash before SMTP hand-off');
        }
      },
      // Another crashes right after the SMTP server accepted it; the retry must not resend.
      afterHandoff: (key) => {
        if (key === crashedBefore) return;
        if (failedOnce === undefined) {
          failedOnce = key;
          throw new Error('injected crash after SMTP hand-off');
        }
      },
    },
  });
  db = await createDb(cfg.databaseUrl);
  client = await connectClient(cfg);
  await seedSampleData(db);
});
afterAll(async () => {
  await client?.connection.close();
  await db?.$disconnect();
  await harpoon?.stop();
});

async function outbox(): Promise<ParsedMail[]> {
  const dir = cfg.smtp.outboxDir;
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  return Promise.all(files.map((f) => simpleParser(readFileSync(path.join(dir, f)))));
}

/** A header as sent, unfolded (long headers are folded over several lines on the wire). */
const headerLine = (mail: ParsedMail, key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n\s+/g, ' ');
// mailparser groups the List-* headers under "list"
const unsubscribeUrl = (mail: ParsedMail) => (mail.headers.get('list') as { unsubscribe: { url: string } }).unsubscribe.url;
const addressOf = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0]!.address!;

it('sends role-specific, tracked email to 20 accounts exactly once, and honours an unsubscribe at once', async () => {
  const journeyFile = writeJourneyYaml(cfg.dataDir, {
    key: 'e2e',
    name: 'End to end',
    policy: `${noQuietHours}, perContact: { minGapHours: 0 }`,
    steps: [
      '{ id: intro, type: email, template: intro, audience: { roles: [champion, problem_owner] } }',
      '{ id: pause, type: wait, duration: 1h }',
      '{ id: case, type: email, template: case-study, audience: { roles: [champion] } }',
    ],
  });
  expect((await runCli(['journeys', 'validate', journeyFile], env)).stdout).toContain('valid journey "e2e"');
  // A file that is not YAML at all: --json still answers JSON, the syntax error as the file's one problem.
  const broken = await runCli(['journeys', 'validate', path.join(projectRoot, 'test', 'journey', 'fixtures', 'broken-syntax.yaml'), '--json'], env);
  expect([broken.code, JSON.parse(broken.stdout)]).toEqual([1, { ok: false, problems: [{ path: '', message: expect.stringMatching(/^line 6, column 1: not valid YAML: /) }] }]);
  expect((await runCli(['journeys', 'publish', journeyFile], env)).stdout).toContain('published e2e version 1');

  const accounts = await db.account.findMany({
    where: { poolStatus: 'target', contacts: { some: { role: 'champion', consent: 'subscribed' } } },
    include: { contacts: true },
    orderBy: { domain: 'asc' },
    take: 20,
  });
  expect(accounts).toHaveLength(20);
  const listFile = path.join(cfg.dataDir, 'accounts.txt');
  // The first account twice: once as a URL, as people paste them from a browser. Started once.
  writeFileSync(listFile, `domain\nhttps://www.${accounts[0]!.domain}/\n${accounts.map((a) => a.domain).join('\n')}\n`);
  const launch = await runCli(['journeys', 'launch', 'e2e', '--accounts', listFile], env);
  expect(launch.stderr).toBe('');
  expect(launch.stdout).toContain('e2e v1: 20 started, 0 already running, 0 not eligible');

  const reachable = (roles: string[]) =>
    accounts.flatMap((a) => a.contacts.filter((c) => roles.includes(c.role) && c.consent === 'subscribed'));
  const introRecipients = reachable(['champion', 'problem_owner']);
  await until('every intro to be delivered', async () => (await outbox()).length >= introRecipients.length);
  await until('every journey to wait', async () =>
    (await db.emailSend.count({ where: { stepPath: { startsWith: 'engage/intro' }, status: { in: ['sent', 'unconfirmed', 'skipped'] } } })) >=
    accounts.flatMap((a) => a.contacts.filter((c) => ['champion', 'problem_owner'].includes(c.role))).length,
  );

  // Exactly once, even for the sends whose activity crashed before or after the SMTP hand-off;
  // the one whose acceptance was never recorded says so instead of claiming it was sent.
  const intros = await outbox();
  expect(intros).toHaveLength(introRecipients.length);
  expect(failedOnce).toBeDefined();
  expect(crashedBefore).toBeDefined();
  expect(intros.filter((m) => m.messageId === messageIdFor(failedOnce!))).toHaveLength(1);
  expect(intros.filter((m) => m.messageId === messageIdFor(crashedBefore!))).toHaveLength(1);
  expect(await db.emailSend.findUniqueOrThrow({ where: { idempotencyKey: failedOnce! } })).toMatchObject({ status: 'unconfirmed' });
  expect(await db.emailSend.findUniqueOrThrow({ where: { idempotencyKey: crashedBefore! } })).toMatchObject({ status: 'sent' });

  // Every message: both parts, one-click unsubscribe headers, Message-ID from the idempotency key,
  // every link tracked with a valid token that leads back to the original address, and nothing a
  // recipient can read (headers, links, what the tokens decode to) naming an internal ID.
  const secret = trackingSecret(cfg.http.trackingSecret, cfg.dataDir);
  const decoded = (token: string) => Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8');
  for (const mail of intros) {
    expect(mail.text).toBeTruthy();
    expect(mail.html).toBeTruthy();
    const send = await db.emailSend.findUniqueOrThrow({ where: { messageId: mail.messageId! } });
    expect(mail.messageId).toBe(messageIdFor(send.idempotencyKey));
    const sendRef = sendRefFor(send.idempotencyKey);
    const internalIds = [send.idempotencyKey, send.workflowId, send.accountId, send.contactId];
    const headers = mail.headerLines.map((h) => h.line).join('\n');
    for (const id of internalIds) expect(headers).not.toContain(id);
    const tokens = [...`${mail.html}\n${mail.text}`.matchAll(/\/(?:t\/(?:open|click)\?t=|u\/)([\w-]+\.[\w-]+)/g)].map((m) => m[1]!);
    expect(tokens.length).toBeGreaterThan(2);
    for (const token of tokens) {
      expect(verifyToken(token, secret)?.send).toBe(sendRef);
      for (const id of internalIds) expect(decoded(token)).not.toContain(id);
    }
    expect(headerLine(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const unsubscribe = unsubscribeUrl(mail);
    expect(headerLine(mail, 'list-unsubscribe')).toBe(`List-Unsubscribe: <${unsubscribe}>`);
    expect(verifyToken(unsubscribe.split('/u/')[1]!, secret)).toEqual({ kind: 'unsubscribe', send: sendRef });
    const clicks = [...(mail.html as string).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(clicks.length).toBeGreaterThan(0);
    for (const link of clicks.filter((l) => !l.includes('/u/'))) {
      expect(link).toContain(`${cfg.http.publicUrl}/t/click?t=`);
      expect(verifyToken(new URL(link).searchParams.get('t')!, secret)).toMatchObject({ kind: 'click', send: sendRef });
    }
  }

  // A leader and a user of the same account read different content blocks.
  const contactOf = new Map(accounts.flatMap((a) => a.contacts).map((c) => [c.email, c]));
  const bodies = intros.map((m) => ({ contact: contactOf.get(addressOf(m))!, text: m.text! }));
  const exec = bodies.find((b) => b.contact.seniority === 'executive');
  const nonExec = bodies.find((b) => b.contact.seniority !== 'executive' && b.contact.role !== 'champion');
  if (exec && nonExec) expect(exec.text).not.toBe(nonExec.text.replaceAll(nonExec.contact.firstName ?? '', exec.contact.firstName ?? ''));

  // A champion follows the one-click unsubscribe and clicks a link in the same email.
  const leaver = intros.find((m) => contactOf.get(addressOf(m))?.role === 'champion')!;
  const leaverContact = contactOf.get(addressOf(leaver))!;
  const oneClick = await fetch(unsubscribeUrl(leaver), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(oneClick.status).toBe(200);
  expect((await db.contact.findUniqueOrThrow({ where: { id: leaverContact.id } })).consent).toBe('unsubscribed');
  const trackedLink = [...(leaver.html as string).matchAll(/href="([^"]+\/t\/click[^"]+)"/g)][0]![1]!.replaceAll('&amp;', '&');
  const click = await fetch(trackedLink, { redirect: 'manual', headers: { 'User-Agent': BROWSER } });
  expect(click.status).toBe(302);
  expect(verifyToken(new URL(trackedLink).searchParams.get('t')!, secret)!.url).toBe(click.headers.get('location'));
  expect(await db.touch.count({ where: { contactId: leaverContact.id, type: { in: ['unsubscribed', 'clicked'] } } })).toBe(2);
  // ...and the account's running journey heard both at once.
  const leaverJourney = client.workflow.getHandle(`journey/e2e/${leaverContact.accountId}`);
  const heard = await until('the journey to receive the click', async () => {
    const view = await leaverJourney.query(statusQuery);
    return view.timeline.some((t) => t.text.startsWith('clicked')) ? view : undefined;
  });
  expect(heard.timeline.map((t) => t.text)).toContain(`unsubscribed by contact ${leaverContact.id}`);
  expect(heard.engagement.byContact[leaverContact.id]).toBeGreaterThan(0);

  // Operators skip the hour-long wait on every journey (an Update, answered by each workflow).
  // Each once it waits, as an operator sees it: a journey that has just entered the step may not have
  // started its timer yet (its step records run first), and a skip is refused until it has.
  for (const account of accounts) {
    const handle = client.workflow.getHandle(`journey/e2e/${account.id}`);
    await until('the journey to wait in its pause step', async () => {
      const view = await handle.query(statusQuery);
      return view.step?.id === 'pause' && view.nextWakeAtMs ? view : undefined;
    });
    expect(await handle.executeUpdate('skipWait', { args: [] })).toEqual({ skipped: 'pause' });
  }
  await until('every journey to complete', async () => (await db.journeyRun.count({ where: { journeyKey: 'e2e', status: 'completed' } })) === 20);

  const all = await outbox();
  const champions = reachable(['champion']);
  expect(all).toHaveLength(introRecipients.length + champions.length - 1);
  expect(all.filter((m) => addressOf(m) === leaverContact.email)).toHaveLength(1);
  const skipped = await db.emailSend.findFirstOrThrow({ where: { contactId: leaverContact.id, templateKey: 'case-study' } });
  expect(skipped).toMatchObject({ status: 'skipped', skipReason: 'consent:unsubscribed' });

  // The account's timeline tells why that email was not sent.
  const account = accounts.find((a) => a.id === leaverContact.accountId)!;
  const timeline = await runCli(['accounts', 'timeline', account.domain, '--json'], env);
  expect(timeline.code, timeline.stderr).toBe(0);
  expect(timeline.stdout).toContain('consent:unsubscribed');

  // Admins find the journeys by stage in visibility.
  const listed = await until('visibility to index the journeys', async () => {
    const found = [];
    for await (const wf of client.workflow.list({ query: 'JourneyName = "e2e" AND JourneyStage = "engage"' })) found.push(wf);
    return found.length === 20 ? found : undefined;
  });
  expect(listed).toHaveLength(20);
});
