// Opens, clicks and unsubscribes through the real tracking server, from the links of emails a
// journey really sent, recorded in a real database and signalled to the journey on the
// time-skipping server. The tracking server runs on the journeys' clock, so "ten minutes later"
// costs no wall time.
import { createHmac } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startJourneyDispatcher, type JourneyDispatcher } from '../../client/journey-dispatcher';
import { createEngagementHistoryActivities } from '../../activities/engagement-history';
import { trackingHandlers, type TrackingRules } from '../../engagement/tracked-hits';
import { startHttpServer, type HttpServer } from '../../http/server';
import { readOutboxMessage } from '../../mail/outbox';
import { sendRefFor, signToken, verifyToken } from '../../mail/tracking';
import { accountTimeline } from '../../timeline/account-timeline';
import { statusQuery, type JourneyView } from '../../workflows/journey-api';
import { createJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { until } from '../support/until';

// What the harness's worker signs links with and puts in front of them.
const SECRET = 'test-secret-0123456789abcdef';
const HARNESS_PUBLIC_URL = 'http://127.0.0.1:9';

const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const SCANNER = 'Mozilla/5.0 (compatible; Barracuda Sentinel URL scanner)';
// Wide enough that "right after delivery" stays inside it on a busy machine.
const rules: TrackingRules = { machineWindowMs: 5 * 60_000, countMachine: false };

let h: JourneyHarness;
let journeyVersion: number;
/** How far the journeys' clock (the time-skipping server's) runs ahead of this machine's. */
let skewMs = 0;
const servers: HttpServer[] = [];
const logged: string[] = [];

async function startTracking(trackingRules: TrackingRules): Promise<HttpServer> {
  const server = await startHttpServer({
    port: 0,
    secret: SECRET,
    ...trackingHandlers(h.db, () => dispatcher.kick(), trackingRules),
    now: () => new Date(Date.now() + skewMs),
    log: (line) => logged.push(line),
  });
  servers.push(server);
  return server;
}

let tracking: HttpServer;
let dispatcher: JourneyDispatcher;
beforeAll(async () => {
  h = await createJourneyHarness();
  dispatcher = startJourneyDispatcher({ db: h.db, client: h.env.client, taskQueue: h.taskQueue, log: (line) => logged.push(line) });
  journeyVersion = (
    await h.publish({
      key: 'tracked',
      name: 'Tracked',
      policy: { quietHours: { start: '00:00', end: '00:00', weekends: false } },
      triggers: [{ on: { type: 'clicked', tag: 'pricing' }, then: { goto: 'convert' } }],
      stages: [
        {
          key: 'engage',
          steps: [
            { id: 'pricing', type: 'email', template: 'pricing-guide', audience: { roles: ['champion'] } },
            { id: 'long', type: 'wait', duration: '60d' },
          ],
        },
        { key: 'convert', steps: [{ id: 'follow-up', type: 'wait', duration: '1d' }] },
      ],
    })
  ).version;
  tracking = await startTracking(rules);
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await dispatcher?.stop();
  await h?.teardown();
});
afterEach(() => {
  // Nothing failed quietly behind a pixel or a redirect.
  expect(logged).toEqual([]);
});

async function syncClock() {
  skewMs = (await h.env.currentTimeMs()) - Date.now();
}

/** Time passes for the journeys and for the tracking server alike. */
async function later(duration: string) {
  await h.env.sleep(duration);
  await syncClock();
}

let accounts = 0;

/** A journey that has just emailed its champion, and the links of that email as the champion got them. */
async function journeyThatEmailed() {
  const domain = `tracked-${++accounts}.example`;
  const account = await h.account({ domain, contacts: [{ email: `champ@${domain}`, role: 'champion' }] });
  const run = await h.start('tracked', journeyVersion, account.id);
  const send = await until('the email to be delivered', async () => (await h.sends(account.id)).find((s) => s.status === 'sent'));
  await syncClock();
  const mail = await readOutboxMessage(h.outboxDir, send.messageId);
  const html = (mail.html as string).replaceAll('&amp;', '&');
  const links = [...html.matchAll(/(?:href|src)="([^"]+)"/g)]
    .map((m) => m[1]!)
    .filter((url) => url.startsWith(HARNESS_PUBLIC_URL))
    .map((url) => `${tracking.url}${url.slice(HARNESS_PUBLIC_URL.length)}`);
  const tokenOf = (link: string) => verifyToken(new URL(link).searchParams.get('t') ?? link.split('/u/')[1]!, SECRET);
  return {
    account,
    contact: account.contacts[0]!,
    run,
    send,
    pixel: links.find((l) => l.includes('/t/open?'))!,
    pricing: links.find((l) => l.includes('/t/click?') && tokenOf(l)?.tag === 'pricing')!,
    unsubscribe: links.find((l) => l.includes('/u/'))!,
  };
}

const hit = (url: string, userAgent: string | undefined, method = 'GET') =>
  fetch(url, { method, redirect: 'manual', headers: userAgent ? { 'User-Agent': userAgent } : {} });

const touches = (contactId: string, type: string) => h.db.touch.findMany({ where: { contactId, type }, orderBy: { at: 'asc' } });

/** Engagement signals the journey actually received, from its history. */
async function signalsTo(run: WorkflowHandle): Promise<number> {
  // Deliveries go through the outbox: wait until the dispatcher has handed over everything queued.
  for (let waited = 0; (await h.db.journeyDelivery.count({ where: { deliveredAt: null } })) > 0; waited += 50) {
    if (waited > 30_000) throw new Error('the outbox did not drain');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The outbox's own record of each delivery: if the history disagrees with it, say what the outbox
  // did (nothing queued, delivered, or taken for an ended journey) instead of a bare count (a count
  // of 0 that does not throw means the outbox queued nothing for the journey).
  const rows = await h.db.journeyDelivery.findMany({ where: { workflowId: run.workflowId, kind: 'engagement' }, select: { eventId: true, outcome: true, attempts: true, lastError: true } });
  const delivered = rows.filter((r) => r.outcome === 'delivered').length;
  // A signal that arrives while one of the journey's workflow tasks is in flight is held by the
  // server and written to the history only when that task completes, so a history read at once can
  // lack a signal the server has accepted (twice in CI, on a busy machine): read until it shows.
  let signalled = 0;
  for (const started = Date.now(); Date.now() - started < 15_000; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const history = await run.fetchHistory();
    signalled = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'engagement').length;
    if (signalled === delivered) return signalled;
  }
  throw new Error(`${run.workflowId}: ${signalled} engagement signal(s) in its history, but the outbox says ${JSON.stringify(rows)}`);
}

describe('opens', () => {
  it('counts 20 identical opens of one email as one open, and tells the journey once', async () => {
    const j = await journeyThatEmailed();
    await later('10 minutes');

    const answers = await Promise.all(Array.from({ length: 20 }, () => hit(j.pixel, BROWSER)));
    expect(answers.map((r) => [r.status, r.headers.get('content-type')])).toEqual(Array(20).fill([200, 'image/gif']));
    await later('1 hour');
    expect((await hit(j.pixel, BROWSER)).status).toBe(200);

    const opens = await touches(j.contact.id, 'opened');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.detail).toMatchObject({ source: 'email', sendKey: j.send.idempotencyKey, userAgent: BROWSER });
    expect(opens[0]!.detail).not.toHaveProperty('machine');
    expect(await signalsTo(j.run)).toBe(1);
  });

  it('keeps a HEAD and a prefetch right after delivery as one machine open, apart from the person who opens later', async () => {
    const j = await journeyThatEmailed();
    const head = await hit(j.pixel, BROWSER, 'HEAD');
    expect([head.status, head.headers.get('content-type'), (await head.arrayBuffer()).byteLength]).toEqual([200, 'image/gif', 0]);
    expect((await hit(j.pixel, BROWSER)).status).toBe(200);
    expect((await hit(j.pixel, undefined)).status).toBe(200);

    let opens = await touches(j.contact.id, 'opened');
    expect(opens.map((t) => t.detail)).toEqual([expect.objectContaining({ machine: true, machineReason: expect.stringMatching(/^HEAD request/), counted: false })]);
    expect(await signalsTo(j.run)).toBe(0);

    await later('10 minutes');
    expect((await hit(j.pixel, BROWSER)).status).toBe(200);
    opens = await touches(j.contact.id, 'opened');
    expect(opens.map((t) => (t.detail as { machine?: boolean }).machine ?? false)).toEqual([true, false]);
    expect(await signalsTo(j.run)).toBe(1);
  });
});

