// A small JSON payload signed with HMAC-SHA256 for one purpose (a key derived per purpose, so a
// console session can never pass for a task link or the other way round), with an expiry. Signed,
// not encrypted: payloads carry IDs only.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';

const keyFor = (secret: string, purpose: string) => createHmac('sha256', secret).update(`harpoon:${purpose}`).digest();
const mac = (key: Buffer, encoded: string) => createHmac('sha256', key).update(encoded).digest();

export function signPayload(payload: object, secret: string, purpose: string, expiresAtMs: number): string {
  const encoded = Buffer.from(JSON.stringify({ ...payload, exp: Math.floor(expiresAtMs / 1000) })).toString('base64url');
  return `${encoded}.${mac(keyFor(secret, purpose), encoded).toString('base64url')}`;
}

/** The payload, or why not: a forged, altered or malformed value, or one past its expiry. */
export function verifyPayload<S extends z.ZodType>(
  value: string,
  schema: S,
  secret: string,
  purpose: string,
  nowMs = Date.now(),
): { ok: true; payload: z.infer<S> } | { ok: false; why: 'invalid' | 'expired' } {
  const [encoded, sig, ...rest] = value.split('.');
  if (!encoded || !sig || rest.length > 0) return { ok: false, why: 'invalid' };
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(keyFor(secret, purpose), encoded);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'invalid' };
  let json: { exp?: unknown };
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, why: 'invalid' };
  }
  if (typeof json.exp !== 'number') return { ok: false, why: 'invalid' };
  if (json.exp * 1000 <= nowMs) return { ok: false, why: 'expired' };
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, why: 'invalid' };
}
