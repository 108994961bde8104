// What an answer means for a reach delivery: delivered, retried (when), or refused for good.
import { expect, it } from 'vitest';
import { outcomeOf, retryAfterMs } from '../../reach/http-attempt';

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
