import { createHmac } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageIdFor } from '../../mail/compose';
import { sendRefFor, signToken, trackingSecret, verifyToken, type TrackingPayload } from '../../mail/tracking';
import { SECRET, tempDir } from './support';

const sendKey = 'journey/pricing-push/acc_7f3k2/engage/pricing#1|con_9xq1';
const click: TrackingPayload = {
  kind: 'click',
  send: sendRefFor(sendKey),
  url: 'https://demo.harpoon.example/pricing?ref=mail&x=1',
  tag: 'pricing',
};
const decoded = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;

// Made by the version-1 signer (before tokens became opaque) with SECRET, for send key
// "journey/intro/acc_1/engage/intro#1/con_1": links like these sit in inboxes for years.
const V1_SEND_KEY = 'journey/intro/acc_1/engage/intro#1/con_1';
const V1_CLICK =
  'eyJ2IjoxLCJzZW5kS2V5Ijoiam91cm5leS9pbnRyby9hY2NfMS9lbmdhZ2UvaW50cm8jMS9jb25fMSIsImFjY291bnRJZCI6ImFjY18xIiwiY29udGFjdElkIjoiY29uXzEiLCJ3b3JrZmxvd0lkIjoiam91cm5leS9pbnRyby9hY2NfMSIsImtpbmQiOiJjbGljayIsInVybCI6Imh0dHBzOi8vZGVtby5oYXJwb29uLmV4YW1wbGUvcHJpY2luZyIsInRhZyI6InByaWNpbmcifQ.PjDEgUerg1TdmLS0neHEyzVBbkM-bZz83BuQ6_J2RjE';
const V1_OPEN =
  'eyJ2IjoxLCJzZW5kS2V5Ijoiam91cm5leS9pbnRyby9hY2NfMS9lbmdhZ2UvaW50cm8jMS9jb25fMSIsImFjY291bnRJZCI6ImFjY18xIiwiY29udGFjdElkIjoiY29uXzEiLCJ3b3JrZmxvd0lkIjoiam91cm5leS9pbnRyby9hY2NfMSIsImtpbmQiOiJvcGVuIn0.f0MYSdvZH8M1QqFrl_MCg0siEhiY5lb9L-oMUGzO3LE';
const V1_UNSUBSCRIBE =
  'eyJ2IjoxLCJzZW5kS2V5Ijoiam91cm5leS9pbnRyby9hY2NfMS9lbmdhZ2UvaW50cm8jMS9jb25fMSIsImFjY291bnRJZCI6ImFjY18xIiwiY29udGFjdElkIjoiY29uXzEiLCJ3b3JrZmxvd0lkIjoiam91cm5leS9pbnRyby9hY2NfMSIsImtpbmQiOiJ1bnN1YnNjcmliZSJ9.AfV8ZPPwlpbJ84Fslja4fgMe3O6yX-P-CgZXvdLEPdU';

describe('tracking tokens', () => {
  it('round-trips a payload through a URL-safe token', () => {
    const token = signToken(click, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyToken(token, SECRET)).toEqual(click);
    const open: TrackingPayload = { kind: 'open', send: click.send };
    expect(verifyToken(signToken(open, SECRET), SECRET)).toEqual(open);
  });

  it('names the send only by the hash its Message-ID is made of, and no internal ID', () => {
    expect(messageIdFor(sendKey)).toBe(`<${click.send}@harpoon>`);
    const body = decoded(signToken(click, SECRET));
    expect(body).toEqual({ v: 2, kind: 'click', send: click.send, url: click.url, tag: 'pricing' });
    const readable = JSON.stringify(body);
    for (const id of ['acc_7f3k2', 'con_9xq1', 'journey/pricing-push', sendKey]) expect(readable).not.toContain(id);
    // Extra fields handed to the signer never reach the link.
    const leaky = { ...click, accountId: 'acc_7f3k2', contactId: 'con_9xq1' } as TrackingPayload;
    expect(JSON.stringify(decoded(signToken(leaky, SECRET)))).not.toMatch(/acc_7f3k2|con_9xq1/);
  });

  it('still verifies version-1 tokens from old emails, as a reference to the same send', () => {
    const send = sendRefFor(V1_SEND_KEY);
    expect(verifyToken(V1_CLICK, SECRET)).toEqual({ kind: 'click', send, url: 'https://demo.harpoon.example/pricing', tag: 'pricing' });
    expect(verifyToken(V1_OPEN, SECRET)).toEqual({ kind: 'open', send });
    expect(verifyToken(V1_UNSUBSCRIBE, SECRET)).toEqual({ kind: 'unsubscribe', send });
    expect(verifyToken(V1_CLICK, 'another-secret-entirely')).toBeNull();
  });

  it('rejects a token signed with another secret', () => {
    expect(verifyToken(signToken(click, SECRET), 'another-secret-entirely')).toBeNull();
  });

  it('rejects a payload altered to point somewhere else or at another send, keeping the old signature', () => {
    for (const token of [signToken(click, SECRET), V1_CLICK]) {
      const [, sig] = token.split('.');
      for (const change of [{ url: 'https://evil.example/' }, { send: sendRefFor('another send') }, { sendKey: 'another send' }]) {
        const forged = Buffer.from(JSON.stringify({ ...decoded(token), ...change })).toString('base64url');
        expect(verifyToken(`${forged}.${sig}`, SECRET)).toBeNull();
      }
    }
  });

  it('rejects flipped, truncated and malformed tokens', () => {
    const token = signToken(click, SECRET);
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    expect(verifyToken(flip(token, 5), SECRET)).toBeNull();
    expect(verifyToken(flip(token, token.length - 3), SECRET)).toBeNull();
    expect(verifyToken(token.slice(0, -2), SECRET)).toBeNull();
    for (const junk of ['', '.', 'abc', 'a.b.c', `${token}.x`]) expect(verifyToken(junk, SECRET)).toBeNull();
  });

  it('rejects a correctly signed payload that is not a tracking payload', () => {
    const signed = (body: unknown) => {
      const encoded = Buffer.from(JSON.stringify(body)).toString('base64url');
      return `${encoded}.${createHmac('sha256', SECRET).update(encoded).digest('base64url')}`;
    };
    for (const body of [
      { v: 2, kind: 'click', send: click.send, url: 'javascript:alert(1)' },
      { v: 2, kind: 'click', send: 'journey/acme|con_1', url: click.url },
      { v: 2, kind: 'open', send: click.send, accountId: 'acc_1' },
      { v: 3, kind: 'open', send: click.send },
      { v: 1, kind: 'click', url: 'javascript:alert(1)' },
    ]) {
      expect(verifyToken(signed(body), SECRET), JSON.stringify(body)).toBeNull();
    }
  });
});

describe('trackingSecret', () => {
  it('prefers the configured secret', () => {
    expect(trackingSecret('configured-secret-123456', tempDir('secret'))).toBe('configured-secret-123456');
  });

  it('creates a secret once, private to the owner, and keeps it across restarts', () => {
    const dataDir = path.join(tempDir('secret'), 'nested');
    const first = trackingSecret(undefined, dataDir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(dataDir, 'tracking-secret')).mode & 0o777).toBe(0o600);
    expect(trackingSecret(undefined, dataDir)).toBe(first);
  });

  it('refuses an unusable secret file rather than signing with it', () => {
    const dataDir = tempDir('secret');
    writeFileSync(path.join(dataDir, 'tracking-secret'), 'short\n');
    expect(() => trackingSecret(undefined, dataDir)).toThrow(/no usable secret/);
  });
});
