// Signed tokens for the links inside an email (open pixel, click redirect, unsubscribe). The token is
// the only authority the HTTP server has: it names the send and the contact, and for a click the
// destination, so nobody can forge an unsubscribe or turn /t/click into an open redirect.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const trackingPayloadSchema = z.object({
  kind: z.enum(['open', 'click', 'unsubscribe']),
  sendKey: z.string().min(1),
  accountId: z.string().min(1),
  contactId: z.string().min(1),
  workflowId: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }).optional(),
  tag: z.string().min(1).optional(),
});

export type TrackingPayload = z.infer<typeof trackingPayloadSchema>;

// Links stay in inboxes for years: the version lets a later format keep decoding old ones.
const TOKEN_VERSION = 1;
const wireSchema = trackingPayloadSchema.extend({ v: z.literal(TOKEN_VERSION) });

function signature(encodedPayload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(encodedPayload).digest();
}

export function signToken(payload: TrackingPayload, secret: string): string {
  const encoded = Buffer.from(JSON.stringify({ v: TOKEN_VERSION, ...payload })).toString('base64url');
  return `${encoded}.${signature(encoded, secret).toString('base64url')}`;
}

/** The payload of a genuine token; null for anything forged, altered, truncated or malformed. */
export function verifyToken(token: string, secret: string): TrackingPayload | null {
  const [encoded, sig, ...rest] = token.split('.');
  if (!encoded || !sig || rest.length > 0) return null;
  const given = Buffer.from(sig, 'base64url');
  const expected = signature(encoded, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = wireSchema.safeParse(json);
  if (!parsed.success) return null;
  const { v: _version, ...payload } = parsed.data;
  return payload;
}

/**
 * The configured secret, or one generated on first use and kept in the data dir: a secret that
 * changed on every restart would break every link already sent.
 */
export function trackingSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'tracking-secret');
  mkdirSync(dataDir, { recursive: true });
  // Written aside, then linked into place: link() fails when the file exists, so two processes
  // starting together agree on one secret and neither ever reads a half-written file.
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, randomBytes(32).toString('base64url'), { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(draft, { force: true });
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 16) throw new Error(`${file} holds no usable secret: delete it to have a new one made`);
  return secret;
}
