// A real server on a loopback port, driven with fetch.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpServer, type EventOutcome, type HttpServer, type TrackedEvent } from '../../http/server';
import { sendRefFor, signToken, type TrackingPayload } from '../../mail/tracking';

const SECRET = 'http-test-secret-long-enough';
const send = sendRefFor('journey/acme|engage/intro#1|con_1');
const token = (p: Pick<TrackingPayload, 'kind' | 'url' | 'tag'>, ref = send) => signToken({ send: ref, ...p }, SECRET);
const tamper = (t: string) => `${t.slice(0, 10)}${t[10] === 'A' ? 'B' : 'A'}${t.slice(11)}`;

const openToken = token({ kind: 'open' });
const clickToken = token({ kind: 'click', url: 'https://demo.harpoon.example/pricing?from=mail', tag: 'pricing' });
const unsubscribeToken = token({ kind: 'unsubscribe' });

// A send the caller has no record of (say, its account was deleted).
const forgotten = sendRefFor('journey/gone|engage/intro#1|con_2');

let server: HttpServer;
let events: TrackedEvent[];

beforeAll(async () => {
  server = await startHttpServer({
    port: 0,
    secret: SECRET,
    onEvent: async (e): Promise<EventOutcome> => {
      if (e.payload.send === forgotten) return 'unknown_send';
      events.push(e);
      return 'recorded';
    },
    knowsSend: async (ref) => ref !== forgotten,
  });
});
afterAll(() => server?.stop());
beforeEach(() => {
  events = [];
});

const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: { 'User-Agent': 'vitest-mail-client' } });
/** The status and the named headers of a response, to compare in one go. */
const head = (res: Response, ...names: string[]) => ({ status: res.status, ...Object.fromEntries(names.map((n) => [n, res.headers.get(n)])) });
const postOneClick = (path: string, base = server.url) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });

describe('GET /t/open', () => {
  it('returns an uncacheable transparent GIF and records the open', async () => {
    const res = await get(`/t/open?t=${openToken}`);
    expect(head(res, 'content-type', 'cache-control')).toEqual({ status: 200, 'content-type': 'image/gif', 'cache-control': expect.stringContaining('no-store') });
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 6).toString()).toBe('GIF89a');
    expect(events).toEqual([
      {
        type: 'opened',
        payload: { kind: 'open', send },
        method: 'GET',
        at: expect.any(Date),
        userAgent: 'vitest-mail-client',
        ip: expect.stringMatching(/127\.0\.0\.1/),
      },
    ]);
  });

  it('answers HEAD like GET without a body, and reports the method so the caller can tell a machine', async () => {
    const res = await fetch(`${server.url}/t/open?t=${openToken}`, { method: 'HEAD' });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/gif']);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
    expect(events.map((e) => [e.type, e.method])).toEqual([['opened', 'HEAD']]);
  });

  it('still returns the GIF for a bad, missing or wrong-kind token, but records nothing', async () => {
    for (const path of [`/t/open?t=${tamper(openToken)}`, '/t/open', `/t/open?t=${clickToken}`]) {
      const res = await get(path);
      expect(head(res, 'content-type')).toEqual({ status: 200, 'content-type': 'image/gif' });
    }
    expect(events).toEqual([]);
  });

  it('returns the GIF for a genuine token of a send the caller does not know', async () => {
    const res = await get(`/t/open?t=${token({ kind: 'open' }, forgotten)}`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/gif']);
    expect(events).toEqual([]);
  });
});

