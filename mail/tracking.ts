// Signed tokens for the links inside an email (open pixel, click redirect, unsubscribe). The token is
// the only authority the HTTP server has: it names the send, and for a click the destination, so
// nobody can forge an unsubscribe or turn /t/click into an open redirect. Anyone can read a token
// (it is signed, not encrypted), so it carries no internal ID: only an opaque reference to the send
// (the hash inside its Message-ID), which the server resolves against its own records.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// register / decline: an event invitation's answers (http/registration.ts); their tag is the event key.
const kind = z.enum(['open', 'click', 'unsubscribe', 'register', 'decline']);
const destination = z.url({ protocol: /^https?$/ }).optional();
const tag = z.string().min(1).optional();

/** What a genuine token says, whatever its version. */
export type TrackingPayload = {
  kind: z.infer<typeof kind>;
  /** The opaque reference of the send (see sendRefFor). */
  send: string;
  url?: string;
  tag?: string;
};

/** The opaque reference of a send: the hash its Message-ID is made of (mail/compose.ts). */
export function sendRefFor(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
}

const TOKEN_VERSION = 2;
const v2Schema = z.strictObject({ v: z.literal(TOKEN_VERSION), kind, send: z.string().regex(/^[0-9a-f]{32}$/), url: destination, tag });
// Links stay in inboxes for years: version 1 tokens (which spelled out the send key and the
// account, contact and workflow IDs) still verify, and are read as a reference to the same send.
const v1Schema = z.object({
  v: z.literal(1),
  kind,
  sendKey: z.string().min(1),
  accountId: z.string().min(1),
  contactId: z.string().min(1),
  workflowId: z.string().min(1),
  url: destination,
  tag,
});

function signature(encodedPayload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(encodedPayload).digest();
}

export function signToken(payload: TrackingPayload, secret: string): string {
  // Field by field, so nothing but these ever ends up readable in a link.
  const { kind: k, send, url, tag: t } = payload;
  const wire = { v: TOKEN_VERSION, kind: k, send, ...(url === undefined ? {} : { url }), ...(t === undefined ? {} : { tag: t }) };
  const encoded = Buffer.from(JSON.stringify(wire)).toString('base64url');
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
  const v2 = v2Schema.safeParse(json);
  if (v2.success) {
    const { v: _version, ...payload } = v2.data;
    return payload;
  }
  const v1 = v1Schema.safeParse(json);
  if (!v1.success) return null;
  const { kind: k, sendKey, url, tag: t } = v1.data;
  return { kind: k, send: sendRefFor(sendKey), ...(url ? { url } : {}), ...(t ? { tag: t } : {}) };
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
