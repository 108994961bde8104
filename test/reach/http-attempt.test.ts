// What an answer means for a reach delivery: delivered, retried (when), or refused for good; and
// what a failed attempt records, against a real local receiver.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { attempt, outcomeOf, retryAfterMs } from '../../reach/http-attempt';

const now = Date.parse('2026-12-06T10:00:00Z');
const answer = (retryAfter: string | null = null) => ({ retryAfter, snippet: '' });

it('delivers on 2xx, retries 5xx, 408 and 429, and refuses any other 4xx or a redirect', () => {
  expect(outcomeOf(204, answer(), now).kind).toBe('delivered');
  for (const status of [500, 502, 503, 408, 429]) expect(outcomeOf(status, answer(), now).kind).toBe('retry');
  for (const status of [400, 401, 404, 410, 422]) expect(outcomeOf(status, answer(), now).kind).toBe('refused');
  expect(outcomeOf(301, answer(), now)).toMatchObject({ kind: 'refused', error: 'answered 301 (a redirect: register the final URL)' });
});

it('honours Retry-After in seconds or as a date, within an hour', () => {
  expect(outcomeOf(429, answer('30'), now)).toMatchObject({ kind: 'retry', retryAfterMs: 30_000 });
  expect(retryAfterMs(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
  expect(retryAfterMs('86400', now)).toBe(3_600_000);
  expect(retryAfterMs('soon', now)).toBeUndefined();
  expect(retryAfterMs(null, now)).toBeUndefined();
});

it('says a request the receiver took but did not answer in time was sent, apart from a receiver it could not reach; both are retried', async () => {
  const received: string[] = [];
  const slow = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(body);
      setTimeout(() => res.end('ok'), 2_000).unref();
    });
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  const { port } = slow.address() as AddressInfo;
  try {
    const outcome = await attempt({ url: `http://127.0.0.1:${port}/hook`, headers: { 'content-type': 'application/json' }, body: '{"id":"e1"}' }, 300);
    expect(outcome).toEqual({ kind: 'retry', status: null, error: `sent, but no answer within 0.3 s from 127.0.0.1:${port}` });
    expect(received).toEqual(['{"id":"e1"}']);
  } finally {
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
  }
  // Nobody listens there any more: the request never left.
  const closed = await attempt({ url: `http://127.0.0.1:${port}/hook`, headers: {}, body: '{}' }, 300);
  expect(closed).toEqual({ kind: 'retry', status: null, error: `could not reach 127.0.0.1:${port}: ECONNREFUSED` });
});
