// The headers that keep Harpoon's pages from being framed, sniffed or leaking their tokens through
// Referer, read off real answers of the real server: console pages, a signed-link page, the
// not-found page and the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApi } from '../../api/api';
import { registerConsole } from '../../console/console';
import { trackingHandlers } from '../../engagement/tracked-hits';
import { startHttpServer, type HttpServer } from '../../http/server';
import { useFreshDb } from '../support/fresh-db';

const SECRET = 'headers-test-secret-0123456789';
const fresh = useFreshDb();
let server: HttpServer;

beforeAll(async () => {
  const temporal = () => Promise.reject(new Error('not in this test'));
  server = await startHttpServer({
    port: 0,
    secret: SECRET,
    ...trackingHandlers(fresh.db, undefined, { machineWindowMs: 0, countMachine: false }),
    log: () => {},
    signedLinks: [{ method: 'GET', url: '/r/:token', handler: async () => ({ status: 200, html: '<p>You are registered</p>' }) }],
    routes: async (app) => {
      await registerApi(app, { db: fresh.db, temporal, taskQueue: 'headers' });
      await registerConsole(app, { db: fresh.db, temporal, taskQueue: 'headers', secret: SECRET, temporalUi: { url: 'http://localhost:8233', namespace: 'default' } });
    },
  });
});
afterAll(() => server?.stop());

const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

const expectNoFramingSniffingOrReferer = (res: Response) => {
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
};

describe('security headers', () => {
  it('console pages: a policy that runs only the console\'s own scripts and styles, never inline code, and no framing', async () => {
    const res = await get('/console/sign-in');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expectNoFramingSniffingOrReferer(res);
    // The page itself holds no inline script the policy would block.
    const scripts = (await res.text()).match(/<script[^>]*>/g) ?? [];
    expect(scripts.filter((tag) => !/\bsrc=|type="application\/json"/.test(tag))).toEqual([]);
  });

  it('a console page asked for without a session sends to the sign-in page and passes no Referer on', async () => {
    const res = await get('/console/dashboard.csv');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/sign-in');
    expectNoFramingSniffingOrReferer(res);
  });

  it('pages behind signed links pass no Referer, so the token in their URL goes nowhere', async () => {
    for (const path of ['/r/some-token', '/u/not-a-real-token', '/c/not-a-real-token']) {
      const res = await get(path);
      expectNoFramingSniffingOrReferer(res);
      if (res.headers.get('content-type')?.startsWith('text/html')) expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('the not-found page and API answers carry them too', async () => {
    const page = await get('/no/such/page');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expectNoFramingSniffingOrReferer(page);
    const api = await get('/v1/accounts');
    expect(api.status).toBe(401);
    expectNoFramingSniffingOrReferer(api);
  });
});
