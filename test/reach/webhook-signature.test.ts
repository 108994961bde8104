// Harpoon-Signature as a receiver checks it, with the exported verifier.
import { expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../reach/webhook-signature';

const secret = 'whsec_test';
const body = '{"id":"t1.won","type":"won"}';
const now = Date.parse('2026-12-06T10:00:00Z');

it('accepts the body as signed, within the tolerance', () => {
  expect(verifyWebhookSignature(secret, signWebhook(secret, body, now), body, now + 60_000)).toEqual({ ok: true });
});

it('refuses a tampered body', () => {
  expect(verifyWebhookSignature(secret, signWebhook(secret, body, now), body.replace('won', 'lost'), now)).toEqual({ ok: false, reason: 'mismatch' });
});

it('refuses a signature older than the tolerance (a replayed capture)', () => {
  expect(verifyWebhookSignature(secret, signWebhook(secret, body, now), body, now + 5 * 60_000 + 1_000)).toEqual({ ok: false, reason: 'too_old' });
  expect(verifyWebhookSignature(secret, signWebhook(secret, body, now), body, now + 10 * 60_000, 15 * 60_000)).toEqual({ ok: true });
});

it('refuses another secret, and a header that is not a signature', () => {
  expect(verifyWebhookSignature('whsec_other', signWebhook(secret, body, now), body, now)).toEqual({ ok: false, reason: 'mismatch' });
  expect(verifyWebhookSignature(secret, undefined, body, now)).toEqual({ ok: false, reason: 'malformed' });
  expect(verifyWebhookSignature(secret, 't=abc,v1=00', body, now)).toEqual({ ok: false, reason: 'malformed' });
});

it('signs "<t>.<body>" with HMAC-SHA256, as the README tells receivers', async () => {
  const { createHmac } = await import('node:crypto');
  const t = Math.floor(now / 1000);
  expect(signWebhook(secret, body, now)).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
});