describe('clicks', () => {
  it("keeps a scanner's click seconds after delivery off the journey; a person's click later moves it to convert", async () => {
    const j = await journeyThatEmailed();
    const scanned = await hit(j.pricing, SCANNER);
    expect([scanned.status, scanned.headers.get('location')]).toEqual([302, 'https://demo.harpoon.example/pricing']);
    // A browser-like prefetch in the same seconds is a machine too, and the same machine hit.
    expect((await hit(j.pricing, BROWSER)).status).toBe(302);

    const machineClicks = await touches(j.contact.id, 'clicked');
    expect(machineClicks).toHaveLength(1);
    expect(machineClicks[0]!.detail).toMatchObject({
      tag: 'pricing',
      url: 'https://demo.harpoon.example/pricing',
      machine: true,
      machineReason: 'user agent of a security scanner (Barracuda)',
      counted: false,
    });
    expect(await signalsTo(j.run)).toBe(0);
    expect(await j.run.query(statusQuery)).toMatchObject({ stage: 'engage', engagement: { score: 0 } });
    const row = (await accountTimeline(h.db, j.account.id)).find((r) => r.type === 'clicked')!;
    expect(row.summary).toBe(
      'clicked (pricing) https://demo.harpoon.example/pricing via email [machine: user agent of a security scanner (Barracuda); not counted]',
    );

    await later('10 minutes');
    const clickedAt = Date.now() + skewMs;
    expect((await hit(j.pricing, BROWSER)).status).toBe(302);
    expect((await hit(j.pricing, BROWSER)).status).toBe(302);
    expect(await signalsTo(j.run)).toBe(1);
    const view: JourneyView = await j.run.result();
    expect(view.stage).toBe('convert');
    expect(view.timeline.filter((t) => t.text.startsWith('clicked')).map((t) => t.text)).toEqual([`clicked (pricing) by contact ${j.contact.id}`]);
    const change = await h.db.touch.findFirstOrThrow({ where: { accountId: j.account.id, type: 'stage_changed' } });
    expect(change.detail).toMatchObject({ from: 'engage', to: 'convert', why: 'trigger: clicked (pricing)' });
    expect(change.at.getTime()).toBeGreaterThanOrEqual(clickedAt);

    // A journey started later for this account learns of the person's click, not the scanner's.
    const { loadEngagementHistory } = createEngagementHistoryActivities(h.db);
    const history = await loadEngagementHistory({ accountId: j.account.id, untilMs: await h.env.currentTimeMs() });
    expect(history.map((e) => [e.type, e.tag])).toEqual([['clicked', 'pricing']]);
    expect(history[0]!.eventId).not.toMatch(/machine/);
  });

  it('lets machine clicks count when TRACKING_COUNT_MACHINE says so, still marked as machine', async () => {
    const counting = await startTracking({ ...rules, countMachine: true });
    const j = await journeyThatEmailed();
    const link = j.pricing.replace(tracking.url, counting.url);
    expect((await hit(link, SCANNER)).status).toBe(302);

    const [click] = await touches(j.contact.id, 'clicked');
    expect(click!.detail).toMatchObject({ machine: true, counted: true });
    expect(await signalsTo(j.run)).toBe(1);
    expect((await j.run.result()).stage).toBe('convert');
  });
});

