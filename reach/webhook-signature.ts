// Harpoon-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">, keyed with the
// subscription's secret. The timestamp is signed too, so a captured request cannot be replayed
// after the tolerance (5 minutes by default) however valid its body.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'Harpoon-Signature';
export const eventIdHeader = 'Harpoon-Event-Id';
export const defaultToleranceMs = 5 * 60_000;

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

const hmac = (secret: string, t: number, rawBody: string) => createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');

export function signWebhook(secret: string, rawBody: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${hmac(secret, t, rawBody)}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'too_old' | 'mismatch' };

/** What a receiver runs on each request: the raw body as received, before any JSON parsing. */
export function verifyWebhookSignature(secret: string, header: string | undefined, rawBody: string, nowMs: number, toleranceMs = defaultToleranceMs): SignatureCheck {
  const parts = new Map((header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowMs - t * 1000) > toleranceMs) return { ok: false, reason: 'too_old' };
  const same = timingSafeEqual(Buffer.from(v1, 'hex'), Buffer.from(hmac(secret, t, rawBody), 'hex'));
  return same ? { ok: true } : { ok: false, reason: 'mismatch' };
}