describe('GET /t/click', () => {
  it('redirects to the URL inside a valid token and records the click with its tag', async () => {
    const res = await get(`/t/click?t=${clickToken}`);
    expect(head(res, 'location', 'referrer-policy')).toEqual({ status: 302, location: 'https://demo.harpoon.example/pricing?from=mail', 'referrer-policy': 'no-referrer' });
    expect(events.map((e) => [e.type, e.method, e.payload.tag, e.payload.url])).toEqual([
      ['clicked', 'GET', 'pricing', 'https://demo.harpoon.example/pricing?from=mail'],
    ]);
  });

  it('answers HEAD with the same redirect and no body', async () => {
    const res = await fetch(`${server.url}/t/click?t=${clickToken}`, { method: 'HEAD', redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([302, 'https://demo.harpoon.example/pricing?from=mail']);
    expect(events.map((e) => [e.type, e.method])).toEqual([['clicked', 'HEAD']]);
  });

  it('treats a genuine token of a send the caller does not know as an invalid link', async () => {
    const res = await get(`/t/click?t=${token({ kind: 'click', url: 'https://demo.harpoon.example/pricing' }, forgotten)}`);
    expect(head(res, 'location')).toEqual({ status: 400, location: null });
    expect(await res.text()).toContain('This link is not valid');
  });

  it('never redirects on a tampered, missing or wrong-kind token', async () => {
    for (const path of [`/t/click?t=${tamper(clickToken)}`, '/t/click', '/t/click?t=', `/t/click?t=${openToken}`, '/t/click?url=https://evil.example/']) {
      const res = await get(path);
      expect(head(res, 'location')).toEqual({ status: 400, location: null });
      expect(await res.text()).toContain('This link is not valid');
    }
    expect(events).toEqual([]);
  });
});

describe('/u/<token>', () => {
  it('GET shows a confirmation page with a POST form, and does not unsubscribe', async () => {
    const res = await get(`/u/${unsubscribeToken}`);
    expect(head(res, 'content-type')).toEqual({ status: 200, 'content-type': expect.stringContaining('text/html') });
    const page = await res.text();
    expect(page).toContain('<form method="post">');
    expect(page).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(events).toEqual([]);
  });

  it('POST with the RFC 8058 body unsubscribes, and answers the same when repeated', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await postOneClick(`/u/${unsubscribeToken}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('You are unsubscribed');
    }
    expect(events.map((e) => [e.type, e.method, e.payload.send])).toEqual([
      ['unsubscribed', 'POST', send],
      ['unsubscribed', 'POST', send],
    ]);
  });

  it('shows the invalid-link page, on GET and POST, for a send the caller does not know', async () => {
    const t = token({ kind: 'unsubscribe' }, forgotten);
    for (const res of [await get(`/u/${t}`), await postOneClick(`/u/${t}`)]) {
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This link is not valid');
    }
    expect(events).toEqual([]);
  });

  it('rejects a tampered or wrong-kind token on GET and POST', async () => {
    for (const t of [tamper(unsubscribeToken), clickToken]) {
      expect((await get(`/u/${t}`)).status).toBe(400);
      expect((await postOneClick(`/u/${t}`)).status).toBe(400);
    }
    expect(events).toEqual([]);
  });
});

describe('everything else', () => {
  it('answers /healthz, 404 for unknown paths and 405 for wrong methods', async () => {
    const health = await get('/healthz');
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
    expect((await get('/nothing-here')).status).toBe(404);
    expect((await get('/u/')).status).toBe(404);
    const wrong = await postOneClick('/t/open');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('when recording fails', () => {
  it('still serves the pixel and the redirect, logs the error, and answers POST /u with 500 so the user can retry', async () => {
    const logged: string[] = [];
    const failing = await startHttpServer({
      port: 0,
      secret: SECRET,
      onEvent: async () => {
        throw new Error('database is locked');
      },
      log: (line) => logged.push(line),
    });
    try {
      const pixel = await fetch(`${failing.url}/t/open?t=${openToken}`);
      expect([pixel.status, pixel.headers.get('content-type')]).toEqual([200, 'image/gif']);
      const click = await fetch(`${failing.url}/t/click?t=${clickToken}`, { redirect: 'manual' });
      expect([click.status, click.headers.get('location')]).toEqual([302, 'https://demo.harpoon.example/pricing?from=mail']);
      const unsubscribe = await postOneClick(`/u/${unsubscribeToken}`, failing.url);
      expect(unsubscribe.status).toBe(500);
      expect(await unsubscribe.text()).toContain('try again');
      expect(logged).toHaveLength(3);
      expect(logged.every((line) => line.includes('database is locked'))).toBe(true);
    } finally {
      await failing.stop();
    }
  });
});