describe('unsubscribes', () => {
  it('honours the first one-click POST; replays answer the same and add no touch and no signal', async () => {
    const j = await journeyThatEmailed();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(j.unsubscribe, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('You are unsubscribed');
    }
    expect(await touches(j.contact.id, 'unsubscribed')).toHaveLength(1);
    expect((await h.db.contact.findUniqueOrThrow({ where: { id: j.contact.id } })).consent).toBe('unsubscribed');
    expect(await signalsTo(j.run)).toBe(1);
  });
});

describe('links from old emails and unknown sends', () => {
  /** A link as version 1 wrote it, with the IDs spelled out (the format emails sent before carry). */
  function versionOneToken(payload: Record<string, unknown>): string {
    const encoded = Buffer.from(JSON.stringify({ v: 1, ...payload })).toString('base64url');
    return `${encoded}.${createHmac('sha256', SECRET).update(encoded).digest('base64url')}`;
  }

  it('records a version-1 click for the send it names', async () => {
    const j = await journeyThatEmailed();
    const token = versionOneToken({
      kind: 'click',
      sendKey: j.send.idempotencyKey,
      accountId: j.account.id,
      contactId: j.contact.id,
      workflowId: j.run.workflowId,
      url: 'https://demo.harpoon.example/case-study',
      tag: 'case-study',
    });
    await later('10 minutes');
    const res = await hit(`${tracking.url}/t/click?t=${token}`, BROWSER);
    expect([res.status, res.headers.get('location')]).toEqual([302, 'https://demo.harpoon.example/case-study']);
    const [click] = await touches(j.contact.id, 'clicked');
    expect(click).toMatchObject({ accountId: j.account.id, detail: expect.objectContaining({ tag: 'case-study', sendKey: j.send.idempotencyKey }) });
    expect(await signalsTo(j.run)).toBe(1);
  });

  it('records nothing for a genuine token whose send it has no record of, and treats the link as invalid', async () => {
    const send = sendRefFor('journey/deleted|engage/intro#1|con_gone');
    const before = await h.db.touch.count();
    const pixel = await hit(`${tracking.url}/t/open?t=${signToken({ kind: 'open', send }, SECRET)}`, BROWSER);
    expect([pixel.status, pixel.headers.get('content-type')]).toEqual([200, 'image/gif']);
    const click = await hit(`${tracking.url}/t/click?t=${signToken({ kind: 'click', send, url: 'https://demo.harpoon.example/' }, SECRET)}`, BROWSER);
    expect([click.status, click.headers.get('location')]).toEqual([400, null]);
    const page = await hit(`${tracking.url}/u/${signToken({ kind: 'unsubscribe', send }, SECRET)}`, BROWSER);
    expect([page.status, await page.text()]).toEqual([400, expect.stringContaining('This link is not valid')]);
    expect(await h.db.touch.count()).toBe(before);
  });
});
